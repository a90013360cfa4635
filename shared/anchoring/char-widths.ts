/**
 * Where a character sits inside a text run whose only known geometry is its total width (pdf.js
 * text items, OCR words). Characters are weighted by the Helvetica advance widths of the PDF
 * standard fonts (Adobe Core14 AFM, 1/1000 em): most record fonts are proportional sans or serif
 * fonts whose widths correlate closely with these, so a find hit or mark that starts mid-run
 * ("…completed six months…") starts within a fraction of a character of the glyph, where equal
 * widths put it a whole character or more off after a run of narrow letters ("illicit").
 */

/** Advance widths for U+0020..U+007E. */
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space .. /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 .. ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ .. O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P .. _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` .. o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p .. ~
];
/** Accented letters, CJK and the rest: an average lower-case width. */
const OTHER_WIDTH = 556;

export function charWidth(code: number): number {
  return code >= 32 && code <= 126 ? ASCII_WIDTHS[code - 32]! : OTHER_WIDTH;
}

/** The fraction of `str`'s width taken by its first `count` characters (0..1). */
export function widthFraction(str: string, count: number): number {
  if (count <= 0) return 0;
  if (count >= str.length) return 1;
  let before = 0;
  let total = 0;
  for (let i = 0; i < str.length; i++) {
    const w = charWidth(str.charCodeAt(i));
    if (i < count) before += w;
    total += w;
  }
  return total > 0 ? before / total : count / str.length;
}
