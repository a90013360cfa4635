import { describe, expect, it } from 'vitest';
import { combineStatuses, evaluateCriteria } from '../../../shared/rules/evaluate-criteria';
import { CriterionGroup, RuleFile, type CriterionLeaf } from '../../../shared/rules/schema';
import { selectRuleVersion } from '../../../shared/rules/select-rule-version';
import { realRules } from './case-builder';

const src = { file: 'test', section: 'test' };
const leaf = (id: string, extra: Partial<CriterionLeaf> = {}): CriterionLeaf => ({ id, text: id, proves: id, searchTerms: [], notMetSentence: id, remedy: `fix ${id}`, source: src, ...extra });

describe('criteria tree', () => {
  it('all / any / atLeast derive their status bottom-up, three-valued: a failure decides whatever is unreviewed', () => {
    expect(combineStatuses('all', undefined, ['met', 'not-applicable', 'met'])).toBe('met');
    expect(combineStatuses('all', undefined, ['met', 'unreviewed', 'not-met'])).toBe('not-met');
    expect(combineStatuses('all', undefined, ['met', 'unreviewed', 'not-documented'])).toBe('not-documented');
    expect(combineStatuses('all', undefined, ['not-documented', 'not-met'])).toBe('not-met');
    expect(combineStatuses('all', undefined, ['met', 'unreviewed'])).toBe('unreviewed');
    expect(combineStatuses('all', undefined, ['met', 'not-documented'])).toBe('not-documented');
    expect(combineStatuses('all', undefined, ['not-applicable'])).toBe('not-applicable');
    expect(combineStatuses('any', undefined, ['not-met', 'met'])).toBe('met');
    expect(combineStatuses('any', undefined, ['not-met', 'unreviewed'])).toBe('unreviewed');
    expect(combineStatuses('any', undefined, ['not-met', 'not-documented'])).toBe('not-documented');
    expect(combineStatuses('any', undefined, ['not-met', 'not-applicable'])).toBe('not-met');
    expect(combineStatuses('atLeast', 2, ['met', 'met', 'not-met'])).toBe('met');
    expect(combineStatuses('atLeast', 2, ['met', 'not-met', 'not-met'])).toBe('not-met');
    expect(combineStatuses('atLeast', 2, ['met', 'unreviewed', 'not-met'])).toBe('unreviewed');
    expect(combineStatuses('atLeast', 2, ['met', 'not-documented', 'not-met'])).toBe('not-documented');
  });

  it('a fact value decides its leaf against the threshold; a failing finding still stands; met without the value is not met yet', () => {
    const tree = CriterionGroup.parse({ id: 'g', kind: 'atLeast', n: 2, children: [
      leaf('a', { fact: { name: 'weeks', label: 'w', unit: 'weeks', op: '>=', threshold: 6 } }),
      leaf('b', { fact: { name: 'pct', label: 'p', unit: 'percent', op: '>', threshold: 50 } }),
      leaf('c', { appliesWhen: 'exception-requested' }),
    ] });
    const run = (findings: Record<string, object>, conditions: string[] = []) => evaluateCriteria(tree, { findings, conditions: new Set(conditions as never[]) });
    const r = run({ a: { status: 'met', facts: { weeks: 6 } }, b: { status: 'met', facts: { pct: 50 } }, c: { status: 'met' } });
    expect(r.children!.map((c) => [c.status, c.decidedBy])).toEqual([['met', 'fact'], ['not-met', 'fact'], ['not-applicable', 'request']]);
    expect(r.status).toBe('not-met');
    // The value shows the threshold, not the rest of the criterion: the reviewer's "not met" stands over 6 weeks.
    expect(run({ a: { status: 'not-met', facts: { weeks: 6 } } }).children![0]).toMatchObject({ status: 'not-met', decidedBy: 'reviewer' });
    expect(run({ a: { facts: { weeks: 5.99 } }, b: { facts: { pct: 50.5 } } }).children!.map((c) => c.status)).toEqual(['not-met', 'met', 'not-applicable']);
    const noValue = run({ b: { status: 'met' }, c: { status: 'met' } }, ['exception-requested']).children!;
    expect(noValue.map((c) => [c.status, c.decidedBy, c.problem])).toEqual([['unreviewed', 'default', undefined], ['unreviewed', 'reviewer', 'value-missing'], ['met', 'reviewer', undefined]]);
  });

  it('the schema refuses an atLeast group without a sensible n', () => {
    expect(CriterionGroup.safeParse({ id: 'g', kind: 'atLeast', n: 3, children: [leaf('a')] }).success).toBe(false);
    expect(CriterionGroup.safeParse({ id: 'g', kind: 'all', n: 1, children: [leaf('a')] }).success).toBe(false);
  });
});

describe('version selection', () => {
  it('chooses the version in effect; the switch day belongs to the new version; before every version is an error', async () => {
    const rules = await realRules();
    const prefaces = rules.ruleFiles.filter((r) => r.id === 'CMM.PRF');
    const on = (d: string) => { const c = selectRuleVersion(prefaces, d); return c.ok ? c.rule.version : c.reason; };
    expect(on('2024-08-01')).toBe('2024-08-01');
    expect(on('2026-08-03')).toBe('2024-08-01');
    expect(on('2026-08-04')).toBe('v1.0.2026');
    expect(on('2031-01-01')).toBe('v1.0.2026');
    expect(on('2024-07-31')).toBe('before-every-version');
  });

  it('a gap after a version ended is an error, not a guess', async () => {
    const rules = await realRules();
    const only2024 = rules.ruleFiles.filter((r) => r.id === 'CMM.PRF' && r.version === '2024-08-01');
    const c = selectRuleVersion(only2024, '2026-09-01');
    expect(c).toMatchObject({ ok: false, reason: 'no-version-in-effect' });
    expect(RuleFile.safeParse({ ...only2024[0], effectiveTo: '2020-01-01' }).error?.issues[0]?.path).toEqual(['effectiveTo']);
  });
});
