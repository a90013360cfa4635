/**
 * The lexicon's small pattern language, compiled to a regular expression over normalized page
 * text (normalize-text.ts: one space between words, plain hyphens and quotes). A pattern is words
 * separated by spaces, as a clinician would write them, plus:
 *
 *   (a|b c)    one of several wordings            not a (surgical|revision) candidate
 *   [x y]      optional words                      would not recommend [further] surgery
 *   ~N         up to N other words                 no ~3 contraindication
 *   #          a number, in digits or words        # months, #/10, #%
 *   word*      any ending                          psycholog*
 *   =word      that word only, no singular/plural   =returns (to|for)
 *   \c         the character c itself              \[ \]
 *
 * Words match whole (not inside a longer word), in either case unless the lexicon asks for the
 * exact case, singular or plural; a space matches a space or a hyphen and a hyphen inside a word
 * matches a hyphen, a space or nothing ("post-laminectomy", "post laminectomy", "postlaminectomy").
 * "%" and "/" need no word boundary, which is why "70% relief" is found.
 */
import { numberToWords, pluralForms } from './term-variants';

const ONES = Array.from({ length: 9 }, (_, n) => numberToWords(n + 1)!);
const TEENS = Array.from({ length: 10 }, (_, n) => numberToWords(n + 10)!);
const TENS = Array.from({ length: 8 }, (_, n) => numberToWords((n + 2) * 10)!);
const byLength = (xs: string[]) => [...xs].sort((a, b) => b.length - a.length).join('|');
/** 0–100 in words, compactly: "twenty-four" is a ten and a one. */
const NUMBER_WORDS = `one hundred|(?:${byLength(TENS)})(?:[- ]?(?:${byLength(ONES)}))?|${byLength([...TEENS, ...ONES, 'zero'])}`;
const DIGITS = '\\d+(?:[.,]\\d+)?';
const NUMBER = `(?:${DIGITS}|${NUMBER_WORDS})`;
/**
 * Letters and digits for word boundaries, spelled out: Unicode property classes (\\p{L}) make
 * the lexicon's few hundred expressions ten times slower to compile, and normalized record text
 * is Latin script.
 */
export const WORD_CLASS = 'A-Za-z0-9\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F';
const WORD_CHAR = new RegExp(`[${WORD_CLASS}]`);

type Node = { kind: 'token'; text: string } | { kind: 'gap'; max: number } | { kind: 'choice'; optional: boolean; options: Node[][] };

class PatternSyntaxError extends Error {}

function parse(pattern: string): Node[] {
  let at = 0;
  const seq = (closers: string): Node[] => {
    const out: Node[] = [];
    for (;;) {
      while (pattern[at] === ' ') at++;
      const c = pattern[at];
      if (c === undefined || closers.includes(c)) return out;
      if (c === '(' || c === '[') {
        at++;
        const close = c === '(' ? ')' : ']';
        const options: Node[][] = [seq(`|${close}`)];
        while (pattern[at] === '|') {
          at++;
          options.push(seq(`|${close}`));
        }
        if (pattern[at] !== close) throw new PatternSyntaxError(`"${c}" at ${at} is not closed`);
        at++;
        if (options.some((o) => o.length === 0)) throw new PatternSyntaxError('an empty choice');
        out.push({ kind: 'choice', optional: c === '[', options });
      } else if (c === ')' || c === ']' || c === '|') {
        throw new PatternSyntaxError(`unexpected "${c}" at ${at}`);
      } else {
        let tok = '';
        while (at < pattern.length && !' ()[]|'.includes(pattern[at]!)) {
          // A backslash takes the next character literally: \[ \] is an empty check box.
          if (pattern[at] === '\\' && at + 1 < pattern.length) at++;
          tok += pattern[at++];
        }
        const gap = /^~(\d{1,2})$/.exec(tok);
        out.push(gap ? { kind: 'gap', max: Number(gap[1]) } : { kind: 'token', text: tok });
      }
    }
  };
  const nodes = seq('');
  if (at < pattern.length) throw new PatternSyntaxError(`unexpected "${pattern[at]}" at ${at}`);
  if (nodes.length === 0) throw new PatternSyntaxError('an empty pattern');
  return nodes;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function tokenSource(tok: string, exactCase: boolean): string {
  if (tok === '#') return NUMBER;
  if (tok.startsWith('=') && tok.length > 1) return escape(exactCase ? tok.slice(1) : tok.slice(1).toLowerCase());
  const prefix = tok.endsWith('*') && tok.length > 1;
  const body = prefix ? tok.slice(0, -1) : tok;
  if (!exactCase && !prefix && /^[a-z]{3,}$/i.test(body)) {
    const lower = body.toLowerCase();
    const forms = new Set([lower, ...pluralForms(lower).filter((f) => f.length >= lower.length || lower.length >= 5)]);
    return forms.size > 1 ? `(?:${[...forms].sort((a, b) => b.length - a.length).join('|')})` : lower;
  }
  let src = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '#') src += DIGITS;
    else if (c === '-' && WORD_CHAR.test(body[i - 1] ?? '') && WORD_CHAR.test(body[i + 1] ?? '')) src += '[- ]?';
    else src += escape(exactCase ? c : c.toLowerCase());
  }
  if (exactCase && /^[A-Z]{3,}$/.test(body)) src += 's?';
  return src + (prefix ? `[${WORD_CLASS}]*` : '');
}

