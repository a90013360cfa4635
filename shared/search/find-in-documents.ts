/**
 * Find a phrase across every document of a case, the reviewer's Ctrl+F over the whole
 * record. Pages are normalized once into a TextIndex (the slow part, done when text is
 * loaded); each search is then a plain scan of the normalized strings, which keeps a
 * 1,000-page record well under the 50 ms a keystroke can afford.
 */
import { isWordBoundary, normalizeText, normalizeWithMap, toRawRange, type NormalizedText } from '../text/normalize-text';

export interface SourceDocument {
  sha256: string;
  pages: readonly { page: number; text: string }[];
}

export interface IndexedPage {
  docSha256: string;
  page: number;
  text: string;
  norm: NormalizedText;
}

export interface TextIndex {
  pages: IndexedPage[];
}

export function buildTextIndex(docs: readonly SourceDocument[]): TextIndex {
  const pages: IndexedPage[] = [];
  for (const doc of docs) {
    for (const p of doc.pages) pages.push({ docSha256: doc.sha256, page: p.page, text: p.text, norm: normalizeWithMap(p.text) });
  }
  return { pages };
}

export interface FindHit {
  docSha256: string;
  page: number;
  /** Offsets in the page's raw text, ready to become a mark's textStart/textEnd. */
  textStart: number;
  textEnd: number;
  /** Context for the results list, whitespace collapsed. */
  before: string;
  match: string;
  after: string;
}

export interface PageHits {
  page: number;
  hits: FindHit[];
}

export interface DocumentHits {
  docSha256: string;
  pages: PageHits[];
}

export interface FindResult {
  total: number;
  /** True when maxHits cut the list short; `total` then counts only what was listed. */
  truncated: boolean;
  documents: DocumentHits[];
}

export interface FindOptions {
  maxHits?: number;
  contextChars?: number;
  wholeWords?: boolean;
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

/** Context cut at a word edge, so the results list never starts or ends mid-word. */
function contextBefore(text: string, at: number, n: number): string {
  const from = Math.max(0, at - n);
  const s = squash(text.slice(from, at));
  return (from > 0 ? s.replace(/^\S*\s/, '') : s).trimStart();
}

function contextAfter(text: string, at: number, n: number): string {
  const to = Math.min(text.length, at + n);
  const s = squash(text.slice(at, to));
  return (to < text.length ? s.replace(/\s\S*$/, '') : s).trimEnd();
}

export function findInDocuments(index: TextIndex, phrase: string, opts: FindOptions = {}): FindResult {
  const maxHits = opts.maxHits ?? 2000;
  const ctx = opts.contextChars ?? 40;
  const needle = normalizeText(phrase);
  const documents: DocumentHits[] = [];
  let total = 0;
  let truncated = false;
  if (needle.length === 0) return { total, truncated, documents };
  outer: for (const p of index.pages) {
    const hay = p.norm.text;
    let from = hay.indexOf(needle);
    let hits: FindHit[] | undefined;
    while (from >= 0) {
      const end = from + needle.length;
      if (!opts.wholeWords || (isWordBoundary(hay, from) && isWordBoundary(hay, end))) {
        if (total >= maxHits) {
          truncated = true;
          break outer;
        }
        const [textStart, textEnd] = toRawRange(p.norm, from, end);
        hits ??= addPage(documents, p);
        hits.push({
          docSha256: p.docSha256,
          page: p.page,
          textStart,
          textEnd,
          before: contextBefore(p.text, textStart, ctx),
          match: p.text.slice(textStart, textEnd),
          after: contextAfter(p.text, textEnd, ctx),
        });
        total++;
      }
      from = hay.indexOf(needle, from + 1);
    }
  }
  return { total, truncated, documents };
}

function addPage(documents: DocumentHits[], p: IndexedPage): FindHit[] {
  let doc = documents[documents.length - 1];
  if (!doc || doc.docSha256 !== p.docSha256) {
    doc = { docSha256: p.docSha256, pages: [] };
    documents.push(doc);
  }
  const page: PageHits = { page: p.page, hits: [] };
  doc.pages.push(page);
  return page.hits;
}
