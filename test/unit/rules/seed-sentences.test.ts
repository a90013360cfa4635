/**
 * Cases written from the seed sentences, not from rules/: each row quotes the sentence it checks
 * (file and section), describes a request as a director would meet it, and states what the
 * sentence says the outcome is. The rules' criterion ids are only the vocabulary the case file
 * uses to record findings; every criterion not named in a row is reviewed as met (with its value,
 * at the threshold), so the row's own facts decide, or they are left unreviewed where the row says so.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../shared/case/schema';
import { criteriaForCase, evaluateCase } from '../../../shared/rules/evaluate-case';
import type { Evaluation, Notice, Recommendation, ReviewProblem } from '../../../shared/rules/evaluation';
import { findNode } from '../../../shared/rules/evaluate-criteria';
import { leavesOf } from '../../../shared/rules/schema';
import { buildCase, realRules, type CaseOptions } from './case-builder';
import { mri, PROVIDER_MARK, RADIOLOGIST_MARK, significant } from '../imaging/study-fixture';

const S000 = '000_8a99f64e0e03d4f0.txt';
const S001 = '001_9263939c6024a100.txt';
const S002 = '002_e4a4264e9fff54bb.txt';
const S003 = '003_408ef1cc87917041.txt';
const SCS_Q = 'When can I perform a spinal cord stimulator (SCS) trial and when can I perform a permanently implanted spinal cord stimulator?';
const PUMP_Q = 'When can I perform an intrathecal pump?';

interface SeedCase {
  file: string;
  section: string;
  sentence: string;
  given: CaseOptions & {
    /** Criteria left unreviewed (by id suffix): everything else is reviewed met. */
    unreviewed?: string[];
    /** Review nothing but `findings`: the row's findings decide alone. */
    onlyGiven?: boolean;
  };
  expect: {
    /** Per requested code, in order. */
    recommendations: Recommendation[];
    /** Criterion ids (suffixes) among the first code's reasons. */
    reasons?: string[];
    /** A word or phrase in the first code's reasons' letter sentences or remedies. */
    saying?: string;
    notice?: Notice['kind'];
    problem?: ReviewProblem['kind'];
    /** Nodes (id suffix) and the status they must have. */
    nodes?: Record<string, string>;
    error?: boolean;
    approvedUnits?: number;
  };
}

const TRIAL = [{ code: '63650', units: 2 }];
const PERMANENT = [{ code: '63650', units: 2 }, { code: '63685', units: 1 }];
const PUMP_TRIAL = [{ code: '62327', units: 1 }];
const PUMP = [{ code: '62350', units: 1 }, { code: '62362', units: 1 }];
const sixMonths = (id: string) => ({ [id]: { status: 'met' as const, facts: { conservativeCareMonths: 6 } } });

