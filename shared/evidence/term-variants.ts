/**
 * Spelling variants of a criterion's search term, because records say the same fact many
 * ways: "6 months", "six months", "6-month"; "50%", "50 percent", "fifty percent";
 * "injection"/"injections"; "non-surgical"/"nonsurgical". Variants are normalized
 * (lower case, plain hyphens), ready to match normalized page text.
 */
import { normalizeText } from '../text/normalize-text';

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const MAX_VARIANTS = 96;

/** 0–100 in words ("twenty-four"); undefined outside that range. */
export function numberToWords(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 100) return undefined;
  if (n === 100) return 'one hundred';
  if (n < 20) return ONES[n];
  const tens = TENS[Math.floor(n / 10)]!;
  return n % 10 === 0 ? tens : `${tens}-${ONES[n % 10]}`;
}

export const WORD_TO_NUMBER = new Map<string, number>();
for (let n = 0; n <= 100; n++) WORD_TO_NUMBER.set(numberToWords(n)!, n);

/** The word and its plural or singular ("injection"/"injections", "therapy"/"therapies"). */
export function pluralForms(word: string): string[] {
  if (!/^[a-z]{3,}$/.test(word)) return [word];
  const forms = new Set([word]);
  if (/[^aeiou]ies$/.test(word)) forms.add(word.slice(0, -3) + 'y');
  else if (/(s|x|z|ch|sh)es$/.test(word)) forms.add(word.slice(0, -2));
  else if (/[^s]s$/.test(word)) forms.add(word.slice(0, -1));
  else if (/[^aeiou]y$/.test(word)) forms.add(word.slice(0, -1) + 'ies');
  else if (/(s|x|z|ch|sh)$/.test(word)) forms.add(word + 'es');
  else if (!word.endsWith('s')) forms.add(word + 's');
  return [...forms];
}

/** Alternatives for one token of the term, each possibly several words. */
function tokenAlternatives(token: string): string[] {
  const alts = new Set<string>([token]);
  const pct = /^(\d{1,3})%$/.exec(token);
  if (pct) {
    const n = Number(pct[1]);
    alts.add(`${n} percent`).add(`${n} per cent`);
    const w = numberToWords(n);
    if (w) alts.add(`${w} percent`).add(`${w}%`);
    return [...alts];
  }
  if (/^\d{1,3}$/.test(token)) {
    const w = numberToWords(Number(token));
    if (w) alts.add(w);
    return [...alts];
  }
  const n = WORD_TO_NUMBER.get(token);
  if (n !== undefined) {
    alts.add(String(n));
    return [...alts];
  }
  if (token === 'percent' || token === '%') return ['percent', 'per cent', '%'];
  for (const f of pluralForms(token)) alts.add(f);
  return [...alts];
}

/** Splits "six-month", "50%", "non-surgical care" into tokens; hyphens become joints. */
function tokenize(term: string): string[] {
  return term
    .replace(/(\d)\s*%/g, '$1%')
    .split(/[\s-]+/)
    .filter((t) => t.length > 0);
}

/** Number words written with a hyphen ("twenty-four") are one token: rejoin them. */
function mergeNumberWords(tokens: string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (prev && TENS.includes(prev) && ONES.slice(1, 10).includes(t)) out[out.length - 1] = `${prev}-${t}`;
    else out.push(t);
  }
  return out;
}

export function termVariants(term: string): string[] {
  const tokens = mergeNumberWords(tokenize(normalizeText(term)));
  if (tokens.length === 0) return [];
  let partial: string[] = [''];
  tokens.forEach((token, i) => {
    const alts = tokenAlternatives(token);
    // Joints between tokens: space, hyphen, or none ("nonsurgical") for short compounds.
    const joints = i === 0 ? [''] : tokens.length <= 3 ? [' ', '-', ''] : [' ', '-'];
    const next: string[] = [];
    for (const head of partial) {
      for (const joint of joints) {
        for (const alt of alts) {
          // Gluing digits to words ("6months") is not how anyone writes; skip it.
          if (i > 0 && joint === '' && alt !== '%' && (/\d$/.test(head) || /^\d/.test(alt))) continue;
          next.push(head + joint + alt);
        }
      }
    }
    partial = [...new Set(next)].slice(0, MAX_VARIANTS);
  });
  return [...new Set(partial)].filter((v) => v.length > 0);
}
