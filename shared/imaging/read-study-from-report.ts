/**
 * "Record a study from this passage": what an imaging report says about the study it reports,
 * read from its text so the director confirms fields instead of typing them: modality, body
 * region, date, facility, the interpreting radiologist and the ordering provider. Reports are
 * written in many styles (a hospital's letterhead and labelled header, a faxed one-liner
 * "EXAM: MR L-SPINE W/O  DOS: 3/3/26", an academic narrative "Computed tomography of the lumbar
 * spine was performed on…"), and text extraction may put the letterhead after the body; so each
 * field is looked for by its label first, then in the exam's title line, then in the marked
 * passage and the document's name. Every field is a proposal: the form shows it, editable.
 */
import type { ImagingModality } from './schema';

export interface StudyFromReport {
  modality?: ImagingModality;
  bodyRegion?: string;
  /** YYYY-MM-DD. */
  date?: string;
  facility?: string;
  /** The radiologist who interpreted the study, e.g. "Priya N. Raman, MD". */
  reader?: string;
  orderingProvider?: string;
  /** The text reads as a radiology report (an impression and an interpreting radiologist, findings or technique). */
  looksLikeReport: boolean;
}

export interface ReportSource {
  /** The document's text, every page. */
  text: string;
  /** The marked passage the study is recorded from. */
  quote?: string;
  /** The document's name in the case, e.g. "MRI lumbar spine report (03/03/2026)". */
  docName?: string;
}

// Longer names first: "CT myelogram" is myelography, not CT.
const MODALITIES: [RegExp, ImagingModality][] = [
  [/\b(?:ct\s+myelo(?:gram|graphy)|myelo(?:gram|graphy))\b/i, 'myelography'],
  [/\b(?:mri|mr|magnetic\s+resonance(?:\s+imaging)?)\b/i, 'mri'],
  [/\b(?:ct|cat\s+scan|computed\s+tomography)\b/i, 'ct'],
  [/\b(?:ultrasound|sonogram|sonography|us|duplex)\b/i, 'ultrasound'],
  [/\b(?:x-?rays?|xr|radiographs?|radiography|plain\s+films?)\b/i, 'x-ray'],
];

const REGIONS: [RegExp, string][] = [
  [/\b(?:lumbo-?sacral|lumbar|l-?\s?spine|ls[-\s]spine)\b/i, 'lumbar spine'],
  [/\b(?:cervical|c-?\s?spine)\b/i, 'cervical spine'],
  [/\b(?:thoracic|t-?\s?spine|dorsal\s+spine)\b/i, 'thoracic spine'],
  [/\bsacrum\b|\bsacral\b|\bcoccyx\b/i, 'sacrum and coccyx'],
  [/\bsacroiliac\b|\bsi\s+joints?\b/i, 'sacroiliac joints'],
  [/\bbrain\b|\bhead\b/i, 'brain'],
  [/\bpelvis\b/i, 'pelvis'],
  [/\babdomen\b/i, 'abdomen'],
  [/\bchest\b/i, 'chest'],
  [/\bknees?\b/i, 'knee'],
  [/\bhips?\b/i, 'hip'],
  [/\bshoulders?\b/i, 'shoulder'],
  [/\bankles?\b/i, 'ankle'],
  [/\bwrists?\b/i, 'wrist'],
  [/\belbows?\b/i, 'elbow'],
  [/\bfoot\b|\bfeet\b/i, 'foot'],
  [/\bhands?\b/i, 'hand'],
];
/** Only a limb has a side worth naming. */
const SIDED = new Set(['knee', 'hip', 'shoulder', 'ankle', 'wrist', 'elbow', 'foot', 'hand']);

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DATE = `(\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}\\s+${MONTH},?\\s+\\d{4})`;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Labels a report dates the study with, best first; a date of birth or a dictation time is not one. */
const DATE_LABELS = [
  `(?:exam(?:ination)?|study|scan|service|procedure|imaging)\\s+date`,
  `date\\s+of\\s+(?:exam(?:ination)?|study|service|procedure|scan|imaging)`,
  `\\bDOS`,
  `(?:performed|obtained|acquired|done)\\s+on`,
  `\\bdated`,
];