const CASES: SeedCase[] = [
  // --- Seed 003: dorsal column spinal cord stimulator
  { file: S003, section: SCS_Q, sentence: 'A short-term trial of a dorsal column SCS is considered medically necessary for the treatment of chronic, intractable pain secondary to either a) failed back syndrome (FBS) with intractable neuropathic leg pain ... with: [1-3]',
    given: { codes: TRIAL, indication: 'failed-back-syndrome' }, expect: { recommendations: ['approve'], nodes: { 'trial.indication.crps': 'not-applicable' } } },
  { file: S003, section: SCS_Q, sentence: '... or b) complex regional pain syndrome (CRPS)/reflex sympathetic dystrophy (RSD)',
    given: { codes: TRIAL, diagnoses: ['G90.511'], findings: { 'CMM-211.trial.indication.failed-back-syndrome': { status: 'not-met' } } }, expect: { recommendations: ['approve'] } },
  { file: S003, section: SCS_Q, sentence: 'Failure of at least six consecutive months of physician-supervised conservative medical management (six months meets)',
    given: { codes: TRIAL, findings: sixMonths('CMM-211.trial.conservative-care') }, expect: { recommendations: ['approve'] } },
  { file: S003, section: SCS_Q, sentence: 'Failure of at least six consecutive months of physician-supervised conservative medical management (five months does not)',
    given: { codes: TRIAL, findings: { 'CMM-211.trial.conservative-care': { status: 'met', facts: { conservativeCareMonths: 5 } } } },
    expect: { recommendations: ['not-medically-necessary'], reasons: ['trial.conservative-care'], saying: 'at least 6 months' } },
  { file: S003, section: SCS_Q, sentence: 'Failure of at least six consecutive months ... (marked met without the number of months: not met yet, and it blocks signing)',
    given: { codes: TRIAL, findings: { 'CMM-211.trial.conservative-care': { status: 'met', facts: {} } } }, expect: { recommendations: ['incomplete'], problem: 'value-missing' } },
  { file: S003, section: SCS_Q, sentence: 'Surgical intervention is not indicated. (a surgeon recommends surgery)',
    given: { codes: TRIAL, findings: { 'CMM-211.trial.surgery-not-indicated': { status: 'not-met' } }, unreviewed: ['trial.mental-health-evaluation'] },
    expect: { recommendations: ['not-medically-necessary'], reasons: ['trial.surgery-not-indicated'], saying: 'spine surgeon' } },
  { file: S003, section: SCS_Q, sentence: 'An evaluation by a mental health provider ... reveals no evidence of an inadequately controlled mental health problem (no evaluation in the records)',
    given: { codes: TRIAL, findings: { 'CMM-211.trial.mental-health-evaluation': { status: 'not-documented' } } },
    expect: { recommendations: ['cannot-establish'], reasons: ['trial.mental-health-evaluation'], saying: 'evaluation by a mental health provider' } },
  { file: S003, section: SCS_Q, sentence: 'Permanent implantation ... with ... 4. At least a 50 percent reduction in pain has been demonstrated during a short-term trial of SCS (50 percent)',
    given: { codes: PERMANENT, findings: { 'CMM-211.permanent.trial-pain-reduction': { status: 'met', facts: { trialPainReductionPercent: 50 } } } }, expect: { recommendations: ['approve', 'approve'] } },
  { file: S003, section: SCS_Q, sentence: 'At least a 50 percent reduction in pain has been demonstrated during a short-term trial of SCS (49 percent)',
    given: { codes: PERMANENT, findings: { 'CMM-211.permanent.trial-pain-reduction': { facts: { trialPainReductionPercent: 49 } } } },
    expect: { recommendations: ['not-medically-necessary', 'not-medically-necessary'], reasons: ['permanent.trial-pain-reduction'], saying: 'The records show 49 percent' } },
  { file: S003, section: 'Note', sentence: 'Prior authorization requests should only include those codes for the current surgical treatment plan and not codes for every contingency surgical treatment plan.',
    given: { codes: [...PERMANENT, { code: '63655', units: 1 }], checks: [{ kind: 'contingency-codes', code: '63655', answer: 'yes' }] },
    expect: { recommendations: ['approve', 'approve', 'coding'] } },

  // --- Seed 003: intrathecal or epidural drug delivery
  { file: S003, section: PUMP_Q, sentence: 'A trial with a percutaneous intrathecal or epidural drug delivery system for nonmalignant chronic intractable pain is considered medically necessary when all of the following criteria have been met',
    given: { guidelineId: 'CMM-210', codes: PUMP_TRIAL, indication: 'nonmalignant-pain' }, expect: { recommendations: ['approve'], nodes: { 'trial.spasticity': 'not-applicable', 'trial.cancer': 'not-applicable' } } },
  { file: S003, section: PUMP_Q, sentence: 'Failure of a sufficient trial of at least six months of all reasonable treatment options for pain management (five months; the system is experimental for conditions that do not meet the above criteria)',
    given: { guidelineId: 'CMM-210', codes: PUMP_TRIAL, indication: 'nonmalignant-pain', findings: { 'CMM-210.trial.nonmalignant.treatment-options': { facts: { painTreatmentTrialMonths: 5 } } } },
    expect: { recommendations: ['experimental'], reasons: ['nonmalignant.treatment-options'] } },
  { file: S003, section: PUMP_Q, sentence: 'A trial ... for severe, refractory spasticity, or chronic intractable dystonia is considered medically necessary when there is failure ... to at least a six-week trial of oral antispasmodic drugs and physical therapy (six weeks)',
    given: { guidelineId: 'CMM-210', codes: PUMP_TRIAL, indication: 'spasticity-dystonia', findings: { 'CMM-210.trial.spasticity.oral-trial-failed': { facts: { oralAntispasmodicTrialWeeks: 6 } }, 'CMM-210.trial.spasticity.oral-contraindicated': { status: 'not-met' } } },
    expect: { recommendations: ['approve'] } },
  { file: S003, section: PUMP_Q, sentence: '... at least a six-week trial of oral antispasmodic drugs and physical therapy (five weeks, drugs tolerated)',
    given: { guidelineId: 'CMM-210', codes: PUMP_TRIAL, indication: 'spasticity-dystonia', findings: { 'CMM-210.trial.spasticity.oral-trial-failed': { facts: { oralAntispasmodicTrialWeeks: 5 } }, 'CMM-210.trial.spasticity.oral-contraindicated': { status: 'not-met' } } },
    expect: { recommendations: ['experimental'], reasons: ['spasticity.oral-trial-failed'] } },
  { file: S003, section: PUMP_Q, sentence: 'A trial ... for cancer-related pain is considered medically necessary when there is failure, intolerance, or contraindication to noninvasive methods of pain control, including systemic opioids.',
    given: { guidelineId: 'CMM-210', codes: PUMP_TRIAL, indication: 'cancer-pain', diagnoses: ['G89.3'] }, expect: { recommendations: ['approve'] } },
  { file: S003, section: PUMP_Q, sentence: 'A permanent implantable intrathecal or epidural drug delivery system for the above listed pain conditions is considered medically necessary if ... at least a 50 percent reduction in pain during an appropriate trial (50 percent)',
    given: { guidelineId: 'CMM-210', codes: PUMP, indication: 'nonmalignant-pain', findings: { 'CMM-210.permanent.trial-pain-reduction': { facts: { trialPainReductionPercent: 50 } } } },
    expect: { recommendations: ['approve', 'approve'] } },
  { file: S003, section: PUMP_Q, sentence: '... at least a 50 percent reduction in pain during an appropriate trial (40 percent)',
    given: { guidelineId: 'CMM-210', codes: PUMP, indication: 'nonmalignant-pain', findings: { 'CMM-210.permanent.trial-pain-reduction': { facts: { trialPainReductionPercent: 40 } } } },
    expect: { recommendations: ['experimental', 'experimental'], reasons: ['permanent.trial-pain-reduction'] } },
  { file: S003, section: PUMP_Q, sentence: 'A permanent ... system for the above listed pain conditions ... 50 percent reduction in pain (spasticity is not a pain condition: its own trial response decides, no pain percentage needed)',
    given: { guidelineId: 'CMM-210', codes: PUMP, indication: 'spasticity-dystonia', diagnoses: ['G80.1'], findings: { 'CMM-210.permanent.trial-pain-reduction': {}, 'CMM-210.permanent.cancer.trial-pain-reduction': {} } },
    expect: { recommendations: ['approve', 'approve'], nodes: { 'permanent.trial-pain-reduction': 'not-applicable', 'permanent.spasticity.trial-response': 'met' } } },
  { file: S003, section: PUMP_Q, sentence: 'An intrathecal or epidural drug delivery system is experimental, investigational, or unproven for ... 2) administration of insulin for diabetes (the reviewer confirms the pump is for insulin)',
    given: { guidelineId: 'CMM-210', codes: PUMP, indication: 'nonmalignant-pain', diagnoses: ['E11.9'], findings: { 'CMM-210.permanent.eiu.insulin': { status: 'met' } } },
    expect: { recommendations: ['experimental', 'experimental'], reasons: ['permanent.eiu.insulin'] } },
  { file: S003, section: PUMP_Q, sentence: '... experimental ... for 2) administration of insulin for diabetes (a comorbid diabetes code alone only proposes it: the pain pump stays approvable once the reviewer rules it out)',
    given: { guidelineId: 'CMM-210', codes: PUMP, indication: 'nonmalignant-pain', diagnoses: ['M96.1', 'E11.9'], findings: { 'CMM-210.permanent.eiu.insulin': { status: 'not-met' } } },
    expect: { recommendations: ['approve', 'approve'] } },

  // --- Seed 000: the Preface in effect from August 1, 2024
  { file: S000, section: 'Prior Authorization Requirements', sentence: 'Note: Advanced imaging must include the interpretation by an independent radiologist. (no radiologist report linked; nothing else reviewed yet)',
    given: { codes: TRIAL, dateOfService: '2025-06-02', onlyGiven: true, imaging: [mri({ radiologistReading: { summary: '', markIds: [] } })], marks: [{ id: PROVIDER_MARK, criterionIds: [] }] },
    expect: { recommendations: ['cannot-establish'], reasons: ['imaging-independent-read'], saying: 'independent radiologist\'s report of the MRI' } },
  { file: S000, section: 'Prior Authorization Requirements', sentence: 'Clinically significant discrepancies in interpretations between the ordering provider and the radiologist need to be reconciled in the documentation submitted for prior authorization. (nothing else reviewed yet)',
    given: { codes: TRIAL, dateOfService: '2025-06-02', onlyGiven: true, imaging: [mri({ discrepancy: significant })], marks: [{ id: RADIOLOGIST_MARK, criterionIds: [] }, { id: PROVIDER_MARK, criterionIds: [] }] },
    expect: { recommendations: ['cannot-establish'], reasons: ['imaging-independent-read'], saying: 'addendum from the radiologist or Dr. Vasquez that reconciles the two readings' } },
  { file: S000, section: 'Prior Authorization Requirements', sentence: 'For requests that fall outside of guideline requirements, submission of medical records is needed to document ... why an exception to policy is being requested. Without this information, medical necessity for the request cannot be established.',
    given: { codes: TRIAL, dateOfService: '2025-06-02', exceptionRequested: true, findings: { 'CMM.PRF.pa.exception-records': { status: 'not-documented' } } },
    expect: { recommendations: ['cannot-establish'], reasons: ['pa.exception-records'], notice: 'exception-requested' } },
  { file: S000, section: 'Sequential, Similar, or Duplicate Requests', sentence: 'Requests for sequential (same or similar) procedures or services ... require documentation of the effect of the previous authorized procedure or service',
    given: { codes: PERMANENT, dateOfService: '2025-06-02', priorRequests: [{ codes: ['63650'], decidedOn: '2025-03-10', outcome: 'approved', performed: true }], findings: { 'CMM.PRF.seq.previous-effect': { status: 'not-documented' } } },
    expect: { recommendations: ['cannot-establish', 'cannot-establish'], reasons: ['seq.previous-effect'], saying: 'March 10, 2025 (procedure code 63650)' } },
  { file: S000, section: 'Sequential, Similar, or Duplicate Requests', sentence: 'Requests for procedures or services (same or similar) that were authorized (for the same or another provider), but not performed, require documentation of non-performance.',
    given: { codes: TRIAL, dateOfService: '2025-06-02', priorRequests: [{ codes: ['63650'], decidedOn: '2025-02-01', outcome: 'approved', performed: false }], unreviewed: ['seq.non-performance'] },
    expect: { recommendations: ['incomplete'], nodes: { 'seq.non-performance': 'unreviewed', 'seq.previous-effect': 'not-applicable' } } },
  { file: S000, section: 'Sequential, Similar, or Duplicate Requests', sentence: 'Similar or duplicate requests are for treatment of the same clinical condition using the same or similar procedure(s) (an approved 2025 knee replacement is not one)',
    given: { codes: TRIAL, dateOfService: '2025-06-02', priorRequests: [{ codes: ['27447'], decidedOn: '2025-01-15', outcome: 'approved', performed: true }] },
    expect: { recommendations: ['approve'], nodes: { 'seq.previous-effect': 'not-applicable', 'seq.non-performance': 'not-applicable' } } },
  { file: S000, section: 'Sequential, Similar, or Duplicate Requests', sentence: '... the same or similar procedure(s) or service(s) that were recently requested (a stimulator trial approved three years earlier is not recent)',
    given: { codes: TRIAL, dateOfService: '2025-06-02', priorRequests: [{ codes: ['63650'], decidedOn: '2022-05-01', outcome: 'approved', performed: true }] },
    expect: { recommendations: ['approve'], nodes: { 'seq.previous-effect': 'not-applicable' } } },
  { file: S000, section: 'Out of Scope Requests for a CPT®/HCPCS Code', sentence: 'Procedure code requests for a clinical indication not reviewed by EviCore will be re-directed to the health plan.',
    given: { codes: TRIAL, dateOfService: '2025-06-02', indication: 'not-covered', onlyGiven: true }, expect: { recommendations: ['out-of-scope'], saying: 'sent to your health plan', notice: 'indication' } },
  { file: S000, section: 'Benefits, Coverage Policies, and Eligibility Issues', sentence: 'For Medicare and Medicare Advantage enrollees, the coverage policies of CMS (Centers for Medicare and Medicaid Services) supersede EviCore\'s guidelines.',
    given: { codes: TRIAL, dateOfService: '2025-06-02', lineOfBusiness: 'medicare-advantage' }, expect: { recommendations: ['cms-policy-supersedes'], notice: 'cms-policy-supersedes' } },
  { file: S000, section: 'Benefits, Coverage Policies, and Eligibility Issues', sentence: 'Benefits, coverage policies, and eligibility issues pertaining to each health plan may take precedence over EviCore\'s guidelines.',
    given: { codes: TRIAL, dateOfService: '2025-06-02', checks: [{ kind: 'benefit-plan-precedence', answer: 'yes', note: 'The plan excludes neurostimulators.' }] },
    expect: { recommendations: ['benefit-plan-decides'], saying: 'The plan excludes neurostimulators.' } },
  { file: S000, section: 'Clinical and Research Trials', sentence: 'For Medicare and Medicare Advantage enrollees, CMS ... requires coverage for procedures requested as part of a CMS approved clinical trial through the CMS Coverage with Evidence (CED) program.',
    given: { codes: TRIAL, dateOfService: '2025-06-02', lineOfBusiness: 'medicare', onlyGiven: true, checks: [{ kind: 'clinical-trial', answer: 'yes' }, { kind: 'cms-approved-trial', answer: 'yes' }] },
    expect: { recommendations: ['approve'], notice: 'clinical-trial', saying: 'clinical trial approved by the Centers for Medicare' } },
  { file: S000, section: 'Clinical and Research Trials', sentence: 'Clinical trial requests will be considered to determine whether they meet health plan coverage and/or if required, if they meet EviCore\'s evidence-based guidelines. (commercial: the criteria still apply)',
    given: { codes: TRIAL, dateOfService: '2025-06-02', checks: [{ kind: 'clinical-trial', answer: 'yes' }], findings: { 'CMM-211.trial.surgery-not-indicated': { status: 'not-met' } } },
    expect: { recommendations: ['not-medically-necessary'], notice: 'clinical-trial' } },
  { file: S000, section: 'Legislative Mandate', sentence: 'State and federal legislations may need to be considered in the review of certain musculoskeletal procedures or services. (the law must be named before signing)',
    given: { codes: TRIAL, dateOfService: '2025-06-02', checks: [{ kind: 'legislative-mandate', answer: 'yes' }] }, expect: { recommendations: ['approve'], problem: 'check-note-missing', notice: 'legislative-mandate' } },
  { file: S000, section: 'Preface (Effective August 1, 2024)', sentence: 'Effective August 1, 2024 (a date of service the day before: no Preface version applies, an error, no recommendation)',
    given: { codes: TRIAL, dateOfService: '2024-07-31' }, expect: { recommendations: ['incomplete'], error: true } },

  // --- Seed 001: CMM.PRF v1.0.2026
  { file: S001, section: 'Out of Scope Requests for a CPT®/ HCPCS Code', sentence: 'Procedure code requests for a clinical indication that is not in the guidelines may be re-directed to the health plan.',
    given: { codes: TRIAL, indication: 'not-covered', onlyGiven: true }, expect: { recommendations: ['out-of-scope'], notice: 'indication', saying: 'not one of the conditions this guideline covers' } },
  { file: S001, section: 'Quantity of Units/Levels', sentence: 'HCPCS/CPT® codes are considered not medically necessary if ... The medical information provided does not support the number of units requested.',
    given: { codes: TRIAL, checks: [{ kind: 'units-levels', code: '63650', answer: 'no', supportedUnits: 1 }] }, expect: { recommendations: ['partially-approve'], approvedUnits: 1, saying: 'support 1 of the 2 units' } },
  { file: S001, section: 'Coding for Utilization Management (UM) Requests', sentence: 'The CPT® Manual requires providers to request the procedure or service with the code(s) that most accurately reflect(s) the planned procedure(s) ... (not contingent procedure[s] or service[s]).',
    given: { codes: [{ code: '63650', units: 2 }, { code: '63655', units: 1 }, { code: '63685', units: 1 }], checks: [{ kind: 'contingency-codes', code: '63655', answer: 'yes' }] },
    expect: { recommendations: ['approve', 'coding', 'approve'] } },
  { file: S001, section: 'Prior Authorization Requirements', sentence: 'Advanced imaging must include interpretation by an independent radiologist. Clinically significant discrepancies ... need to be reconciled (a reconciled discrepancy satisfies it)',
    given: { codes: TRIAL, imaging: [mri({ discrepancy: significant, reconciliation: { reconciledInRecords: true, markIds: [RADIOLOGIST_MARK], note: 'addendum' } })], marks: [{ id: RADIOLOGIST_MARK, criterionIds: [] }, { id: PROVIDER_MARK, criterionIds: [] }] },
    expect: { recommendations: ['approve'], nodes: { 'imaging-independent-read': 'met' } } },

  // --- Seed 002: clinical information to establish medical necessity
  { file: S002, section: 'Clinical Information to Establish Medical Necessity', sentence: 'If the medical records provided ... cannot be read, then medical necessity for the request cannot be established and cannot be approved. (nothing else reviewed yet)',
    given: { codes: TRIAL, onlyGiven: true, findings: { 'CLIN-INFO.legible': { status: 'not-met' } } }, expect: { recommendations: ['cannot-establish'], reasons: ['CLIN-INFO.legible'], saying: 'legible copy' } },
  { file: S002, section: 'Clinical Information to Establish Medical Necessity', sentence: 'If the medical records provided do not provide sufficiently detailed information to understand the individual\'s current clinical status ... medical necessity for the request cannot be established',
    given: { codes: TRIAL, findings: { 'CLIN-INFO.current-status': { status: 'not-documented' } } }, expect: { recommendations: ['cannot-establish'], reasons: ['CLIN-INFO.current-status'] } },
  { file: S002, section: 'Clinical Information to Establish Medical Necessity (Effective February 1, 2025)', sentence: 'Effective February 1, 2025 (a request for January 15, 2025: the policy does not apply yet; the 2024 Preface and the guideline decide)',
    given: { codes: TRIAL, dateOfService: '2025-01-15' }, expect: { recommendations: ['approve'], notice: 'rule-not-yet-in-effect' } },
];