/** The characters a node can begin or end with ('#' for a number); a gap can be anything. */
function edges(n: Node, end: 'first' | 'last'): string[] {
  if (n.kind === 'gap') return ['a'];
  if (n.kind === 'token') return [end === 'first' ? n.text[0]! : n.text.endsWith('*') ? 'a' : n.text[n.text.length - 1]!];
  return n.options.flatMap((o) => edges(o[end === 'first' ? 0 : o.length - 1]!, end));
}

/** Space or hyphen between two words; an optional one next to punctuation ("SLR + R", "SLR+R", "70%"). */
function joint(left: Node | undefined, right: Node | undefined): string {
  const wordy = (c: string) => c === '#' || WORD_CHAR.test(c);
  const l = left ? edges(left, 'last') : [];
  const r = right ? edges(right, 'first') : [];
  return l.every(wordy) && r.every(wordy) ? '[ -]' : '[ -]?';
}

function seqSource(nodes: Node[], exactCase: boolean): string {
  let out = '';
  let pendingJoint = false;
  nodes.forEach((n, i) => {
    const prev = nodes[i - 1];
    if (n.kind === 'gap') {
      out += `(?: [^ ]+){0,${n.max}}`;
      return;
    }
    const inner = n.kind === 'token' ? tokenSource(n.text, exactCase) : `(?:${n.options.map((o) => seqSource(o, exactCase)).join('|')})`;
    const j = i === 0 ? '' : joint(prev, n);
    if (n.kind === 'choice' && n.optional) {
      if (i === 0) {
        out += `(?:${inner}${joint(n, nodes[1])})?`;
        pendingJoint = true;
      } else out += `(?:${j}${inner})?`;
      return;
    }
    out += (pendingJoint ? '' : j) + inner;
    pendingJoint = false;
  });
  return out;
}

/**
 * The regular expression source of one pattern (no capturing groups, so several can be joined as
 * the alternatives of one expression); throws a message naming the problem when it is malformed.
 */
export function termPatternSource(pattern: string, opts: { exactCase?: boolean } = {}): string {
  const body = seqSource(parse(pattern.trim()), opts.exactCase ?? false);
  // A word boundary only where the match begins or ends with a letter or digit.
  const w = WORD_CLASS;
  // Nor inside a longer number or a date: "#/10" is not the "09/10" of "09/10/2024".
  return `(?:(?<![${w}])|(?=[^${w}]))(?:${body})(?:(?![${w}])|(?<=[^${w}]))(?![/.]\\d)`;
}

export function compileTermPattern(pattern: string, opts: { exactCase?: boolean } = {}): RegExp {
  return new RegExp(termPatternSource(pattern, opts), 'g');
}

export { PatternSyntaxError };

/**
 * The words a token can match as, as a page's word set holds them (lower-case letter runs): the
 * word and its singular or plural; for "self-harm" its first part or the parts joined; for a
 * prefix "psycholog*" its first four letters, marked "psyc*". Undefined when none will do.
 */
function plainWords(tok: string): string[] | undefined {
  const t = tok.startsWith('=') ? tok.slice(1) : tok;
  if (/^[A-Za-z]{2,}$/.test(t)) {
    const lower = t.toLowerCase();
    return tok.startsWith('=') ? [lower] : [...new Set([lower, ...pluralForms(lower), `${lower}s`])];
  }
  const prefix = /^([A-Za-z]{4,})[A-Za-z]*\*$/.exec(t);
  if (prefix) return [`${prefix[1]!.slice(0, 4).toLowerCase()}*`];
  const parts = /^([A-Za-z]{2,})-([A-Za-z0-9]+)$/.exec(t);
  if (parts) return [parts[1]!.toLowerCase(), `${parts[1]}${parts[2]!.replace(/\d+$/, '')}`.toLowerCase()];
  return undefined;
}

/** Whether a page's words (and their four-letter prefixes) can hold one of the anchors. */
export function anchorsOnPage(anchors: readonly string[], words: ReadonlySet<string>, prefixes: ReadonlySet<string>): boolean {
  return anchors.some((a) => (a.endsWith('*') ? prefixes.has(a.slice(0, -1)) : words.has(a)));
}

/**
 * Words of which a page must hold at least one for the pattern to match there (as lower-case
 * words), or undefined when there is no such word (a pattern starting with a number, a prefix).
 * Looking them up in a page's set of words skips nearly every pattern on nearly every page: a
 * 1,000-page record is scanned only where a term can be.
 */
export function termAnchorWords(pattern: string): string[] | undefined {
  const nodes = parse(pattern.trim());
  // Only a word written apart from its neighbours can be looked up as a word: "non[-]surgical" may be one word on the page.
  const apart = (tok: string) => new RegExp(`(?:^|[\\s(|])${escape(tok)}(?:$|[\\s)|])`).test(pattern);
  const tokenWords = (tok: string) => (apart(tok) ? plainWords(tok) : undefined);
  let best: string[] | undefined;
  const consider = (words: string[] | undefined) => {
    const strength = (ws: string[]) => Math.min(...ws.map((w) => (w.endsWith('*') ? 3 : w.length)));
    if (words && (!best || strength(words) > strength(best))) best = words;
  };
  for (const n of nodes) {
    if (n.kind === 'token') consider(tokenWords(n.text));
    else if (n.kind === 'choice' && !n.optional) {
      // A required choice: any of its options' first words will do, when each option starts with a word.
      const firsts = n.options.map((o) => (o[0]?.kind === 'token' ? tokenWords(o[0].text) : undefined));
      if (firsts.every(Boolean)) consider([...new Set(firsts.flat() as string[])]);
    }
  }
  return best;
}
