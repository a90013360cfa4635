/**
 * The 2026 Preface coding rules (seed 001, "Coding for Utilization Management (UM) Requests")
 * applied to the requested code combination: add-on codes, "separate procedure" codes,
 * mutually exclusive and bundled pairs, unit limits, unlisted codes; with the imported CMS NCCI
 * edits when present. Pure: the data comes in as arguments.
 */
import type { CodingFinding } from '../rules/evaluation';
import type { SourceRef } from '../rules/schema';
import type { CodingFile, MueTable, NcciPtpTable } from './schema';

export interface RequestedLine {
  code: string;
  units: number;
  modifiers?: string[] | undefined;
}

export interface CodingInput {
  codes: readonly RequestedLine[];
  dateOfService: string;
  coding: readonly CodingFile[];
  ncci?: { ptp?: NcciPtpTable | undefined; mue?: MueTable | undefined } | undefined;
}

/** The 2026 Preface, whose coding rules these are. */
export const SEED_001 = '001_9263939c6024a100.txt';
const section = (s: string): SourceRef => ({ file: SEED_001, section: s });

/** Modifiers CMS accepts to bypass a PTP edit whose modifier indicator is 1 (NCCI Policy Manual, ch. I). */
const NCCI_ASSOCIATED_MODIFIERS = new Set([
  '59', 'XE', 'XP', 'XS', 'XU', 'LT', 'RT', 'E1', 'E2', 'E3', 'E4', 'FA', 'F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9',
  'TA', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'LC', 'LD', 'LM', 'RC', 'RI', '24', '25', '57', '58', '78', '79', '91',
]);

function isActiveOn(edit: { effectiveDate: string; deletionDate: string | null }, date: string): boolean {
  return edit.effectiveDate <= date && (edit.deletionDate === null || date < edit.deletionDate);
}