/** A person as a report signs: "Priya N. Raman, MD", "T. NGUYEN, M.D.", "Dr. Ken Watanabe". */
const NAME = `((?:Dr\\.?[ \\t]+)?[A-Z][A-Za-z'’-]*\\.?(?:[ \\t]+[A-Z][A-Za-z'’-]*\\.?){1,3}(?:,?[ \\t]*(?:M\\.?D\\.?|D\\.?O\\.?|MBBS|FRCR|Ph\\.?D\\.?))*)`;
const READER_LABELS = [
  `(?:interpreting|reading|reporting|attending)\\s+(?:radiologist|physician)\\s*:?`,
  `(?:interpreted|read|reported|dictated|reviewed)\\s+by\\s*:?`,
  `electronically\\s+signed\\s+by\\s*:?`,
  `\\bradiologist\\s*:`,
  `\\bsigned\\s*(?:by)?\\s*:`,
];
const ORDERING_LABELS = [
  `(?:ordering|referring|requesting)(?:\\s+(?:physician|provider|clinician|doctor|md))?\\s*:`,
  `\\bref(?:erring)?\\.?\\s+(?:md|physician|dr)\\s*:?`,
  `ordered\\s+by\\s*:?`,
];
const FACILITY_LABELS = [`(?:facility|performed\\s+at|location|site|imaging\\s+center|institution)\\s*:`];
const FACILITY_WORDS = /\b(imaging|radiology|hospital|medical\s+center|diagnostic|health\s+system|mri\s+center|clinic|infirmary)\b/i;

