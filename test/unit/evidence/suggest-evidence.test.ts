/**
 * Ranking a director would choose, on small hand-written notes: the specific wording over the
 * generic, the assessment over a passing mention, the latest visit first for current status, the
 * criterion's number, furniture last, no ties left to page order; labels and their cues; a ready
 * anchor; and a criterion the lexicon does not know still gets suggestions from its search terms.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readCaseText, type CaseText, type EvidenceLexicon } from '../../../shared/evidence/evidence-lexicon';
import { suggestEvidence } from '../../../shared/evidence/suggest-evidence';
import { projectLexicon } from '../../support/evidence-lexicon';

let lex: EvidenceLexicon;
beforeAll(async () => {
  lex = await projectLexicon();
});

const DOC = 'f'.repeat(64);
const record = (...pages: string[]): CaseText => readCaseText([{ sha256: DOC, pages: pages.map((text, i) => ({ page: i + 1, text })) }], lex);
const quotes = (text: CaseText, criterion: string, opts = {}) => suggestEvidence(text, lex, criterion, opts).map((s) => s.quote.replace(/\s+/g, ' '));

describe('suggestEvidence', () => {
  it('ranks the decisive wording in the assessment above passing mentions of surgery', () => {
    const text = record(
      'Office Visit\nDate of service: 04/10/2025\nHISTORY\nShe had spine surgery in 2019 and a revision was discussed by her surgeon.\nASSESSMENT\nNo operative target - fusion solid, nothing to decompress.',
    );
    const [first, second] = suggestEvidence(text, lex, 'CMM-211.trial.surgery-not-indicated');
    expect(first!.quote).toBe('No operative target - fusion solid, nothing to decompress.');
    expect(first!.polarity).toBe('supports');
    expect(first!.section).toBe('ASSESSMENT');
    expect(first!.because.term).toBe('No operative target');
    expect(second!.polarity).toBe('mention');
    expect(second!.score).toBeLessThan(first!.score);
  });

  it('puts the latest visit first for current status, however the pages are ordered', () => {
    const text = record('Office Visit\nDate of service: 01/15/2025\nPain today is 8/10; she remains off work.', 'Office Visit\nDate of service: 09/30/2025\nPain today is 7/10; she remains off work.', 'Office Visit\nDate of service: 05/02/2025\nPain today is 8/10; she remains off work.');
    const s = suggestEvidence(text, lex, 'CLIN-INFO.current-status').filter((x) => x.quote.startsWith('Pain today'));
    expect(s.map((x) => x.encounterDate)).toEqual(['2025-09-30', '2025-05-02', '2025-01-15']);
    // Equal wording, distinct scores: the tie is broken by the encounter, not by page order.
    expect(new Set(s.map((x) => x.score)).size).toBe(3);
  });

  it('prefers a passage stating the criterion\'s number, in any of its spellings', () => {
    const text = record('Office Visit\nDate of service: 03/01/2025\nPhysical therapy was tried and did not help.\nPT x 6 mos without relief.');
    const [first] = suggestEvidence(text, lex, 'CMM-211.trial.conservative-care', { fact: { unit: 'months', threshold: 6 } });
    expect(first!.quote).toBe('PT x 6 mos without relief.');
  });

  it('pushes page furniture to the bottom and labels it', () => {
    const cover = 'FAX\nTo: Prior Auth  From: clinic  Pages: 3 (including cover)\nRe: SCS request\nEnclosed:\nPsychological evaluation letter 05/20/25\nCONFIDENTIALITY NOTICE: intended recipient only.';
    const text = record(cover, 'Psychology Letter\nMay 20, 2025\nShe was evaluated by a psychologist and found suitable.');
    const s = suggestEvidence(text, lex, 'CMM-211.trial.mental-health-evaluation');
    expect(s[0]!.page).toBe(2);
    expect(s.filter((x) => x.furniture).every((x) => x.score < s[0]!.score * 0.3)).toBe(true);
  });

  it('never labels a negated or planned mention as support, and says which cue decided it', () => {
    const text = record('Office Visit\nDate of service: 02/01/2025\nHe denies depression.\nReferral to psychology for a pre-implant evaluation.\nPHQ-9 today: 4.');
    const s = suggestEvidence(text, lex, 'CMM-211.trial.mental-health-evaluation');
    const denial = s.find((x) => x.quote.startsWith('He denies'))!;
    expect(denial.polarity).toBe('negated');
    expect(denial.because.cue).toMatchObject({ kind: 'negation', text: 'denies' });
    expect(s.find((x) => x.quote.startsWith('Referral'))!.polarity).toBe('uncertain');
    expect(s.filter((x) => x.polarity === 'supports').every((x) => !x.because.cue)).toBe(true);
  });

  it('gives each suggestion exact raw offsets and context for a mark', () => {
    const page = 'Office Visit\nDate of service: 02/01/2025\nASSESSMENT\nShe is not a surgical candidate per Dr. Osei.';
    const [s] = suggestEvidence(record(page), lex, 'CMM-211.trial.surgery-not-indicated');
    expect(page.slice(s!.textStart, s!.textEnd)).toBe(s!.quote);
    expect(s!.prefix).toBe(page.slice(Math.max(0, s!.textStart - 32), s!.textStart));
  });

  it('falls back to a criterion\'s search terms when the lexicon does not know it', () => {
    const text = record('Office Visit\nDate of service: 02/01/2025\nThe walker (front-wheeled) was delivered.');
    expect(quotes(text, 'CUSTOM.walker', { fallbackTerms: ['walker (front-wheeled)'] })).toEqual(['The walker (front-wheeled) was delivered.']);
    expect(suggestEvidence(text, lex, 'CUSTOM.nothing')).toEqual([]);
  });
});
