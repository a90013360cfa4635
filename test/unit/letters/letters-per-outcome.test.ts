/**
 * A letter for every outcome a director can sign, each made the way the app makes it: the real
 * rules evaluate a case, the Decision tab's prefill drafts the determination, the director signs,
 * the letter is rendered to PDF and read back with pdftotext. Checked in what the member reads:
 * no criterion id, the service in plain words, the wording of the outcome chosen, the remedy, the
 * reviewer's specialty, the mailing address, the authorization number on approvals; in the
 * provider's table every criterion id on one unbroken line; and the language-assistance and
 * nondiscrimination notice on a last page that is not near-empty.
 *
 * LETTER_PNG_DIR=<dir> also writes each page as a PNG (pdftoppm) to look at.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFile, Finding } from '../../../shared/case/schema';
import { prefillDeterminations } from '../../../shared/determination/prefill-determination';
import type { CodeDetermination, DeterminationOutcome } from '../../../shared/determination/schema';
import { latestRevision, signDetermination, startDraft } from '../../../shared/determination/sign-and-amend';
import { buildLetterModel, type LetterOptions } from '../../../shared/letter/letter-model';
import { criteriaForCase, evaluateCase } from '../../../shared/rules/evaluate-case';
import { leavesOf, nodeIdsOf } from '../../../shared/rules/schema';
import type { RuleSet } from '../../../shared/rules/rule-set';
import { loadLetterOptions } from '../../../main/letters/load-letter-resources';
import { renderDecisionLetter } from '../../../main/letters/render-decision-letter';
import { prefillInput } from '../../../main/decision/decision-state';
import { buildCase, realRules, type CaseOptions } from '../rules/case-builder';
import { mri, PROVIDER_MARK, RADIOLOGIST_MARK, significant } from '../imaging/study-fixture';
import { signer } from '../determination/case-fixture';

const root = path.resolve(__dirname, '../../..');
const ADDRESS = ['14 Elm Street', 'Rockford, IL 61101'];
let options: LetterOptions;
let rules: RuleSet;
let tmp: string;

beforeAll(async () => {
  [options, rules] = await Promise.all([loadLetterOptions(root), realRules()]);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'letters-outcome-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

interface Scenario {
  name: string;
  outcome: DeterminationOutcome;
  given: CaseOptions & { leaveOpen?: string[] };
  /** The director's changes to the prefilled draft, as in the Decision tab. */
  edit?: (d: CodeDetermination) => CodeDetermination;
  service: string;
  /** Words only the chosen outcome's letter uses. */
  wording: string;
}

const SCENARIOS: Scenario[] = [
  { name: 'approved', outcome: 'approved', given: { codes: [{ code: '63650', units: 2 }] }, service: 'spinal cord stimulator trial', wording: 'We have approved the request.' },
  {
    name: 'partially-approved', outcome: 'partially-approved',
    given: { codes: [{ code: '63650', units: 2 }], checks: [{ kind: 'units-levels', code: '63650', answer: 'no', supportedUnits: 1 }] },
    service: 'spinal cord stimulator trial', wording: 'We could not approve all the units or levels requested',
  },
  {
    name: 'not-medically-necessary', outcome: 'denied-not-medically-necessary',
    given: { codes: [{ code: '63650', units: 2 }], findings: { 'CMM-211.trial.conservative-care': { status: 'met', facts: { conservativeCareMonths: 4 } } } },
    service: 'spinal cord stimulator trial', wording: 'We decided that the service is not medically necessary for you',
  },
  {
    name: 'experimental', outcome: 'denied-experimental',
    given: { guidelineId: 'CMM-210', codes: [{ code: '62350', units: 1 }, { code: '62362', units: 1 }], diagnoses: ['E11.9'], indication: 'nonmalignant-pain', findings: { 'CMM-210.permanent.eiu.insulin': { status: 'met' } } },
    service: 'implanted programmable pump for medicine delivered into the spine', wording: 'considers this use of the service experimental, investigational, or unproven',
  },
  {
    name: 'coding', outcome: 'denied-coding',
    given: { codes: [{ code: '63650', units: 2 }, { code: '63655', units: 1 }, { code: '63685', units: 1 }], checks: [{ kind: 'contingency-codes', code: '63655', answer: 'yes' }] },
    service: 'spinal cord stimulator electrodes placed by surgery', wording: 'do not describe the service as it is planned',
  },
  {
    name: 'cannot-establish', outcome: 'cannot-establish',
    given: { codes: [{ code: '63650', units: 2 }], imaging: [mri({ discrepancy: significant })], marks: [{ id: RADIOLOGIST_MARK, criterionIds: [] }, { id: PROVIDER_MARK, criterionIds: [] }], leaveOpen: ['mental-health-evaluation', 'surgery-not-indicated'] },
    service: 'spinal cord stimulator trial', wording: 'We could not establish from the records sent that the service is medically necessary',
  },
  { name: 'redirected', outcome: 'redirected', given: { codes: [{ code: '63650', units: 2 }], indication: 'not-covered' }, service: 'spinal cord stimulator trial', wording: 'This is not a denial.' },
];

/** Reviews every criterion met (values at the threshold) but those the scenario leaves open or states. */
function reviewed(c: CaseOptions & { leaveOpen?: string[] }): CaseFile {
  const probe = buildCase(c);
  const findings: Record<string, Partial<Finding>> = {};
  for (const { rule } of criteriaForCase(probe, rules).rules) {
    for (const leaf of leavesOf(rule.criteria)) {
      if ((c.leaveOpen ?? []).some((x) => leaf.id.endsWith(x))) continue;
      findings[leaf.id] = leaf.fact ? { status: 'met', facts: { [leaf.fact.name]: leaf.fact.threshold } } : { status: 'met' };
    }
  }
  return buildCase({ ...c, memberAddress: ADDRESS, findings: { ...findings, ...(c.findings ?? {}) } });
}

