/**
 * The extracted text of a document, page by page, from the text layer or from OCR.
 * `text` is the items' strings joined with a newline wherever pdf.js marks an end of line
 * (see join-page-text.ts): marks' textStart/textEnd are offsets into it.
 */
export interface TextItem {
  str: string;
  /** Box in PDF user-space units of the unrotated page. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Offset of `str` in the page's text. */
  start: number;
  /** OCR word confidence, 0–100. */
  confidence?: number;
}

export interface PageText {
  page: number;
  text: string;
  items: TextItem[];
  width: number;
  height: number;
  rotation: number;
  viewBox?: number[];
  hasTextLayer: boolean;
  source: 'text-layer' | 'ocr';
  ocrConfidence?: number;
  /** Resolution the page image was recognized at: below the one asked for on a page too large to render whole. */
  ocrDpi?: number;
  /** OCR could not read it: an unreadable record means medical necessity cannot be established. */
  unreadable?: boolean;
  /** Why, in a sentence for the reviewer (too faint, a limit the page went over). */
  unreadableReason?: string;
}

export interface PageFailure {
  page: number;
  reason: string;
}

export interface DocumentText {
  formatVersion: number;
  sha256: string;
  numPages: number;
  pages: PageText[];
  failures: PageFailure[];
}
