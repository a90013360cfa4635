/**
 * The evidence API on the real services (encrypted store, text service, rules, lexicon) with the
 * demo case: labelled suggestions with ready anchors, a months-of-care proposal with its arithmetic
 * and two passages, accepting it through marks.add and findings.set (audited, the criterion met by
 * its value), offers that change nothing by themselves, and clear refusals.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openWorkbench, ROOT, type Workbench } from '../decision/decision-fixture';
import { createWorkbenchDispatch } from '../../../main/workbench-api';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import { openSession } from '../../../main/security/session';
import { createSessionHandlers } from '../../../main/security/session-handlers';
import { createMemoryKeyring, TEST_SCRYPT } from '../../support/memory-keyring';

const CARE = 'CMM-211.trial.conservative-care';
let wb: Workbench;
let caseId: string;

beforeAll(async () => {
  wb = await openWorkbench();
  caseId = (await wb.call('cases.loadDemo', {})).caseId;
}, 60_000);

describe('evidence.suggest', () => {
  it('labels each passage and gives an anchor that marks it, changing nothing by itself', async () => {
    const before = await wb.call('cases.open', { caseId });
    const { suggestions } = await wb.call('evidence.suggest', { caseId, criterionId: 'CMM-211.trial.mental-health-evaluation', limit: 6 });
    expect(suggestions.length).toBe(6);
    expect(suggestions[0]).toMatchObject({ polarity: 'supports', section: 'IMPRESSION', encounterDate: '2026-09-22' });
    expect(suggestions[0]!.quote).toMatch(/^No evidence of an inadequately controlled mental health problem/);
    for (const s of suggestions) {
      expect(s.anchor.rects.length).toBeGreaterThan(0);
      expect(s.anchor.quote).toBe(s.quote);
      if (s.polarity === 'negated' || s.polarity === 'uncertain') expect(s.because.cue).toBeDefined();
    }
    const after = await wb.call('cases.open', { caseId });
    expect(after.caseFile.marks).toEqual(before.caseFile.marks);
    expect(after.caseFile.findings).toEqual(before.caseFile.findings);
  });

  it('refuses a criterion that does not apply to the case', async () => {
    expect(await wb.refused('evidence.suggest', { caseId, criterionId: 'CMM-210.trial.cancer.indication', limit: 5 })).toMatchObject({ code: 'not-found' });
    expect(await wb.refused('evidence.proposeFacts', { caseId, criterionId: 'no.such' })).toMatchObject({ code: 'not-found' });
  });
});

describe('evidence.proposeFacts', () => {
  it('proposes the months of care with its arithmetic and the two passages it rests on', async () => {
    const { proposals } = await wb.call('evidence.proposeFacts', { caseId, criterionId: CARE });
    expect(proposals).toHaveLength(1);
    const p = proposals[0]!;
    expect(p).toMatchObject({ factName: 'conservativeCareMonths', unit: 'months', value: 9.7 });
    expect(p.arithmetic).toBe("01/06/2026 → 10/28/2026 (the visit's date): 295 days ÷ 30.44 = 9.7 months");
    expect(p.basis.map((b) => [b.role, b.date, b.alreadyMarked])).toEqual([
      ['start', '2026-01-06', false],
      ['end', '2026-10-28', false],
    ]);
    expect(p.basis[0]!.quote).toContain('01/06/2026 - 08/04/2026');
    expect(new Set(p.basis.map((b) => `${b.docSha256}:${b.page}:${b.anchor.textStart}`)).size).toBe(2);
    expect((await wb.call('evidence.proposeFacts', { caseId, criterionId: 'CMM-211.trial.surgery-not-indicated' })).proposals).toEqual([]);
  });

  it('becomes the value, with its marks, only through marks.add and findings.set, both audited', async () => {
    const [p] = (await wb.call('evidence.proposeFacts', { caseId, criterionId: CARE })).proposals;
    const marks = [];
    for (const b of p!.basis) marks.push(await wb.call('marks.add', { caseId, anchor: b.anchor, criterionIds: [CARE], note: `${b.role} of the proposed months of care` }));
    await wb.call('findings.set', { caseId, criterionId: CARE, facts: { [p!.factName]: p!.value } });
    const { evaluation } = await wb.call('review.evaluate', { caseId });
    type Node = { id: string; status: string; decidedBy?: string; children?: Node[] };
    const find = (n: Node): Node | undefined => (n.id === CARE ? n : (n.children ?? []).map(find).find(Boolean));
    const leaf = evaluation.rules.map((r) => find(r.tree as Node)).find(Boolean);
    // 9.7 months against "at least six": met by the value, which the director accepted.
    expect(leaf).toMatchObject({ status: 'met', decidedBy: 'fact' });
    const open = await wb.call('cases.open', { caseId });
    expect(open.caseFile.findings[CARE]!.facts).toEqual({ conservativeCareMonths: 9.7 });
    const { events } = await wb.call('audit.list', { caseId });
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'mark-added')).toHaveLength(2);
    expect(types).toContain('finding-set');
    expect(events.find((e) => e.type === 'mark-added')!.details).toMatchObject({ markId: marks[0]!.id });
    // Accepted: the passages now count as marked, so accepting again would not mark them twice.
    const again = (await wb.call('evidence.proposeFacts', { caseId, criterionId: CARE })).proposals[0]!;
    expect(again.basis.every((b) => b.alreadyMarked)).toBe(true);
  });
});

describe('a broken lexicon', () => {
  it('is a clear error where suggestions would be, not a crash', async () => {
    const appRoot = mkdtempSync(path.join(tmpdir(), 'wb-broken-lexicon-'));
    cpSync(path.join(ROOT, 'rules'), path.join(appRoot, 'rules'), { recursive: true });
    cpSync(path.join(ROOT, 'resources'), path.join(appRoot, 'resources'), { recursive: true });
    writeFileSync(path.join(appRoot, 'rules', 'lexicon', 'context-cues.json'), '{ "title": "half a file"');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'wb-broken-lexicon-data-'));
    const session = await openSession({ dataDir, keyWrapper: createMemoryKeyring(), scrypt: TEST_SCRYPT });
    await loadDemoCase(session.store, path.join(appRoot, 'resources'));
    const dispatch = createWorkbenchDispatch({ store: session.store, appRoot, dataDir, reviewer: () => 'unit' }, createSessionHandlers(session));
    const r = await dispatch('evidence.suggest', { caseId: 'demo-scs-trial', criterionId: CARE, limit: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-rules');
      expect(r.error.message).toMatch(/clinical lexicon could not be loaded.*context-cues\.json: \$: not valid JSON/);
    }
  }, 60_000);
});