/** Evaluate, prefill as the Decision tab does, add the director's rationale, sign. */
function decideAndSign(s: Scenario): CaseFile {
  let c = reviewed(s.given);
  const evaluation = evaluateCase(c, rules);
  const draft = prefillDeterminations(c, prefillInput(evaluation), new Date('2026-11-25T10:00:00Z'));
  draft.determinations = draft.determinations.map((d) => {
    const withRationale = { ...d, clinicalRationale: d.outcome === 'approved' || d.outcome === 'redirected' ? '' : 'Reviewed against this member\'s records.' };
    return s.edit ? s.edit(withRationale) : withRationale;
  });
  const started = startDraft(c, draft, new Date('2026-11-25T10:00:00Z'));
  if (!started.ok) throw new Error(started.problems.join(' '));
  c = started.caseFile;
  const signed = signDetermination(c, signer, new Date('2026-11-26T15:00:00Z'));
  if (!signed.ok) throw new Error(`${s.name}: ${signed.problems.join(' ')}`);
  return signed.caseFile;
}

const squash = (t: string) => t.replace(/\s+/g, ' ');

/** Every id a criterion, experimental use or determination rule can be cited by. */
function allCriterionIds(): string[] {
  const ids = new Set<string>();
  for (const r of rules.ruleFiles) {
    for (const id of nodeIdsOf(r.criteria)) ids.add(id);
    for (const u of r.experimentalUses) ids.add(u.id);
    for (const d of r.determinationRules) ids.add(`${r.id}.${d.kind}`);
  }
  return [...ids];
}

describe('a letter for every outcome, read back from the PDF', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (name, s) => {
    const c = decideAndSign(s);
    const rev = latestRevision(c)!;
    expect(rev.determinations.map((d) => d.outcome)).toContain(s.outcome);
    const pdf = await renderDecisionLetter(buildLetterModel(c, rev, options));
    const file = path.join(tmp, `${name}.pdf`);
    await fs.writeFile(file, pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    const layout = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    if (process.env.LETTER_PNG_DIR) execFileSync('pdftoppm', ['-r', '80', '-png', file, path.join(process.env.LETTER_PNG_DIR, name)]);

    const all = squash(text);
    const member = all.slice(all.indexOf('Dear '), all.indexOf('For the requesting provider: criteria detail'));
    expect(member.length).toBeGreaterThan(300);
    // No criterion id, and no seed file name, in what the member reads.
    for (const id of allCriterionIds()) expect(member, id).not.toContain(id);
    expect(member).not.toMatch(/\b00[0-4]_[0-9a-f]{16}\.txt\b|coding\.[a-z-]+/);
    // The service in plain words, the wording of the outcome chosen, the reviewer's specialty, the address.
    expect(member).toContain(s.service);
    expect(member).toContain(s.wording);
    expect(member).toContain('a specialist in Physical Medicine and Rehabilitation');
    expect(all).toContain('14 Elm Street Rockford, IL 61101');
    const d = rev.determinations.find((x) => x.outcome === s.outcome)!;
    if (d.outcome === 'approved' || d.outcome === 'partially-approved') {
      expect(d.authorizationNumber).toBe(`test-case-1-${d.code}`);
      expect(member).toContain(`Authorization number for code ${d.code}: ${d.authorizationNumber}`);
    }
    // The remedy from the rule data, not the problem restated.
    if (d.whatWouldChange) {
      expect(d.whatWouldChange).not.toMatch(/^Records showing the following/);
      // pdftotext joins a word hyphenated at a line end ("non-surgical"), so compare without hyphens and spaces.
      const bare = (t: string) => t.replace(/[-\s]/g, '');
      expect(bare(member)).toContain(bare(`What could change this decision: ${d.whatWouldChange}`));
    }
    // The provider's table keeps each criterion id, whole, on one line.
    for (const r of rev.determinations.flatMap((x) => x.reasons)) {
      if (r.criterionId) expect(layout.split('\n').some((line) => line.includes(r.criterionId!)), `${r.criterionId} unbroken`).toBe(true);
    }
    // The notice of language assistance and nondiscrimination (45 CFR 92.10, 92.11).
    expect(all).toContain('Free language help and aids are available to you.');
    expect(all).toContain('does not discriminate on the basis of race, color, national origin');
    expect(all).toContain('Office for Civil Rights');
    expect(all).toContain('ATENCIÓN: si habla español');
    // No near-empty last page: the whole notice closes the letter.
    const pages = Number(/Page 1 of (\d+)/.exec(all)?.[1]);
    const last = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), file, '-'], { encoding: 'utf8' });
    expect(squash(last).length, `last page of ${pages}`).toBeGreaterThan(1200);
    expect(squash(last)).toContain('Help in your language, and your rights');
  });

  it('the cannot-establish letter carries the imaging reason and its remedy, the prefill the director keeps', () => {
    const c = decideAndSign(SCENARIOS.find((s) => s.name === 'cannot-establish')!);
    const d = latestRevision(c)!.determinations[0]!;
    expect(d).toMatchObject({
      outcome: 'cannot-establish',
      service: 'spinal cord stimulator trial',
      reasons: [expect.objectContaining({ criterionId: 'CMM.PRF.pa.imaging-independent-read', text: 'The MRI of March 3, 2026 was read differently by the radiologist and by Dr. Vasquez, and the records sent do not explain the difference.' })],
      whatWouldChange: 'An addendum from the radiologist or Dr. Vasquez that reconciles the two readings of the MRI of March 3, 2026.',
    });
  });
});
