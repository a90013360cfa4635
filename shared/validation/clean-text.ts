/**
 * Text a reviewer typed or pasted (names, notes, reasons, readings) as the workbench keeps it:
 * normalized to NFC, so "é" typed two ways is one name; a value made only of invisible characters
 * is empty; and characters that change what the text shows without being seen are refused with a
 * sentence saying which one and where, so the reviewer can retype it:
 *
 * - control characters (NUL, escape, …; tab and line breaks are fine in free text, not in a name),
 * - bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C), which reorder
 *   what is displayed (a name that prints backwards in the letter, a file name that hides ".exe"),
 * - zero-width characters (U+200B–U+200D, U+2060, U+FEFF, U+180E), which make two names that look
 *   the same differ,
 * - broken characters (a lone UTF-16 surrogate) and the noncharacters U+FFFE/U+FFFF.
 */

export type CleanedText = { ok: true; value: string } | { ok: false; problem: string };

const NAMES: Record<number, string> = {
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x2060: 'word joiner',
  0xfeff: 'zero-width no-break space',
  0x180e: 'Mongolian vowel separator',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x061c: 'Arabic letter mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
};

const ZERO_WIDTH = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x180e]);
const BIDI = new Set([0x200e, 0x200f, 0x061c, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const LINE = new Set([0x09, 0x0a, 0x0d]);

type Unseen = 'control' | 'line' | 'zero-width' | 'bidi' | 'surrogate';

/** What is wrong with one code point, if anything. Tab and line breaks only matter on one line. */
function unseen(cp: number): Unseen | null {
  if (LINE.has(cp)) return 'line';
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0xfffe || cp === 0xffff) return 'control';
  if (ZERO_WIDTH.has(cp)) return 'zero-width';
  if (BIDI.has(cp)) return 'bidi';
  // codePointAt gives a surrogate only when it has no partner.
  if (cp >= 0xd800 && cp <= 0xdfff) return 'surrogate';
  return null;
}

const KIND: Record<Exclude<Unseen, 'line'>, string> = {
  control: 'a control character',
  'zero-width': 'an invisible zero-width character',
  bidi: 'an invisible character that changes the direction text is shown in',
  surrogate: 'a broken character (half of a UTF-16 surrogate pair)',
};

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

function where(text: string, index: number): string {
  const before = text.slice(Math.max(0, index - 12), index).replace(/[\s\S]*[\n\r]/, '');
  return before.trim() ? `after "${before}"` : index === 0 ? 'at the start' : `at position ${index + 1}`;
}

/**
 * `oneLine` for names and other single-line fields: line breaks and tabs are refused there too.
 * Returns the text to keep, or a problem sentence that starts with "contains".
 */
export function cleanText(text: string, opts: { oneLine?: boolean } = {}): CleanedText {
  const value = text.normalize('NFC');
  let visible = false;
  let first: { index: number; cp: number; kind: Unseen } | null = null;
  for (let i = 0; i < value.length; ) {
    const cp = value.codePointAt(i)!;
    const kind = unseen(cp);
    if (kind === null || kind === 'line') {
      if (!/\s/.test(String.fromCodePoint(cp))) visible = true;
      if (kind === 'line' && opts.oneLine && !first) first = { index: i, cp, kind };
    } else if (!first) {
      first = { index: i, cp, kind };
    }
    i += cp > 0xffff ? 2 : 1;
  }
  if (!first) return { ok: true, value };
  // Only invisible characters (and spaces): nothing was typed that anyone can see.
  if (!visible && (first.kind === 'zero-width' || first.kind === 'bidi')) return { ok: true, value: '' };
  const name = NAMES[first.cp];
  const kind = first.kind === 'line' ? 'a line break or tab, which a single-line field cannot hold' : KIND[first.kind];
  const action = first.kind === 'surrogate' ? 'type that part again' : 'delete it and type that part again';
  return { ok: false, problem: `contains ${kind} (${hex(first.cp)}${name ? ` ${name}` : ''}) ${where(value, first.index)}; ${action}` };
}
