/** The imaging studies decide the Preface's imaging leaf inside evaluateCase, and the CLI agrees. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli';
import { CaseFile } from '../../../shared/case/schema';
import { evaluateCase } from '../../../shared/rules/evaluate-case';
import { findNode } from '../../../shared/rules/evaluate-criteria';
import { Evaluation } from '../../../shared/rules/evaluation';
import { IMAGING_LEAF_ID } from '../../../shared/imaging/reconcile-imaging';
import { allMet, buildCase, realRules, ruleVersion } from '../rules/case-builder';
import { mri, PROVIDER_MARK, RADIOLOGIST_MARK, RECONCILING_MARK, significant } from './study-fixture';

const DOS = '2026-12-07';
const SHA = 'a'.repeat(64);

/** Every criterion met by the reviewer, the three marks the studies link, and the given studies. */
async function caseWith(studies: unknown[], findingOverrides: Record<string, { status: 'met' | 'not-met' | 'unreviewed' | 'not-documented' }> = {}) {
  const rules = await realRules();
  const files = [ruleVersion(rules, 'CMM.PRF', DOS), ruleVersion(rules, 'CLIN-INFO', DOS), ruleVersion(rules, 'CMM-211-SCS-TRIAL', DOS)];
  const base = buildCase({ findings: allMet(files, findingOverrides) });
  const mark = (id: string) => ({ id, kind: 'text', docSha256: SHA, page: 1, rects: [], quote: id, createdAt: '2026-11-20T09:00:00-05:00', createdBy: 'dr', criterionIds: [IMAGING_LEAF_ID] });
  const caseFile = CaseFile.parse({
    ...base,
    documents: [{ sha256: SHA, name: 'records', pageCount: 3, addedAt: '2026-11-20T09:00:00-05:00' }],
    marks: [mark(RADIOLOGIST_MARK), mark(PROVIDER_MARK), mark(RECONCILING_MARK)],
    imaging: studies,
  });
  return { rules, caseFile };
}

function imagingLeaf(ev: Evaluation) {
  return findNode(ev.rules.find((r) => r.ruleId === 'CMM.PRF')!.tree, IMAGING_LEAF_ID)!;
}

describe('evaluateCase with imaging studies', () => {
  it('an unreconciled significant discrepancy makes the leaf not met and the reason names the study', async () => {
    const { rules, caseFile } = await caseWith([mri({ discrepancy: significant })]);
    const ev = evaluateCase(caseFile, rules);
    expect(imagingLeaf(ev)).toMatchObject({ status: 'not-met', decidedBy: 'imaging', detail: [expect.stringMatching(/^MRI lumbar spine of March 3, 2026: /)] });
    expect(ev.codes[0]!.recommendation).toBe('cannot-establish');
    expect(ev.codes[0]!.reasons).toEqual([expect.objectContaining({
      criterionId: IMAGING_LEAF_ID,
      letterSentence: 'The MRI of March 3, 2026 was read differently by the radiologist and by Dr. Vasquez, and the records sent do not explain the difference.',
    })]);
  });

  it('recording the reconciliation turns it met and the code approvable', async () => {
    const { rules, caseFile } = await caseWith([mri({ discrepancy: significant, reconciliation: { reconciledInRecords: true, markIds: [RECONCILING_MARK], note: 'Addendum' } })]);
    const ev = evaluateCase(caseFile, rules);
    expect(imagingLeaf(ev)).toMatchObject({ status: 'met', decidedBy: 'imaging' });
    expect(ev.codes[0]!.recommendation).toBe('approve');
  });

  it('removing the mark that reconciles reopens the requirement', async () => {
    const { rules, caseFile } = await caseWith([mri({ discrepancy: significant, reconciliation: { reconciledInRecords: true, markIds: [RECONCILING_MARK] } })]);
    caseFile.marks = caseFile.marks.map((m) => (m.id === RECONCILING_MARK ? { ...m, removed: { at: '2026-11-21T09:00:00-05:00', by: 'dr', reason: '' } } : m));
    expect(imagingLeaf(evaluateCase(caseFile, rules)).status).toBe('unreviewed');
  });

  it("the reviewer's met finding does not override the studies' not met; a stricter finding does", async () => {
    const { rules, caseFile } = await caseWith([mri({ discrepancy: significant })], { [IMAGING_LEAF_ID]: { status: 'met' } });
    expect(imagingLeaf(evaluateCase(caseFile, rules)).status).toBe('not-met');
    const agreeing = await caseWith([mri({ discrepancy: { level: 'none' } })], { [IMAGING_LEAF_ID]: { status: 'not-met' } });
    const ev = evaluateCase(agreeing.caseFile, agreeing.rules);
    expect(imagingLeaf(ev)).toMatchObject({ status: 'not-met', decidedBy: 'reviewer' });
    // The reviewer's own not-met keeps the rule's generic sentence: the studies did not fail.
    expect(ev.codes[0]!.reasons[0]!.letterSentence).toMatch(/^The scan results in the records/);
  });

  it('only non-advanced studies: the leaf is not applicable and the rest decides', async () => {
    const { rules, caseFile } = await caseWith([mri({ modality: 'x-ray', radiologistReading: { summary: '', markIds: [] } })], { [IMAGING_LEAF_ID]: { status: 'unreviewed' } });
    const ev = evaluateCase(caseFile, rules);
    expect(imagingLeaf(ev)).toMatchObject({ status: 'not-applicable', decidedBy: 'imaging' });
    expect(ev.codes[0]!.recommendation).toBe('approve');
  });

  it('without studies the leaf follows the finding, as before', async () => {
    const { rules, caseFile } = await caseWith([], { [IMAGING_LEAF_ID]: { status: 'not-met' } });
    expect(imagingLeaf(evaluateCase(caseFile, rules))).toMatchObject({ status: 'not-met', decidedBy: 'reviewer' });
  });

  it('npm run cli -- evaluate reads the studies from the case file and says the same', async () => {
    const { rules, caseFile } = await caseWith([mri({ discrepancy: significant })]);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'imaging-cli-'));
    const file = path.join(dir, 'case.json');
    await fs.writeFile(file, JSON.stringify(caseFile));
    const lines: string[] = [];
    const errors: string[] = [];
    expect(await runCli(['evaluate', file, '--data', dir], { out: (l) => lines.push(l), err: (l) => errors.push(l) })).toBe(0);
    const fromCli = Evaluation.parse(JSON.parse(lines.join('\n')));
    expect(imagingLeaf(fromCli)).toMatchObject({ status: 'not-met', decidedBy: 'imaging' });
    expect(fromCli.codes).toEqual(evaluateCase(caseFile, rules).codes);
  });
});