async function run(c: SeedCase): Promise<Evaluation> {
  const rules = await realRules();
  const { unreviewed = [], onlyGiven, ...opts } = c.given;
  const probe = buildCase(opts);
  const findings: Record<string, Partial<Finding>> = {};
  if (!onlyGiven) {
    for (const { rule } of criteriaForCase(probe, rules).rules) {
      for (const leaf of leavesOf(rule.criteria)) {
        if (unreviewed.some((u) => leaf.id.endsWith(u))) continue;
        findings[leaf.id] = leaf.fact ? { status: 'met', facts: { [leaf.fact.name]: leaf.fact.threshold } } : { status: 'met' };
      }
    }
  }
  return evaluateCase(buildCase({ ...opts, findings: { ...findings, ...(opts.findings ?? {}) } }), rules);
}

describe('cases written from the seed sentences', () => {
  it('has at least 30 cases, each quoting a seed file', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    for (const c of CASES) expect(c.file).toMatch(/^00[0-4]_/);
  });

  it.each(CASES.map((c) => [`${c.file.slice(0, 3)} ${c.section}: "${c.sentence}"`, c] as const))('%s', async (_name, c) => {
    const ev = await run(c);
    expect(ev.codes.map((x) => x.recommendation)).toEqual(c.expect.recommendations);
    expect(ev.errors.length > 0).toBe(Boolean(c.expect.error));
    const first = ev.codes[0]!;
    for (const r of c.expect.reasons ?? []) expect(first.reasons.map((x) => x.criterionId).some((id) => id.endsWith(r)), `${r} in ${first.reasons.map((x) => x.criterionId).join(', ')}`).toBe(true);
    if (c.expect.saying) expect(first.reasons.map((r) => `${r.letterSentence} ${r.remedy ?? ''}`).join(' ')).toContain(c.expect.saying);
    if (c.expect.notice) expect(ev.notices.map((n) => n.kind)).toContain(c.expect.notice);
    if (c.expect.problem) expect(ev.problems.map((p) => p.kind)).toContain(c.expect.problem);
    if (c.expect.approvedUnits !== undefined) expect(first.approvedUnits).toBe(c.expect.approvedUnits);
    for (const [suffix, status] of Object.entries(c.expect.nodes ?? {})) {
      const node = ev.rules.map((r) => findNodeBySuffix(r.tree, suffix)).find(Boolean);
      expect(node?.status, suffix).toBe(status);
    }
  });
});

function findNodeBySuffix(tree: Evaluation['rules'][number]['tree'], suffix: string) {
  const stack = [tree];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.id.endsWith(suffix)) return findNode(tree, n.id);
    stack.push(...(n.children ?? []));
  }
  return undefined;
}