export function checkCoding(input: CodingInput): CodingFinding[] {
  const findings: CodingFinding[] = [];
  const requested = new Set(input.codes.map((c) => c.code));
  const add = (f: CodingFinding) => {
    if (!findings.some((x) => x.kind === f.kind && x.code === f.code && x.relatedCodes.join() === f.relatedCodes.join())) findings.push(f);
  };

  for (const file of input.coding) {
    for (const addOn of file.addOns) {
      if (!requested.has(addOn.code) || addOn.primaries.some((p) => requested.has(p))) continue;
      add({
        kind: 'add-on-without-primary', severity: 'denies', code: addOn.code, relatedCodes: addOn.primaries,
        message: `${addOn.code} is an add-on code requested without any of its primary codes (${addOn.primaries.join(', ')}).`,
        letterSentence: `Code ${addOn.code} describes a service that is only done together with a main procedure, and the main procedure was not requested, so it is not medically necessary.`,
        source: { ...section('Primary Procedure Not Authorized'), note: `Add-on designation: ${addOn.source.file}, ${addOn.source.section}` },
      });
    }
    for (const sep of file.separateProcedures) {
      const withMain = sep.integralTo.filter((c) => requested.has(c));
      if (!requested.has(sep.code) || withMain.length === 0) continue;
      add({
        kind: 'separate-procedure', severity: 'denies', code: sep.code, relatedCodes: withMain,
        message: `${sep.code} is a "separate procedure" code requested with ${withMain.join(', ')}, of which it is an integral part.`,
        letterSentence: `Code ${sep.code} is part of the larger procedure also requested (${withMain.join(', ')}) and should not be requested in addition to it, so it is not medically necessary as requested.`,
        source: { ...section('Primary Procedure Not Authorized'), note: `"Separate procedure" designation: ${sep.source.file}, ${sep.source.section}` },
      });
    }
    for (const pair of file.pairs) {
      if (!requested.has(pair.keep) || !requested.has(pair.drop)) continue;
      add(pairFinding(pair.kind, pair.drop, pair.keep, { ...section(pair.kind === 'mutually-exclusive' ? 'Mutually Exclusive Codes' : 'Unbundling Codes'), note: `${pair.source.file}, ${pair.source.section}` }));
    }
    for (const line of input.codes) {
      const limit = file.unitLimits.find((u) => u.code === line.code);
      if (limit && line.units > limit.maxUnits) {
        add({
          kind: 'units-exceed-limit', severity: 'denies', code: line.code, relatedCodes: [],
          message: `${line.code} is requested for ${line.units} units; it is limited to ${limit.maxUnits}.`,
          letterSentence: `Code ${line.code} was requested ${line.units} times, but it can be used at most ${limit.maxUnits} time(s) for this service, so the extra units are not medically necessary.`,
          source: { ...section('Quantity of Units/Levels'), note: `${limit.source.file}, ${limit.source.section}` },
        });
      }
      const unlisted = file.unlisted.find((u) => u.code === line.code);
      if (unlisted) {
        add({
          kind: 'unlisted-code', severity: 'advisory', code: line.code, relatedCodes: [],
          message: `${line.code} is an unlisted code (${unlisted.description}); if a Category III code accurately reflects the service, it should be requested instead (see the Management of Unlisted Codes document).`,
          letterSentence: `Code ${line.code} is a general code for a procedure without its own code; a more specific code should be used if one describes the service.`,
          source: section('CPT® Category III Codes'),
        });
      }
    }
  }

  const ptp = input.ncci?.ptp;
  if (ptp) {
    for (const edit of ptp.edits) {
      if (!requested.has(edit.column1) || !requested.has(edit.column2) || edit.column1 === edit.column2) continue;
      if (!isActiveOn(edit, input.dateOfService) || edit.modifierIndicator === '9') continue;
      const kind = /mutually exclusive/i.test(edit.rationale) ? 'mutually-exclusive' : 'bundled';
      const src: SourceRef = {
        ...section(kind === 'mutually-exclusive' ? 'Mutually Exclusive Codes' : 'Unbundling Codes'),
        note: `CMS NCCI procedure-to-procedure edit ${edit.column1}/${edit.column2} (${edit.rationale || 'no rationale given'}), imported from ${ptp.importedFrom}.`,
      };
      if (edit.modifierIndicator === '0') {
        add(pairFinding(kind, edit.column2, edit.column1, src));
        continue;
      }
      const col2Modifiers = input.codes.filter((c) => c.code === edit.column2).flatMap((c) => c.modifiers ?? []);
      if (col2Modifiers.some((m) => NCCI_ASSOCIATED_MODIFIERS.has(m))) continue;
      add({ ...pairFinding(kind, edit.column2, edit.column1, src), severity: 'advisory',
        message: `${edit.column2} is column 2 to ${edit.column1} in an NCCI edit that allows the pair only with a modifier showing a distinct service; none was given.` });
    }
  }

  const mue = input.ncci?.mue;
  if (mue) {
    for (const line of input.codes) {
      const entry = mue.entries.find((e) => e.code === line.code);
      if (!entry || line.units <= entry.maxUnits) continue;
      // Indicator 2 is an absolute date-of-service limit; 1 (per line) and 3 (clinical) can be exceeded with documentation.
      const absolute = entry.adjudicationIndicator.trim().startsWith('2');
      add({
        kind: 'units-exceed-limit', severity: absolute ? 'denies' : 'advisory', code: line.code, relatedCodes: [],
        message: `${line.code} is requested for ${line.units} units; the CMS medically unlikely edit allows ${entry.maxUnits} (${entry.adjudicationIndicator}${entry.rationale ? `; ${entry.rationale}` : ''}).`,
        letterSentence: `Code ${line.code} was requested ${line.units} times, which is more than is usually needed for this service (${entry.maxUnits}), and the records do not support the extra units.`,
        source: { ...section('Quantity of Units/Levels'), note: `CMS NCCI medically unlikely edit, imported from ${mue.importedFrom}.` },
      });
    }
  }
  return findings;
}

function pairFinding(kind: 'mutually-exclusive' | 'bundled', drop: string, keep: string, source: SourceRef): CodingFinding {
  return kind === 'mutually-exclusive'
    ? {
        kind, severity: 'denies', code: drop, relatedCodes: [keep], source,
        message: `${drop} and ${keep} are mutually exclusive; ${drop} is not the code that most accurately reflects the procedure.`,
        letterSentence: `Codes ${drop} and ${keep} describe procedures that cannot reasonably be done together on the same day, so code ${drop} is not medically necessary.`,
      }
    : {
        kind, severity: 'denies', code: drop, relatedCodes: [keep], source,
        message: `${drop} is a component of ${keep} (unbundled) and should not be requested in addition to it.`,
        letterSentence: `Code ${drop} is part of the more complete procedure also requested (${keep}), so it is not medically necessary to request it separately.`,
      };
}
