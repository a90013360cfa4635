/**
 * pdf.js as the workbench uses it: worker, fonts, cmaps and wasm bundled with the app (nothing
 * from a CDN), scripting and XFA off, no eval. Errors are turned into sentences for the reviewer.
 */
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { DocumentOpenError, fetchRecordBytes, pdfDocumentOptions } from './pdf-loading';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

const ASSETS = new URL('./pdfjs/', document.baseURI).toString();

export type { PDFDocumentProxy };
export { DocumentOpenError };

/** Opens a record or letter served by the app; the loading path is the same in the app and the tests (pdf-loading.ts). */
export async function openPdf(url: string, name: string): Promise<PDFDocumentProxy> {
  const task = pdfjs.getDocument(pdfDocumentOptions(await fetchRecordBytes(url, name), ASSETS));
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
