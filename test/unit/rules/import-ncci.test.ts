import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importNcci, NcciImportError, parseNcciTable } from '../../../main/codes/import-ncci';
import { loadImportedNcci } from '../../../main/rules/load-rules';
import { evaluateCase } from '../../../shared/rules/evaluate-case';
import { buildCase, realRules, RULES_DIR } from './case-builder';

const FIXTURES = path.join(path.dirname(RULES_DIR), 'test/fixtures/ncci');
const NOW = new Date('2026-11-20T10:00:00Z');
const temps: string[] = [];
afterEach(async () => {
  for (const d of temps.splice(0)) await fs.rm(d, { recursive: true, force: true });
});
async function tempDir() {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'ncci-test-'));
  temps.push(d);
  return d;
}

describe('NCCI import', () => {
  it('reads the tab-separated PTP layout with its header lines', async () => {
    const table = parseNcciTable(await fs.readFile(path.join(FIXTURES, 'ptp-practitioner.txt'), 'utf8'), 'ptp.txt', NOW.toISOString());
    if (table.kind !== 'ncci-ptp') throw new Error('expected PTP');
    expect(table.edits).toHaveLength(4);
    expect(table.edits[1]).toEqual({ column1: '63685', column2: '63688', priorTo1996: false, effectiveDate: '2006-01-01', deletionDate: null, modifierIndicator: '0', rationale: 'Mutually exclusive procedures' });
    expect(table.edits[2]!.priorTo1996).toBe(true);
    expect(table.edits[3]!.deletionDate).toBe('2013-01-01');
  });

  it('reads the quoted CSV layouts and saves each table where the engine looks for it', async () => {
    const dir = await tempDir();
    const ptp = await importNcci(path.join(FIXTURES, 'ptp-practitioner.csv'), dir, NOW);
    expect(ptp).toEqual({ kind: 'ncci-ptp', rows: 2, savedTo: path.join(dir, 'codes', 'ncci-ptp.json') });
    const mue = await importNcci(path.join(FIXTURES, 'mue-practitioner.csv'), dir, NOW);
    expect(mue).toMatchObject({ kind: 'mue', rows: 3 });
    expect((await fs.readdir(path.join(dir, 'codes'))).sort()).toEqual(['mue.json', 'ncci-ptp.json']);
    const loaded = await loadImportedNcci(dir);
    expect(loaded?.mue?.entries[1]).toEqual({ code: '63685', maxUnits: 1, adjudicationIndicator: '2 Date of Service Edit: Policy', rationale: 'Code Descriptor / CPT Instruction' });
    expect(loaded?.ptp?.importedAt).toBe('2026-11-20T10:00:00.000Z');
  });

  it('refuses a file that is neither table, and a malformed row with its line number', async () => {
    const dir = await tempDir();
    await expect(importNcci(path.join(FIXTURES, 'not-ncci.csv'), dir)).rejects.toThrow(NcciImportError);
    const bad = path.join(dir, 'bad.csv');
    await fs.writeFile(bad, '"Column 1","Column 2","*","Effective Date","Deletion Date","Modifier","Rationale"\n"63685","63688","","20060101","*","5","x"\n');
    await expect(importNcci(bad, dir)).rejects.toThrow(/bad\.csv line 2: modifier indicator "5"/);
    expect(await loadImportedNcci(dir)).toBeUndefined();
  });

  it('evaluateCase applies imported PTP edits in force on the date of service, and MUE limits', async () => {
    const rules = await realRules();
    const dir = await tempDir();
    await importNcci(path.join(FIXTURES, 'ptp-practitioner.txt'), dir, NOW);
    await importNcci(path.join(FIXTURES, 'mue-practitioner.csv'), dir, NOW);
    const ncci = await loadImportedNcci(dir);
    const ev = evaluateCase(buildCase({ codes: [{ code: '63650', units: 2 }, { code: '63685', units: 2 }, { code: '63688' }, { code: '62322' }] }), { ...rules, ncci });
    expect(ev.codingFindings.map((f) => [f.kind, f.code, f.severity])).toEqual([
      ['bundled', '62322', 'advisory'],
      ['mutually-exclusive', '63688', 'denies'],
      ['units-exceed-limit', '63685', 'denies'],
    ]);
    expect(ev.codes.find((c) => c.code === '63685')).toMatchObject({ recommendation: 'coding', reasons: [expect.objectContaining({ criterionId: 'coding.units-exceed-limit' })] });
    // With the distinct-service modifier the modifier-1 edit allows the pair.
    const withModifier = evaluateCase(buildCase({ codes: [{ code: '63650', units: 2 }, { code: '62322', modifiers: ['XS'] }] }), { ...rules, ncci });
    expect(withModifier.codingFindings).toEqual([]);
    // An edit deleted before the date of service does not apply.
    const deleted = evaluateCase(buildCase({ guidelineId: 'CMM-609', codes: [{ code: '22612' }, { code: '22614' }] }), { ...rules, ncci });
    expect(deleted.codingFindings).toEqual([]);
  });
});
