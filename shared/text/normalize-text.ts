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
  const keepSpaces = !opts.dropSpaces;
  // Built as UTF-16 code units, not by string concatenation: indexing a 1,000-page record
  // normalizes ~2 million characters, and a per-character `+=` made that 3x slower.
  // Output never outgrows the input except where NFKC expands a character (ﬁ → fi).
  let out = new Uint16Array(raw.length + 1);
  let map = new Uint32Array(raw.length + 1);
  let n = 0;
  let pendingSpace = -1;
  const room = (extra: number) => {
    if (n + extra < out.length) return;
    const size = Math.max(out.length * 2, n + extra + 1);
    const biggerOut = new Uint16Array(size);
    biggerOut.set(out);
    out = biggerOut;
    const biggerMap = new Uint32Array(size);
    biggerMap.set(map);
    map = biggerMap;
  };
  const emit = (code: number, from: number) => {
    if (pendingSpace >= 0) {
      if (keepSpaces && n > 0) {
        room(1);
        out[n] = 32;
        map[n++] = pendingSpace;
      }
      pendingSpace = -1;
    }
    room(1);
    out[n] = code;
    map[n++] = from;
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
          if (h.keep) emit(45, i);
          i += h.span - 1;
          continue;
        }
      }
      // Inlined emit(): this branch runs for nearly every character of a record.
      if (pendingSpace >= 0 || n + 1 >= out.length) {
        emit(lower && code >= 65 && code <= 90 ? code + 32 : code, i);
        continue;
      }
      out[n] = lower && code >= 65 && code <= 90 ? code + 32 : code;
      map[n++] = i;
      continue;
    }
    let c = raw[i]!;
    // Keep surrogate pairs together so NFKC sees whole code points.
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = raw.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) c += raw[i + 1]!;
    }
    const h = DASHES.test(c) ? lineEndHyphen(raw, i) : undefined;
    if (h) {
      if (h.keep) emit(45, i);
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
        } else for (let k = 0; k < f.length; k++) emit(f.charCodeAt(k), i);
      }
    }
    if (c.length === 2) i++;
  }
  const units = map.slice(0, n + 1);
  units[n] = raw.length;
  return { text: fromCodeUnits(out, n), map: units, raw };
}

/**
 * Decodes in slices (one call with a whole record's code units could overflow the stack), with
 * `apply` on the typed array: spreading it into arguments was 7x slower. Not TextDecoder, which
 * turns a lone surrogate into U+FFFD, so the text would no longer be the page's.
 */
function fromCodeUnits(units: Uint16Array, length: number): string {
  let text = '';
  for (let at = 0; at < length; at += 8192) {
    text += String.fromCharCode.apply(null, units.subarray(at, Math.min(length, at + 8192)) as unknown as number[]);
  }
  return text;
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
  const lo = n.raw.charCodeAt(last + 1);
  const end = last + (hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff ? 2 : 1);
  return [start, end];
}

export function isWordBoundary(text: string, index: number): boolean {
  return !isWordChar(text[index - 1]) || !isWordChar(text[index]);
}

export { isWordChar };