function twoDigitYear(y: number): number {
  return y < 100 ? 2000 + y : y;
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoOf(raw: string): string | undefined {
  const s = raw.trim().replace(/(\d)(st|nd|rd|th)\b/i, '$1');
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$/.exec(s);
  if (m) return real(twoDigitYear(Number(m[3])), Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return real(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(s);
  if (m) return real(Number(m[3]), MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1, Number(m[2]));
  m = /^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(s);
  if (m) return real(Number(m[3]), MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1, Number(m[1]));
  return undefined;
}

function real(y: number, m: number, d: number): string | undefined {
  if (!(y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 ? `${y}-${pad(m)}-${pad(d)}` : undefined;
}

/**
 * The first value right after one of the labels (labels in any case). A name is matched case
 * sensitively, so "Dr. Ken Watanabe on 09/10/2025" ends before "on".
 */
function labelled(text: string, labels: string[], value: string, valueFlags = 'i'): string | undefined {
  for (const label of labels) {
    const find = new RegExp(label, 'gi');
    for (let m = find.exec(text); m; m = find.exec(text)) {
      const at = new RegExp(`[ \\t]*${value}`, `${valueFlags}y`);
      at.lastIndex = m.index + m[0].length;
      const v = at.exec(text);
      if (v?.[1]) return v[1];
    }
  }
  return undefined;
}

function modalityIn(s: string): ImagingModality | undefined {
  return MODALITIES.find(([re]) => re.test(s))?.[1];
}

function regionIn(s: string): string | undefined {
  const region = REGIONS.find(([re]) => re.test(s))?.[1];
  if (!region || !SIDED.has(region)) return region;
  const side = /\b(left|right|bilateral)\b|\b(lt|rt)\b/i.exec(s);
  const word = side?.[1]?.toLowerCase() ?? (side?.[2] ? (side[2].toLowerCase() === 'lt' ? 'left' : 'right') : undefined);
  return word ? `${word} ${region}` : region;
}

/**
 * The line that names the exam: it says a modality and a region. Labelled lines ("EXAM:") first,
 * then lines in capitals (report titles), then the first such line; a letterhead listing the
 * modalities a facility offers names no region and is passed over.
 */
function titleLine(text: string): string | undefined {
  const lines = text.split(/\n/).map((l) => l.trim()).filter(Boolean);
  const both = lines.filter((l) => l.length <= 160 && modalityIn(l) && regionIn(l));
  return (
    both.find((l) => /^(exam(?:ination)?|procedure|study|type\s+of\s+exam|examination\s+performed)\s*:/i.test(l)) ??
    both.find((l) => l === l.toUpperCase()) ??
    both[0]
  );
}

/** "LAKESIDE DIAGNOSTIC IMAGING" → "Lakeside Diagnostic Imaging"; mixed case stays as written. */
function tidyName(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim().replace(/[,;:.\-–|]+$/, '').trim();
  if (t !== t.toUpperCase()) return t;
  return t
    .toLowerCase()
    .replace(/\b([a-z])([a-z']*)/g, (_w, a: string, b: string) => a.toUpperCase() + b)
    .replace(/\b(Of|And|The|For|At)\b/g, (w) => w.toLowerCase())
    .replace(/^([a-z])/, (c) => c.toUpperCase())
    .replace(/\bMri\b/g, 'MRI')
    .replace(/\bCt\b/g, 'CT');
}

/** "T. NGUYEN, M.D." → "T. Nguyen, MD"; "Dr. Ken Watanabe" stays. */
function tidyPerson(raw: string): string | undefined {
  const s = raw.replace(/\s+/g, ' ').trim().replace(/[,;]+$/, '');
  const credentials: string[] = [];
  const name = s.replace(/,?\s*(M\.?D\.?|D\.?O\.?|MBBS|FRCR|Ph\.?D\.?)(?=,|\s|$)/gi, (_m, c: string) => {
    credentials.push(c.replace(/\./g, '').toUpperCase().replace('PHD', 'PhD'));
    return '';
  }).trim().replace(/,$/, '');
  const words = name.replace(/^Dr\.?\s+/i, '').split(' ').filter(Boolean);
  if (words.length < 2 && credentials.length === 0) return undefined;
  if (words.some((w) => /^(the|of|and|on|at|by|report|images?|findings?|radiology|department)$/i.test(w))) return undefined;
  const person = name === name.toUpperCase() ? tidyName(name).replace(/\bDr\b\.?/, 'Dr.') : name;
  const clinical = credentials.filter((c) => c !== 'PhD');
  return clinical.length ? `${person}, ${clinical.join(', ')}` : person;
}

function facilityOf(text: string): string | undefined {
  const named = labelled(text, FACILITY_LABELS, '([^\\n]{3,80}?)(?:\\s{2,}|\\n|$)');
  if (named) return tidyName(named);
  const lines = text.split(/\n/).map((l) => l.trim()).filter(Boolean);
  const candidates = lines
    .flatMap((l) => l.split(/\s*[|]\s*|\s{2,}/))
    .map((l) => l.trim())
    .filter((l) => l.length >= 6 && l.length <= 70 && FACILITY_WORDS.test(l) && !/:/.test(l) && !/\d{3}/.test(l) && !/accredited|report|page\b|final|facility\s*-/i.test(l) && !modalityIn(l.replace(FACILITY_WORDS, '')));
  // Letterheads repeat on every page: the name seen most often, in capitals before mixed case.
  const counts = new Map<string, number>();
  for (const c of candidates) counts.set(c.toLowerCase(), (counts.get(c.toLowerCase()) ?? 0) + 1);
  const best = [...candidates].sort((a, b) => (counts.get(b.toLowerCase())! - counts.get(a.toLowerCase())!) || Number(b === b.toUpperCase()) - Number(a === a.toUpperCase()))[0];
  if (best) {
    // "Department of Radiology, University Hospital of Northfield": the institution, not the department.
    const parts = best.split(/\s*[,–-]\s+|\s+-\s+/).filter((p) => FACILITY_WORDS.test(p));
    const institution = parts.find((p) => !/^dep(?:artmen)?t\.?\s+of\b/i.test(p)) ?? parts[0] ?? best;
    return tidyName(institution);
  }
  const inProse = /\bradiologists?\s+(?:of|at)\s+([A-Z][A-Za-z&'. ]{3,60}?)(?:,|\.|\s+which|\s+and|\n)/.exec(text);
  return inProse?.[1] ? tidyName(inProse[1]) : undefined;
}

export function readStudyFromReport(src: ReportSource): StudyFromReport {
  const text = src.text ?? '';
  const title = titleLine(text);
  const quote = src.quote ?? '';
  const name = src.docName ?? '';
  const looksLikeReport = /\bimpression\b/i.test(text) && /\bradiologist\b|\bfindings\b|\btechnique\b|\bexam(?:ination)?\s*:/i.test(text);

  const modality = (title && modalityIn(title)) || modalityIn(quote) || modalityIn(name);
  const bodyRegion = (title && regionIn(title)) || regionIn(quote) || regionIn(name);

  const labelledDate = labelled(text, DATE_LABELS, `:?[ \\t]*${DATE}`);
  const dateText = labelledDate ?? (title ? new RegExp(DATE, 'i').exec(title)?.[1] : undefined) ?? new RegExp(DATE, 'i').exec(quote)?.[1] ?? new RegExp(DATE, 'i').exec(name)?.[1];
  const date = dateText ? isoOf(dateText) : undefined;

  const readerRaw = looksLikeReport ? labelled(text, READER_LABELS, NAME, '') : undefined;
  const reader = readerRaw ? tidyPerson(readerRaw) : undefined;
  const orderingRaw = labelled(text, ORDERING_LABELS, NAME, '');
  const orderingProvider = orderingRaw ? tidyPerson(orderingRaw) : undefined;
  const facility = looksLikeReport ? facilityOf(text) : undefined;

  return {
    ...(modality ? { modality } : {}),
    ...(bodyRegion ? { bodyRegion } : {}),
    ...(date ? { date } : {}),
    ...(facility ? { facility } : {}),
    ...(reader ? { reader } : {}),
    ...(orderingProvider ? { orderingProvider } : {}),
    looksLikeReport,
  };
}
