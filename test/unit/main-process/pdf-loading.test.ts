/**
 * The renderer's one loading path for records (renderer/viewer/pdf-loading.ts): pdf.js gets the
 * bytes and a fetch-based factory, never a URL, so which scheme the page runs under (workbench://
 * in the app, http in the browser harness) cannot change the code pdf.js runs. Checked here with
 * the real pdf.js on a real record, the app's assets served from a loopback server.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../../main/pdf/render-pdf';
import { AppBinaryDataFactory, DocumentOpenError, fetchRecordBytes, pdfDocumentOptions } from '../../../renderer/viewer/pdf-loading';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const ASSETS = path.join(ROOT, 'node_modules', 'pdfjs-dist');
const requested: string[] = [];
const recordDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-pdf-loading-'));
const recordFile = path.join(recordDir, 'times-record.pdf');
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
    requested.push(pathname);
    const file = pathname.startsWith('/pdfjs/') ? path.join(ASSETS, pathname.slice('/pdfjs/'.length)) : path.join(recordDir, path.basename(pathname));
    fs.readFile(file, (err, body) => {
      res.writeHead(err ? 404 : 200).end(err ? 'Not found' : body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(recordDir, { recursive: true, force: true });
});

describe('how a record reaches pdf.js', () => {
  it('gives pdf.js the bytes, worker fetches off and the app factory: no URL whose scheme it could test', () => {
    const data = new Uint8Array([1, 2, 3]);
    const options = pdfDocumentOptions(data, 'workbench://app/pdfjs/');
    expect(options).not.toHaveProperty('url');
    expect(options).toMatchObject({ data, useWorkerFetch: false, BinaryDataFactory: AppBinaryDataFactory, cMapPacked: true, enableXfa: false });
    expect(options.cMapUrl).toBe('workbench://app/pdfjs/cmaps/');
  });

  it('the factory fetches CMaps, fonts and wasm decoders from the app origin, byte for byte, and fails plainly', async () => {
    const factory = new AppBinaryDataFactory({ cMapUrl: `${base}/pdfjs/cmaps/`, standardFontDataUrl: `${base}/pdfjs/standard_fonts/`, wasmUrl: `${base}/pdfjs/wasm/` });
    const cases = [
      { kind: 'cMapUrl', filename: 'Adobe-Japan1-UCS2.bcmap', file: 'cmaps/Adobe-Japan1-UCS2.bcmap' },
      { kind: 'standardFontDataUrl', filename: 'LiberationSans-Regular.ttf', file: 'standard_fonts/LiberationSans-Regular.ttf' },
      { kind: 'wasmUrl', filename: 'openjpeg.wasm', file: 'wasm/openjpeg.wasm' },
    ] as const;
    for (const c of cases) {
      const bytes = await factory.fetch(c);
      expect(Buffer.from(bytes).equals(fs.readFileSync(path.join(ASSETS, c.file)))).toBe(true);
    }
    await expect(factory.fetch({ kind: 'cMapUrl', filename: 'No-Such.bcmap' })).rejects.toThrow('pdf.js could not load No-Such.bcmap (404).');
    await expect(new AppBinaryDataFactory({}).fetch({ kind: 'wasmUrl', filename: 'x.wasm' })).rejects.toThrow('No wasmUrl');
  });

  it('a record that is not there is "missing", in words the reviewer reads', async () => {
    await expect(fetchRecordBytes(`${base}/docs/none.pdf`, 'MRI report')).rejects.toEqual(new DocumentOpenError('missing', '"MRI report" could not be loaded from the case folder.'));
    await expect(fetchRecordBytes('http://127.0.0.1:1/refused.pdf', 'MRI report')).rejects.toBeInstanceOf(DocumentOpenError);
  });

  it('real pdf.js opens a record this way and asks the factory, not the network stack, for its fonts', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // Times-Roman is one of the 14 standard fonts: not embedded, so pdf.js needs its font data.
    const record = await renderPdf({ content: 'Conservative care: physical therapy for six months.', defaultStyle: { font: 'Times' } });
    fs.writeFileSync(recordFile, record);
    requested.length = 0;
    const bytes = await fetchRecordBytes(`${base}/docs/${path.basename(recordFile)}`, 'progress note');
    const doc = await pdfjs.getDocument(pdfDocumentOptions(bytes, `${base}/pdfjs/`)).promise;
    const page = await doc.getPage(1);
    const text = await page.getTextContent();
    expect(text.items.map((i) => ('str' in i ? i.str : '')).join(' ')).toContain('physical therapy');
    // Under Node pdf.js renders no system fonts, so it needs the standard font data: through the factory.
    await page.getOperatorList();
    expect(requested[0]).toBe(`/docs/${path.basename(recordFile)}`);
    expect(requested.slice(1).length).toBeGreaterThan(0);
    expect(requested.slice(1).every((p) => p.startsWith('/pdfjs/standard_fonts/'))).toBe(true);
    await doc.loadingTask.destroy();
  });
});
