/**
 * pdf.js as the workbench uses it: worker, fonts, cmaps and wasm bundled with the app (nothing
 * from a CDN), scripting and XFA off, no eval. Errors are turned into sentences for the reviewer.
 */
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { PDFDocumentProxy } from 'pdfjs-dist';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

const ASSETS = new URL('./pdfjs/', document.baseURI).toString();

export type { PDFDocumentProxy };

export class DocumentOpenError extends Error {
  readonly kind: 'encrypted' | 'not-pdf' | 'corrupt' | 'missing' | 'empty';
  constructor(kind: DocumentOpenError['kind'], message: string) {
    super(message);
    this.kind = kind;
  }
}

export async function openPdf(url: string, name: string): Promise<PDFDocumentProxy> {
  const task = pdfjs.getDocument({
    url,
    cMapUrl: `${ASSETS}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${ASSETS}standard_fonts/`,
    wasmUrl: `${ASSETS}wasm/`,
    iccUrl: `${ASSETS}iccs/`,
    enableXfa: false,
    stopAtErrors: false,
  });
  try {
    const doc = await task.promise;
    if (doc.numPages === 0) throw new DocumentOpenError('empty', `"${name}" has no pages.`);
    return doc;
  } catch (e) {
    if (e instanceof DocumentOpenError) throw e;
    const n = (e as { name?: string }).name;
    if (n === 'PasswordException') {
      throw new DocumentOpenError('encrypted', `"${name}" is protected by a password. Ask the provider for an unprotected copy.`);
    }
    if (n === 'InvalidPDFException') {
      throw new DocumentOpenError('not-pdf', `"${name}" is not a readable PDF. The file may be damaged or of another type.`);
    }
    if (n === 'ResponseException' || n === 'MissingPDFException') {
      throw new DocumentOpenError('missing', `"${name}" could not be loaded from the case folder.`);
    }
    throw new DocumentOpenError('corrupt', `"${name}" could not be opened: ${(e as Error).message}`);
  }
}
