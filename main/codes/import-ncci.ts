/**
 * Imports a CMS NCCI table the reviewer downloaded: the procedure-to-procedure (PTP) edit table or
 * the practitioner medically unlikely edit (MUE) table, as CMS publishes them (tab- or comma-separated,
 * a few copyright/header lines before the column header). Detects which one it is, validates every
 * row, and saves it to <dataDir>/codes/ncci-ptp.json or mue.json, replacing the previous import.
 */
import { writeFileDurably } from '../store/durable-json-file';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MueTable, NcciPtpTable, type MueEntry, type NcciPtpEdit } from '../../shared/coding/schema';

export class NcciImportError extends Error {}

/** Splits one delimited line, honouring double-quoted cells with doubled quotes inside. */
export function splitDelimited(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) { cells.push(cell.trim()); cell = ''; }
    else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

const CODE = /^(\d{5}|\d{4}[A-Z]|[A-Z]\d{4})$/;

/** CMS writes dates as yyyymmdd; spreadsheets re-save them as yyyy-mm-dd or mm/dd/yyyy. "*" means none. */
function parseDate(raw: string, where: string): string | null {
  const s = raw.trim();
  if (s === '' || s === '*') return null;
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  throw new NcciImportError(`${where}: "${raw}" is not a date (yyyymmdd)`);
}

type Detected = { kind: 'ncci-ptp' | 'mue'; headerLine: number; delimiter: string };

function detect(lines: string[]): Detected {
  for (let i = 0; i < Math.min(lines.length, 30); i++) {
    const line = lines[i]!;
    const delimiter = line.includes('\t') ? '\t' : ',';
    const cells = splitDelimited(line, delimiter).map((c) => c.toLowerCase());
    if (/^column\s*1/.test(cells[0] ?? '') && /^column\s*2/.test(cells[1] ?? '')) return { kind: 'ncci-ptp', headerLine: i, delimiter };
    if (/hcpcs/.test(cells[0] ?? '') && cells.some((c) => c.includes('mue value'))) return { kind: 'mue', headerLine: i, delimiter };
  }
  throw new NcciImportError('Not a CMS NCCI table: no "Column 1 / Column 2" (PTP edits) or "HCPCS/CPT Code ... MUE Values" (MUE) header in the first 30 lines.');
}

export function parseNcciTable(text: string, importedFrom: string, importedAt: string): NcciPtpTable | MueTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const { kind, headerLine, delimiter } = detect(lines);
  const rows = lines.slice(headerLine + 1)
    .map((line, i) => ({ n: headerLine + 2 + i, cells: splitDelimited(line, delimiter) }))
    // Rows under the header that are not codes: the "(yyyymmdd)" sub-header, blank lines, footnotes.
    .filter((r) => CODE.test(r.cells[0] ?? ''));
  if (rows.length === 0) throw new NcciImportError(`${importedFrom}: the ${kind === 'mue' ? 'MUE' : 'PTP'} table has no rows.`);

  if (kind === 'ncci-ptp') {
    const edits: NcciPtpEdit[] = rows.map(({ n, cells }) => {
      const where = `${importedFrom} line ${n}`;
      const [column1 = '', column2 = '', prior = '', eff = '', del = '', mod = '', rationale = ''] = cells;
      if (!CODE.test(column2)) throw new NcciImportError(`${where}: column 2 "${column2}" is not a procedure code`);
      if (mod !== '0' && mod !== '1' && mod !== '9') throw new NcciImportError(`${where}: modifier indicator "${mod}" is not 0, 1 or 9`);
      const effectiveDate = parseDate(eff, where);
      if (effectiveDate === null) throw new NcciImportError(`${where}: the effective date is missing`);
      return { column1, column2, priorTo1996: prior === '*', effectiveDate, deletionDate: parseDate(del, where), modifierIndicator: mod, rationale };
    });
    return NcciPtpTable.parse({ kind, importedFrom, importedAt, edits });
  }
  const entries: MueEntry[] = rows.map(({ n, cells }) => {
    const [code = '', value = '', indicator = '', rationale = ''] = cells;
    const maxUnits = Number(value);
    if (value === '' || !Number.isInteger(maxUnits) || maxUnits < 0) throw new NcciImportError(`${importedFrom} line ${n}: MUE value "${value}" is not a whole number`);
    return { code, maxUnits, adjudicationIndicator: indicator, rationale };
  });
  return MueTable.parse({ kind, importedFrom, importedAt, entries });
}


export async function importNcci(file: string, dataDir: string, now: Date = new Date()): Promise<{ kind: 'ncci-ptp' | 'mue'; rows: number; savedTo: string }> {
  const text = await fs.readFile(file, 'utf8');
  const table = parseNcciTable(text, path.basename(file), now.toISOString());
  const savedTo = path.join(dataDir, 'codes', table.kind === 'ncci-ptp' ? 'ncci-ptp.json' : 'mue.json');
  // Durably, so a crash never leaves half a table; 0600 in a 0700 folder, like the rest of the data folder.
  await writeFileDurably(savedTo, JSON.stringify(table), undefined, { privateFolder: true });
  return { kind: table.kind, rows: table.kind === 'ncci-ptp' ? table.edits.length : table.entries.length, savedTo };
}
