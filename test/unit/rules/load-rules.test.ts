import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codesImport } from '../../../main/cli/codes-import';
import type { CliContext } from '../../../main/cli/command';
import { evaluateCaseCommand } from '../../../main/cli/evaluate-case';
import { rulesCheck } from '../../../main/cli/rules-check';
import { loadRules, RuleFileError } from '../../../main/rules/load-rules';
import { Evaluation } from '../../../shared/rules/evaluation';
import { leavesOf } from '../../../shared/rules/schema';
import { buildCase, RULES_DIR } from './case-builder';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'rules-test-'));
  temps.push(d);
  return d;
}
afterEach(async () => {
  for (const d of temps.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

function cli(dataDir: string): CliContext & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  const openStore = () => Promise.reject(new Error('rules commands do not open the case store'));
  return { dataDir, appRoot: path.dirname(RULES_DIR), openStore, useDataFolder: async () => undefined, out: (l) => lines.push(l), err: (l) => errors.push(l), lines, errors };
}

/** A copy of the real rules with one guideline file edited. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary JSON paths
async function brokenCopy(edit: (rule: any) => void): Promise<{ dir: string; file: string }> {
  const dir = await tempDir();
  await fs.cp(RULES_DIR, dir, { recursive: true });
  const file = path.join(dir, 'guidelines', 'cmm-211-scs-trial.json');
  const json = JSON.parse(await fs.readFile(file, 'utf8'));
  edit(json);
  await fs.writeFile(file, JSON.stringify(json));
  return { dir, file };
}

describe('loading the rules folder', () => {
  it('loads and validates every real rule file', async () => {
    const set = await loadRules(RULES_DIR);
    expect(set.ruleFiles.map((r) => `${r.id}@${r.effectiveFrom}`).sort()).toEqual([
      'CLIN-INFO@2025-02-01', 'CMM-210-IT-PERMANENT@2024-08-01', 'CMM-210-IT-TRIAL@2024-08-01', 'CMM-211-SCS-PERMANENT@2024-08-01',
      'CMM-211-SCS-TRIAL@2024-08-01', 'CMM.PRF@2024-08-01', 'CMM.PRF@2026-08-04',
    ]);
    for (const rule of set.ruleFiles) {
      for (const leaf of leavesOf(rule.criteria)) {
        expect(leaf.source.file, leaf.id).toMatch(/^00[0-4]_/);
        expect(leaf.notMetSentence, leaf.id).not.toMatch(/\b(SCS|CRPS|FBS|RSD|EIU|CMS|PT)\b/);
      }
    }
    expect(set.ruleFiles.flatMap((r) => leavesOf(r.criteria)).filter((l) => l.id.endsWith('imaging-independent-read')).length).toBe(2);
    expect(set.catalogue.entries.find((e) => e.id === 'CMM-211')!.encodedRuleIds).toEqual(['CMM-211-SCS-TRIAL', 'CMM-211-SCS-PERMANENT']);
  });

  it('an invalid rule file is an error naming the file, the JSON path and the reason', async () => {
    const { dir, file } = await brokenCopy((r) => { r.criteria.children[1].fact.threshold = 'six'; });
    const err = await loadRules(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuleFileError);
    expect((err as RuleFileError).file).toBe(file);
    expect((err as RuleFileError).jsonPath).toBe('$.criteria.children[1].fact.threshold');
    expect((err as Error).message).toMatch(/cmm-211-scs-trial\.json: \$\.criteria\.children\[1\]\.fact\.threshold: .*number/);
  });

  it('rejects a criterion id reused by another guideline, and unknown keys', async () => {
    const reused = await brokenCopy((r) => { r.criteria.children[2].id = 'CMM.PRF.pa.recent-consultation'; });
    await expect(loadRules(reused.dir)).rejects.toThrow(/criterion id CMM\.PRF\.pa\.recent-consultation is also used by (CMM\.PRF|CMM-211-SCS-TRIAL) \(.*\.json\)/);
    const typo = await brokenCopy((r) => { r.criteria.children[2].notMetSentense = 'x'; });
    await expect(loadRules(typo.dir)).rejects.toThrow(/\$\.criteria\.children\[2\]/);
  });
});

describe('CLI: rules check, evaluate, codes import', () => {
  it('rules check exits 0 on the real rules', async () => {
    const io = cli(await tempDir());
    expect(await rulesCheck.run([], io)).toBe(0);
    expect(io.lines[0]).toMatch(/^10 files valid/);
  });

  it('rules check exits 1 on a broken file, naming file, path and reason', async () => {
    const { dir } = await brokenCopy((r) => { delete r.criteria.children[3].notMetSentence; });
    const io = cli(await tempDir());
    expect(await rulesCheck.run(['--rules', dir], io)).toBe(1);
    expect(io.errors[0]).toMatch(/guidelines\/cmm-211-scs-trial\.json: \$\.criteria\.children\[3\]/);
  });

  it('evaluate prints the evaluation of a valid case file and refuses an invalid one', async () => {
    const dir = await tempDir();
    const good = path.join(dir, 'case.json');
    await fs.writeFile(good, JSON.stringify(buildCase()));
    const io = cli(dir);
    expect(await evaluateCaseCommand.run([good], io)).toBe(0);
    const ev = Evaluation.parse(JSON.parse(io.lines.join('\n')));
    expect(ev.codes[0]).toMatchObject({ code: '63650', recommendation: 'incomplete' });

    const bad = path.join(dir, 'bad.json');
    const broken = JSON.parse(JSON.stringify(buildCase()));
    broken.request.codes[0].code = '6365';
    await fs.writeFile(bad, JSON.stringify(broken));
    const io2 = cli(dir);
    expect(await evaluateCaseCommand.run([bad], io2)).toBe(1);
    expect(io2.errors[0]).toMatch(/bad\.json is not a valid case file \(1 problem\)/);
    expect(io2.errors[1]).toContain('request.codes[0].code: a CPT code is 5 digits');
  });

  it('evaluate uses the NCCI tables imported into the data folder', async () => {
    const dir = await tempDir();
    const io = cli(dir);
    const mue = path.join(path.dirname(RULES_DIR), 'test/fixtures/ncci/mue-practitioner.csv');
    expect(await codesImport.run([mue], io)).toBe(0);
    expect(io.lines[0]).toMatch(/Imported 3 MUE entries/);
    const caseFile = path.join(dir, 'case.json');
    await fs.writeFile(caseFile, JSON.stringify(buildCase({ codes: [{ code: '63650', units: 3 }] })));
    const io2 = cli(dir);
    expect(await evaluateCaseCommand.run([caseFile], io2)).toBe(0);
    const ev = Evaluation.parse(JSON.parse(io2.lines.join('\n')));
    expect(ev.codingFindings).toEqual([expect.objectContaining({ kind: 'units-exceed-limit', code: '63650', severity: 'advisory' })]);
  });

  it('the demo case evaluates to incomplete until the reviewer marks criteria', async () => {
    // The demo case ships with the app: a missing file is a failure, not a reason to skip.
    const demo = path.join(path.dirname(RULES_DIR), 'resources/demo/case.json');
    const io = cli(await tempDir());
    expect(await evaluateCaseCommand.run([demo], io)).toBe(0);
    const ev = Evaluation.parse(JSON.parse(io.lines.join('\n')));
    expect(ev.errors).toEqual([]);
    expect(ev.codes.map((c) => [c.code, c.recommendation])).toEqual([['63650', 'incomplete']]);
  });
});
