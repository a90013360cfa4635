/** docs/case-file.md stays true: its worked example is a valid case file and evaluates as the page says. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseFile } from '../../../shared/case/schema';
import { evaluateCase } from '../../../shared/rules/evaluate-case';
import { realRules } from '../rules/case-builder';

const DOC = path.resolve(__dirname, '../../../docs/case-file.md');

describe('the worked example in docs/case-file.md', () => {
  it('parses, names only what the rules know, and is decided by the unreconciled MRI with most criteria unreviewed', async () => {
    const md = await fs.readFile(DOC, 'utf8');
    const block = /```json\n([\s\S]*?)\n```/.exec(md)?.[1];
    expect(block).toBeDefined();
    const c = CaseFile.parse(JSON.parse(block!));
    const ev = evaluateCase(c, await realRules());
    expect(ev.errors).toEqual([]);
    expect(ev.problems).toEqual([]);
    const code = ev.codes[0]!;
    expect(code.recommendation).toBe('cannot-establish');
    expect(code.reasons.map((r) => r.criterionId)).toEqual(['CMM.PRF.pa.imaging-independent-read']);
    expect(code.reasons[0]!.remedy).toBe('An addendum from the radiologist or Dr. Vasquez that reconciles the two readings of the MRI of March 3, 2026.');
    expect(code.alsoNotReviewed.length).toBeGreaterThan(5);
    // The knee replacement listed is not a similar procedure: no sequential criterion applies.
    expect(JSON.stringify(ev.rules[0]!.tree)).toContain('"id":"CMM.PRF.seq","kind":"any","text"');
    // Every field the table documents is in the example or the schema.
    for (const field of ['indication', 'checks', 'factMarkIds', 'priorRequests', 'address', 'supportedUnits', 'authorizationNumber']) expect(md).toContain(field);
  });
});
