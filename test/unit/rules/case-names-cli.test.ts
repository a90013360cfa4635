/**
 * The CLI refuses a case file that names what the rules in effect do not know, listing every
 * problem with where it is, what was expected and the nearest known name; `evaluate` exits 1 when
 * the evaluation has errors; `rules criteria` lists the ids, facts and units a case file may use.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../main/cli/command';
import { evaluateCaseCommand } from '../../../main/cli/evaluate-case';
import { rulesCriteria } from '../../../main/cli/rules-criteria';
import { runCli } from '../../../main/cli';
import { buildCase, RULES_DIR } from './case-builder';

const temps: string[] = [];
afterEach(async () => {
  for (const d of temps.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function io(): Promise<CliContext & { lines: string[]; errors: string[] }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'names-cli-'));
  temps.push(dataDir);
  const lines: string[] = [];
  const errors: string[] = [];
  return { dataDir, appRoot: path.dirname(RULES_DIR), openStore: () => Promise.reject(new Error('no store')), useDataFolder: async () => undefined, out: (l) => lines.push(l), err: (l) => errors.push(l), lines, errors };
}

async function write(ctx: { dataDir: string }, value: unknown, name = 'case.json'): Promise<string> {
  const file = path.join(ctx.dataDir, name);
  await fs.writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('evaluate refuses what is mistyped, all problems at once', () => {
  it('names each unknown criterion id, fact name, check code, check kind and indication, with the nearest known name', async () => {
    const ctx = await io();
    const file = await write(ctx, buildCase({
      findings: {
        'CMM-211.trial.conservative-car': { status: 'met' },
        'CMM-211.trial.conservative-care': { status: 'met', facts: { conservativeCareMonth: 7 } },
      },
      checks: [{ kind: 'contingency-codes', code: '63560', answer: 'yes' }],
      indication: 'crsp',
      marks: [{ id: 'm1', criterionIds: ['CMM.PRF.pa.history-exm'] }],
    }));
    expect(await evaluateCaseCommand.run([file], ctx)).toBe(1);
    expect(ctx.lines).toEqual([]);
    expect(ctx.errors[0]).toMatch(/names what the rules in effect on 2026-12-07 do not know \(5 problems\):$/);
    const body = ctx.errors.slice(1).join('\n');
    expect(body).toContain('findings.CMM-211.trial.conservative-car: "CMM-211.trial.conservative-car" is not a criterion of the guidelines applied on 2026-12-07; did you mean "CMM-211.trial.conservative-care"?');
    expect(body).toContain('findings.CMM-211.trial.conservative-care.facts.conservativeCareMonth: CMM-211.trial.conservative-care records its value as "conservativeCareMonths" (months), not "conservativeCareMonth". Expected: the fact name "conservativeCareMonths".');
    expect(body).toContain('marks[0].criterionIds[0]: "CMM.PRF.pa.history-exm" is not a criterion');
    expect(body).toContain('did you mean "CMM.PRF.pa.history-exam"?');
    expect(body).toContain('checks[0].code: "63560" is not a requested code; did you mean "63650"?');
    expect(body).toContain('indication.id: "crsp" is not an indication of the guideline applied; did you mean "crps"?');
  });

  it('lists every schema problem, each with its path, and the nearest allowed value for a mistyped choice', async () => {
    const ctx = await io();
    const c = JSON.parse(JSON.stringify(buildCase()));
    c.request.codes[0].units = 0;
    c.request.urgency = 'expidited';
    c.findings['CMM-211.trial.surgery-not-indicated'] = { status: 'mett' };
    const file = await write(ctx, `\uFEFF${JSON.stringify(c)}`);
    expect(await evaluateCaseCommand.run([file], ctx)).toBe(1);
    expect(ctx.errors[0]).toMatch(/is not a valid case file \(3 problems\):$/);
    expect(ctx.errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^ {2}request\.codes\[0\]\.units: Too small/),
      expect.stringMatching(/^ {2}request\.urgency: .*did you mean "expedited"\?$/),
      expect.stringMatching(/^ {2}findings\.CMM-211\.trial\.surgery-not-indicated\.status: .*did you mean "met"\?$/),
    ]));
  });

  it('exits 1 when the evaluation has errors, still printing the evaluation', async () => {
    const ctx = await io();
    const file = await write(ctx, buildCase({ dateOfService: '2024-07-31' }));
    expect(await evaluateCaseCommand.run([file], ctx)).toBe(1);
    expect(JSON.parse(ctx.lines.join('\n')).errors[0].kind).toBe('no-version-in-effect');
    expect(ctx.errors.join('\n')).toContain('2024-07-31 is before every encoded version of CMM.PRF');
  });

  it('exits 0 on a valid case, and says on stderr what blocks signing', async () => {
    const ctx = await io();
    const file = await write(ctx, buildCase({ findings: { 'CMM-211.trial.conservative-care': { status: 'met' } } }));
    expect(await evaluateCaseCommand.run([file], ctx)).toBe(0);
    expect(ctx.errors).toEqual([expect.stringContaining('findings.CMM-211.trial.conservative-care.facts.conservativeCareMonths: "Failure of at least six consecutive months')]);
  });
});

describe('rules criteria <guideline> --date', () => {
  it('lists the criterion ids, facts with units and thresholds, indications and checks in effect', async () => {
    const ctx = await io();
    expect(await rulesCriteria.run(['CMM-211', '--date', '2026-12-07'], ctx)).toBe(0);
    const out = ctx.lines.join('\n');
    expect(out).toMatch(/^Criteria in effect for CMM-211 on 2026-12-07:/);
    expect(out).toContain('CMM.PRF v1.0.2026 (preface), effective 2026-08-04 to open; 001_9263939c6024a100.txt');
    expect(out).toContain('CMM-211.trial.conservative-care  {fact conservativeCareMonths (months) >= 6}');
    expect(out).toContain('CMM-211.permanent.trial-pain-reduction  {fact trialPainReductionPercent (percent) >= 50}');
    expect(out).toContain('CMM.PRF.pa.exception-records  {applies when exception-requested}');
    expect(out).toMatch(/crps {2}Complex regional pain syndrome/);
    expect(out).toMatch(/units-levels {2}Do the records support the number of units/);
  });

  it('on a date before the clinical-information policy, says it is not in effect yet; an unknown guideline gets the nearest id', async () => {
    const ctx = await io();
    expect(await rulesCriteria.run(['CMM-210', '--date', '2025-01-10', '--json'], ctx)).toBe(0);
    const json = JSON.parse(ctx.lines.join('\n'));
    expect(json.rules.map((r: { id: string; version: string }) => `${r.id}@${r.version}`)).toEqual(['CMM.PRF@2024-08-01', 'CMM-210-IT-PERMANENT@FAQ (undated)', 'CMM-210-IT-TRIAL@FAQ (undated)']);
    expect(json.notYetInEffect).toEqual([{ id: 'CLIN-INFO', effectiveFrom: '2025-02-01' }]);
    const bad = await io();
    expect(await rulesCriteria.run(['CMM-2111'], bad)).toBe(1);
    expect(bad.errors).toEqual(['CMM-2111 is not a guideline in the catalogue; did you mean CMM-211?']);
  });

  it('is listed by help and checks its date', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await runCli(['help'], { out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(0);
    expect(out.join('\n')).toContain('rules criteria <guideline> [--date YYYY-MM-DD]');
    expect(await runCli(['rules', 'criteria', 'CMM-211', '--date', '12/07/2026'], { out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(2);
    expect(err[0]).toMatch(/^--date is YYYY-MM-DD/);
  });
});
