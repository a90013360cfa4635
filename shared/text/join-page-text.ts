/**
 * A page's text as one string, built the same way everywhere (viewer, extractor, anchoring),
 * so a mark's textStart/textEnd mean the same offsets wherever they are read.
 */
export interface TextItemLike {
  str: string;
  hasEOL?: boolean;
}

export function joinPageText(items: readonly TextItemLike[]): string {
  let out = '';
  for (const item of items) {
    out += item.str;
    if (item.hasEOL) out += '\n';
  }
  return out;
}

/** Collapses runs of white space to one space, so a selection's text matches the page text. */
export function collapseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Where `quote` stands in `pageText`, comparing with white space collapsed: returns offsets in
 * the original pageText, or null. When it stands more than once, the one nearest `near` wins.
 */
export function locateQuote(pageText: string, quote: string, near = 0): { start: number; end: number } | null {
  const q = collapseWhitespace(quote);
  if (!q) return null;
  // Map each collapsed character back to its offset in the original text.
  const map: number[] = [];
  let collapsed = '';
  let lastSpace = true;
  for (let i = 0; i < pageText.length; i++) {
    const ch = pageText[i]!;
    if (/\s/.test(ch)) {
      if (!lastSpace) {
        collapsed += ' ';
        map.push(i);
      }
      lastSpace = true;
    } else {
      collapsed += ch;
      map.push(i);
      lastSpace = false;
    }
  }
  let best: { start: number; end: number } | null = null;
  for (let at = collapsed.indexOf(q); at >= 0; at = collapsed.indexOf(q, at + 1)) {
    const start = map[at]!;
    const end = map[at + q.length - 1]! + 1;
    if (!best || Math.abs(start - near) < Math.abs(best.start - near)) best = { start, end };
  }
  return best;
}
