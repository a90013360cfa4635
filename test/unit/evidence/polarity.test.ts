/**
 * Polarity per passage, as NegEx and ConText decide it, with the project's lexicon: what a
 * director must not be shown as support (a denial, a negated treatment, a planned evaluation,
 * "respiratory depression"), and what is support although it is worded with "no" or "not"
 * ("no operative target", "no psychological contraindication").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readCaseText, type EvidenceLexicon } from '../../../shared/evidence/evidence-lexicon';
import { assessPassages } from '../../../shared/evidence/assess-passages';
import { projectLexicon } from '../../support/evidence-lexicon';

let lex: EvidenceLexicon;
beforeAll(async () => {
  lex = await projectLexicon();
});

const DOC = 'd'.repeat(64);

/** Each line is its own note, so its sentence is judged alone. */
function judge(criterionId: string, ...lines: string[]) {
  const text = readCaseText([{ sha256: DOC, pages: lines.map((t, i) => ({ page: i + 1, text: t })) }], lex);
  const assessed = assessPassages(text, lex, lex.criteria.get(criterionId)!);
  return lines.map((l, i) => {
    const a = assessed.find((x) => x.passage.page === i + 1);
    return { text: l, polarity: a?.polarity ?? 'not offered', cue: a?.decidedBy.cue?.text };
  });
}

const MH = 'CMM-211.trial.mental-health-evaluation';

describe('polarity', () => {
  it('tells a denial, an uncontrolled problem and another sense of the word apart', () => {
    expect(judge(MH, 'He denies depression.', 'Severe depression, poorly controlled.', 'No respiratory depression after the bolus.')).toMatchObject([
      { polarity: 'negated', cue: 'denies' },
      { polarity: 'refutes' },
      { polarity: 'not offered' },
    ]);
  });

  it('takes clearance worded with a negation as support', () => {
    expect(judge(MH, 'No psychological contraindication to SCS.', 'Cleared to proceed with the trial.', 'There is no evidence of an inadequately controlled mental health problem.').map((r) => r.polarity)).toEqual(['supports', 'supports', 'supports']);
  });

  it('counts an absence as support only when a mental health provider documents it', () => {
    const evaluation = 'Pre-Surgical Psychological Evaluation\nDate of evaluation: 04/22/2025\nHe has no history of substance use disorder.';
    const clinic = 'Office Visit\nDate of service: 04/22/2025\nHe has no history of substance use disorder.';
    const text = readCaseText([{ sha256: DOC, pages: [{ page: 1, text: evaluation }] }, { sha256: 'e'.repeat(64), pages: [{ page: 1, text: clinic }] }], lex);
    const byDoc = assessPassages(text, lex, lex.criteria.get(MH)!).filter((a) => /substance/.test(a.passage.text)).map((a) => [a.passage.docSha256[0], a.polarity]);
    expect(byDoc).toEqual([
      ['d', 'supports'],
      ['e', 'negated'],
    ]);
  });

  it('reads surgical candidacy both ways, the longer wording winning', () => {
    expect(judge('CMM-211.trial.surgery-not-indicated', 'No operative target - fusion solid.', 'She is not a surgical candidate.', 'He is a good surgical candidate for L4-5 fusion.', 'Referral to spine surgery for an opinion.').map((r) => r.polarity)).toEqual(['supports', 'supports', 'refutes', 'uncertain']);
  });

  it('does not offer a negated or planned treatment as support, and keeps the cue that decided it', () => {
    expect(judge('CMM-211.trial.conservative-care', 'She has not had sympathetic blocks.', 'No prior injections since fusion.', 'Chiropractic [ ]', 'PT 2x/wk since 11/2024, plateaued.', 'Apart from a short course of oxycodone after surgery she has not taken opioids.')).toMatchObject([
      { polarity: 'negated', cue: 'has not had' },
      { polarity: 'negated', cue: 'no' },
      { polarity: 'negated', cue: '[ ]' },
      { polarity: 'supports' },
      { polarity: 'negated' },
    ]);
  });

  it('ends a negation\'s scope at "but" and ignores pseudo-triggers', () => {
    expect(judge('CMM-211.trial.conservative-care', 'No benefit from meloxicam but gabapentin was continued.', 'No change in dose of gabapentin.').map((r) => r.polarity)).toEqual(['supports', 'supports']);
  });

  it('lets negative findings document an examination', () => {
    expect(judge('CMM.PRF.pa.history-exam', 'Straight leg raise negative bilaterally.', 'No clonus.').map((r) => r.polarity)).toEqual(['supports', 'supports']);
  });

  it('does not take "pt" the patient for physical therapy', () => {
    expect(judge('CMM-211.trial.conservative-care', 'Pt tolerated the exam well.', 'pt states pain is worse.', 'Pre-op: CBC, BMP, PT/INR.').map((r) => r.polarity)).toEqual(['not offered', 'not offered', 'not offered']);
  });
});
