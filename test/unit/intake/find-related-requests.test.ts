import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodeFamilies, findRelatedRequests, outcomeOfCase, type EarlierRequest } from '../../../shared/intake/find-related-requests';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const families = CodeFamilies.parse(JSON.parse(readFileSync(path.join(root, 'rules', 'code-families.json'), 'utf8')));

const earlier = (over: Partial<EarlierRequest>): EarlierRequest => ({ memberId: 'W1', codes: ['63650'], date: '2026-06-01', outcome: 'approved', origin: 'case', caseId: 'A', ...over });

describe('code families', () => {
  it('the rules file validates, cites a source per family, and puts no code in two families', () => {
    expect(families.families.map((f) => f.id)).toEqual(expect.arrayContaining(['spinal-cord-stimulation', 'intrathecal-drug-delivery']));
    const scs = families.families.find((f) => f.id === 'spinal-cord-stimulation')!;
    expect(scs.codes).toEqual(expect.arrayContaining(['63650', '63655', '63685', '63688', '63661', '63662', '63663', '63664']));
    const it = families.families.find((f) => f.id === 'intrathecal-drug-delivery')!;
    expect(it.codes).toEqual(expect.arrayContaining(['62350', '62351', '62360', '62361', '62362', '62324', '62325', '62326', '62327']));
    const bad = structuredClone(families);
    bad.families[1]!.codes.push('63650');
    expect(CodeFamilies.safeParse(bad).success).toBe(false);
  });
});

describe('findRelatedRequests', () => {
  const q = { memberId: 'W1', codes: ['63685'], date: '2026-10-01', windowDays: 180 };

  it('finds the same code and the same family, with the earlier outcome and what the Preface asks', () => {
    const found = findRelatedRequests(
      { ...q, codes: ['63650', '63685'] },
      [earlier({ caseId: 'trial', codes: ['63650'] }), earlier({ caseId: 'pump', codes: ['62362'] })],
      families,
    );
    expect(found.map((r) => r.caseId)).toEqual(['trial']);
    const kinds = found[0]!.matches.map((m) => `${m.requested}:${m.kind}`).sort();
    expect(kinds).toEqual(['63650:same-code', '63685:same-family']);
    expect(found[0]!.asks).toMatch(/effect/);
  });

  it('respects the window on both sides, inclusive at its edge', () => {
    const at = (date: string) => findRelatedRequests(q, [earlier({ date })], families).length;
    expect(at('2026-04-04')).toBe(1); // 180 days before
    expect(at('2026-04-03')).toBe(0); // 181 days before
    expect(at('2026-10-01')).toBe(1);
    expect(at('2027-03-30')).toBe(1); // a duplicate for a later date is still a duplicate
    expect(at('2027-03-31')).toBe(0);
    expect(findRelatedRequests({ ...q, windowDays: 365 }, [earlier({ date: '2026-01-01' })], families)).toHaveLength(1);
  });

  it('ignores other members, unrelated codes and the case itself', () => {
    expect(findRelatedRequests(q, [earlier({ memberId: 'W2' })], families)).toHaveLength(0);
    expect(findRelatedRequests(q, [earlier({ codes: ['64490'] })], families)).toHaveLength(0);
    expect(findRelatedRequests({ ...q, excludeCaseId: 'A' }, [earlier({})], families)).toHaveLength(0);
    expect(findRelatedRequests({ ...q, memberId: ' w1 ' }, [earlier({})], families)).toHaveLength(1);
  });

  it('asks for documentation of non-performance when the earlier service was authorized but not performed', () => {
    const [r] = findRelatedRequests(q, [earlier({ origin: 'listed', caseId: undefined, performed: false })], families);
    expect(r!.asks).toMatch(/not performed/);
    const [d] = findRelatedRequests(q, [earlier({ outcome: 'denied' })], families);
    expect(d!.asks).toMatch(/denied/);
  });

  it('takes a case outcome from its latest signed revision', () => {
    const rev = (outcomes: string[]) => ({ revisions: [{ determinations: outcomes.map((outcome) => ({ outcome })) }] }) as unknown as { revisions: never[] };
    expect(outcomeOfCase({ status: 'signed', ...rev(['approved']) })).toBe('approved');
    expect(outcomeOfCase({ status: 'signed', ...rev(['approved', 'denied-not-medically-necessary']) })).toBe('partially-approved');
    expect(outcomeOfCase({ status: 'signed', ...rev(['denied-coding']) })).toBe('denied');
    expect(outcomeOfCase({ status: 'in-review', revisions: [] })).toBe('in-review');
  });
});
