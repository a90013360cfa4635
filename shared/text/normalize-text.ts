/**
 * Normalization shared by search, evidence suggestions and mark anchoring, so the same
 * passage matches whether it came from the text layer, OCR or a re-extraction: ligatures
 * unfolded (ﬁ → fi), typographic dashes and quotes made plain, line-end hyphenation joined
 * ("conserva-\ntive" → "conservative"), whitespace runs collapsed, case folded.
 *
 * Every normalized character keeps the offset of the raw character it came from, so a match
 * found in normalized text maps back to exact offsets in the page text the viewer highlights.
 */

export interface NormalizeOptions {
  /** Keep letter case (default false: matching is case-insensitive). */
  keepCase?: boolean;
  /** Drop whitespace entirely: survives re-extractions that split or join words differently. */
  dropSpaces?: boolean;
}

export interface NormalizedText {
  text: string;
  /** map[i] = raw offset of normalized char i; map[text.length] = raw length. */
  map: Uint32Array;
  raw: string;
}

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/;
const SINGLE_QUOTES = /[\u2018-\u201B\u2032\u0060\u00B4]/;
const DOUBLE_QUOTES = /[\u201C-\u201F\u2033]/;
/** Characters that vanish: soft hyphen, zero-width spaces and joiners, BOM. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/;
const SPACE = /\s/;

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/**
 * A hyphen at a line end after a letter is typesetting: before a lower-case letter it split
 * a word ("conserva-\ntive" → "conservative"); before anything else it joined a compound
 * ("L4-\nL5" → "l4-l5"). Returns how many raw chars the hyphen and break span, and
 * whether the hyphen itself is kept; 0 when it is an ordinary hyphen.
 */
function lineEndHyphen(raw: string, i: number): { span: number; keep: boolean } | undefined {
  if (!isWordChar(raw[i - 1])) return undefined;
  let j = i + 1;
  while (j < raw.length && (raw[j] === ' ' || raw[j] === '\t')) j++;
  if (raw[j] !== '\n' && raw[j] !== '\r') return undefined;
  while (j < raw.length && SPACE.test(raw[j]!)) j++;
  const next = raw[j];
  if (!isWordChar(next)) return undefined;
  return { span: j - i, keep: !/\p{Ll}/u.test(next!) };
}

function foldChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x80) return c;
  if (DASHES.test(c)) return '-';
  if (SINGLE_QUOTES.test(c)) return "'";
  if (DOUBLE_QUOTES.test(c)) return '"';
  return c.normalize('NFKC');
}

export function normalizeWithMap(raw: string, opts: NormalizeOptions = {}): NormalizedText {
  const lower = !opts.keepCase;
  let text = '';
  // Most record text is ASCII and maps 1:1; the buffer grows only for expanding ligatures.
  let map = new Uint32Array(raw.length + 1);
  let n = 0;
  let pendingSpace = -1;
  const emit = (piece: string, from: number) => {
    if (pendingSpace >= 0) {
      if (!opts.dropSpaces && n > 0) push(' ', pendingSpace);
      pendingSpace = -1;
    }
    push(piece, from);
  };
  const push = (piece: string, from: number) => {
    if (n + piece.length + 1 > map.length) {
      const bigger = new Uint32Array(Math.max(map.length * 2, n + piece.length + 1));
      bigger.set(map);
      map = bigger;
    }
    for (let p = 0; p < piece.length; p++) map[n++] = from;
    text += piece;
  };
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code < 0x80) {
      if (code === 32 || (code >= 9 && code <= 13)) {
        if (pendingSpace < 0) pendingSpace = i;
        continue;
      }
      if (code === 45 /* - */) {
        const h = lineEndHyphen(raw, i);
        if (h) {
          if (h.keep) emit('-', i);
          i += h.span - 1;
          continue;
        }
      }
      emit(lower && code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : raw[i]!, i);
      continue;
    }
    let c = raw[i]!;
    // Keep surrogate pairs together so NFKC sees whole code points.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < raw.length) c += raw[i + 1]!;
    const h = DASHES.test(c) ? lineEndHyphen(raw, i) : undefined;
    if (h) {
      if (h.keep) emit('-', i);
      i += h.span - 1;
      continue;
    }
    if (SPACE.test(c)) {
      if (pendingSpace < 0) pendingSpace = i;
    } else if (!INVISIBLE.test(c)) {
      let folded = foldChar(c);
      if (lower) folded = folded.toLowerCase();
      // NFKC of a few compatibility characters contains a space (e.g. "¨" → " ̈").
      for (const f of folded) {
        if (SPACE.test(f)) {
          if (pendingSpace < 0) pendingSpace = i;
        } else emit(f, i);
      }
    }
    if (c.length === 2) i++;
  }
  const units = map.slice(0, text.length + 1);
  units[text.length] = raw.length;
  return { text, map: units, raw };
}

/** Normalized text alone, for queries and quotes that need no mapping back. */
export function normalizeText(raw: string, opts: NormalizeOptions = {}): string {
  return normalizeWithMap(raw, opts).text;
}

/** Raw [start, end) of the normalized range [nStart, nEnd). */
export function toRawRange(n: NormalizedText, nStart: number, nEnd: number): [number, number] {
  const start = n.map[nStart] ?? n.map[n.text.length]!;
  // The end is one past the raw char behind the last normalized char, so ligatures stay whole.
  if (nEnd <= nStart) return [start, start];
  const last = n.map[nEnd - 1]!;
  const hi = n.raw.charCodeAt(last);
  const end = last + (hi >= 0xd800 && hi <= 0xdbff ? 2 : 1);
  return [start, end];
}

export function isWordBoundary(text: string, index: number): boolean {
  return !isWordChar(text[index - 1]) || !isWordChar(text[index]);
}

export { isWordChar };
