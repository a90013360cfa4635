/**
 * How a record reaches pdf.js: one path, whatever the page's scheme.
 *
 * Left to itself, pdf.js chooses by the URL's scheme (`isValidFetchUrl`: http/https or not). Under
 * http (the browser test harness) it streams the record with fetch and its worker fetches CMaps,
 * fonts and wasm itself; under workbench:// (the app) it loads the record with XHR and asks the
 * main thread for those files. The e2e suite would then test loading paths the app never takes.
 * The harness cannot serve the app under workbench:// instead: outside Electron, Chromium has no way
 * to register a custom scheme (Playwright's routes only ever see http(s) requests; a workbench://
 * navigation is handed to the OS as an external protocol and aborts).
 *
 * So the app fixes the path itself: it fetches the record's bytes (workbench:// is registered with
 * `supportFetchAPI`) and hands pdf.js the data, with worker fetches off and its own fetch-based
 * factory for CMaps, standard fonts and wasm decoders. pdf.js never sees a URL, so its scheme
 * tests never run, and the harness and the app take the same code paths.
 */

export class DocumentOpenError extends Error {
  readonly kind: 'encrypted' | 'not-pdf' | 'corrupt' | 'missing' | 'empty';
  constructor(kind: DocumentOpenError['kind'], message: string) {
    super(message);
    this.kind = kind;
  }
}

type BinaryKind = 'cMapUrl' | 'standardFontDataUrl' | 'wasmUrl';

/**
 * pdf.js's `BinaryDataFactory` contract (`new F({ cMapUrl, standardFontDataUrl, wasmUrl })`, then
 * `fetch({ kind, filename })` → bytes), always over fetch() from the page's own origin.
 */
export class AppBinaryDataFactory {
  readonly cMapUrl: string | null;
  readonly standardFontDataUrl: string | null;
  readonly wasmUrl: string | null;
  constructor(urls: { cMapUrl?: string | null; standardFontDataUrl?: string | null; wasmUrl?: string | null }) {
    this.cMapUrl = urls.cMapUrl ?? null;
    this.standardFontDataUrl = urls.standardFontDataUrl ?? null;
    this.wasmUrl = urls.wasmUrl ?? null;
  }

  async fetch({ kind, filename }: { kind: BinaryKind; filename: string }): Promise<Uint8Array> {
    const base = this[kind];
    if (!base) throw new Error(`No ${kind} for pdf.js to load ${filename} from.`);
    const res = await fetch(`${base}${filename}`);
    if (!res.ok) throw new Error(`pdf.js could not load ${filename} (${res.status}).`);
    return new Uint8Array(await res.arrayBuffer());
  }
}

/** The record's bytes from the app's origin; a refusal or a network failure means it is missing. */
export async function fetchRecordBytes(url: string, name: string): Promise<Uint8Array> {
  const missing = () => new DocumentOpenError('missing', `"${name}" could not be loaded from the case folder.`);
  let res: Response;
  try {
    res = await fetch(url);
  } catch {
    throw missing();
  }
  if (!res.ok) throw missing();
  return new Uint8Array(await res.arrayBuffer());
}

/** The options for pdf.js's getDocument: the data, and every asset through the factory above. */
export function pdfDocumentOptions(data: Uint8Array, assetsBase: string) {
  return {
    data,
    useWorkerFetch: false,
    BinaryDataFactory: AppBinaryDataFactory,
    cMapUrl: `${assetsBase}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${assetsBase}standard_fonts/`,
    wasmUrl: `${assetsBase}wasm/`,
    iccUrl: `${assetsBase}iccs/`,
    enableXfa: false,
    stopAtErrors: false,
  };
}
