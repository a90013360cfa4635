import { describe, expect, it } from 'vitest';
import { AnchorContext, anchorMark, type AnchorResult, type TextMarkTarget } from '../../../shared/anchoring/anchor-mark';
import { approximateMatches } from '../../../shared/anchoring/approximate-match';
import { suggestEvidence } from '../../../shared/evidence/suggest-evidence';
import { readCaseText } from '../../../shared/evidence/evidence-lexicon';
import { projectLexicon } from '../../support/evidence-lexicon';
import { extractText } from '../../../main/text/extract-text';
import { textPdf } from '../text/pdf-fixtures';

const P1 = 'Chief complaint: chronic low back pain with radiation to the left leg.\nThe patient completed six months of\nconservative care including physical therapy.';
const P2 = 'Plan: spinal cord stimulator trial. Psychological evaluation completed.';

/** Builds a mark the way the viewer does: quote plus 32 characters of context. */
function markOn(text: string, page: number, quote: string, nth = 0): TextMarkTarget {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error('quote not in fixture');
  return { page, quote, prefix: text.slice(Math.max(0, at - 32), at), suffix: text.slice(at + quote.length, at + quote.length + 32), textStart: at, textEnd: at + quote.length };
}

function anchoredText(r: AnchorResult, pages: { page: number; text: string }[]): string {
  if (r.status !== 'anchored') throw new Error(`orphaned: ${r.reason}`);
  const first = pages.find((p) => p.page === r.page)!.text;
  if (!r.pageEnd) return first.slice(r.textStart, r.textEnd);
  const last = pages.find((p) => p.page === r.pageEnd)!.text;
  return `${first.slice(r.textStart)}\n${last.slice(0, r.textEnd)}`;
}

describe('anchorMark', () => {
  const pages = [{ page: 1, text: P1 }, { page: 2, text: P2 }];
  const mark = markOn(P1, 1, 'six months of\nconservative care');

  it('keeps the stored position when it still holds the quote', () => {
    const r = anchorMark(mark, pages);
    expect(r).toMatchObject({ status: 'anchored', page: 1, textStart: mark.textStart, textEnd: mark.textEnd, confidence: 1, method: 'position' });
  });

  it('follows the quote when text is inserted before it', () => {
    const moved = [{ page: 1, text: `Addendum dated 2026-03-02 by the provider.\n${P1}` }, pages[1]!];
    const r = anchorMark(mark, moved);
    expect(r).toMatchObject({ status: 'anchored', page: 1, method: 'quote' });
    expect(anchoredText(r, moved)).toBe('six months of\nconservative care');
    if (r.status === 'anchored') expect(r.textStart).toBe(mark.textStart! + 43);
  });

  it('follows the quote onto another page', () => {
    const moved = [{ page: 1, text: 'Cover sheet.' }, { page: 2, text: P1 }, { page: 3, text: P2 }];
    const r = anchorMark(mark, moved);
    expect(r).toMatchObject({ status: 'anchored', page: 2 });
    expect(anchoredText(r, moved)).toBe('six months of\nconservative care');
  });

  it('picks the occurrence whose surrounding text matches when the quote repeats', () => {
    const text = 'Knee: physical therapy for 6 weeks, no relief.\nLumbar spine: physical therapy for 12 weeks, partial relief.';
    const second = markOn(text, 1, 'physical therapy', 1);
    const edited = [{ page: 1, text: `Updated note.\n${text.replace('no relief', 'no relief at all')}` }];
    const r = anchorMark(second, edited);
    expect(r.status).toBe('anchored');
    if (r.status === 'anchored') expect(edited[0]!.text.slice(r.textStart - 14, r.textStart)).toBe('Lumbar spine: ');
  });

  it('still finds the quote when the text around it changed', () => {
    const changed = [{ page: 1, text: 'Reason for visit: back pain. Records show the patient completed six months of conservative care, per PT notes.' }];
    const r = anchorMark(mark, changed);
    expect(r).toMatchObject({ status: 'anchored', page: 1, method: 'quote' });
    expect(anchoredText(r, changed)).toBe('six months of conservative care');
    if (r.status === 'anchored') expect(r.confidence).toBeLessThan(1);
  });

  it('survives a re-extraction that splits or joins words differently', () => {
    const joined = [{ page: 1, text: 'The patient completed sixmonths of conservativecare including physical therapy.' }];
    const r = anchorMark(mark, joined);
    expect(r).toMatchObject({ status: 'anchored', method: 'quote-ignoring-spaces' });
    expect(anchoredText(r, joined)).toBe('sixmonths of conservativecare');
  });

  it('finds an OCR-garbled quote by approximate match near the stored page', () => {
    const ocr = [{ page: 1, text: 'The patlent completed slx months 0f\nconservat1ve care inc1uding physical therapy.' }, pages[1]!];
    const r = anchorMark(mark, ocr);
    expect(r).toMatchObject({ status: 'anchored', page: 1, method: 'fuzzy' });
    expect(anchoredText(r, ocr)).toBe('slx months 0f\nconservat1ve care');
    if (r.status === 'anchored') expect(r.confidence).toBeGreaterThan(0.6);
  });

  it('reports the mark orphaned when the quote is gone', () => {
    const r = anchorMark(mark, [{ page: 1, text: 'Chief complaint: neck pain. No conservative treatment documented.' }]);
    expect(r.status).toBe('orphaned');
  });

  it('re-anchors a quote that runs from the end of one page onto the next', () => {
    const a = 'Summary of treatment. The patient underwent lumbar epidural steroid';
    const b = 'injections at L4-L5 with temporary relief. Follow-up in 4 weeks.';
    const quote = 'lumbar epidural steroid\ninjections at L4-L5';
    const twoPage: TextMarkTarget = { page: 1, pageEnd: 2, quote, prefix: 'The patient underwent ', suffix: ' with temporary relief', textStart: a.indexOf('lumbar'), textEnd: b.indexOf(' with') };
    const same = [{ page: 1, text: a }, { page: 2, text: b }];
    expect(anchorMark(twoPage, same)).toMatchObject({ status: 'anchored', page: 1, pageEnd: 2, method: 'position', textEnd: b.indexOf(' with') });

    // Re-extracted: a header line added on page 1 (offsets shift), spacing changed on page 2.
    const edited = [{ page: 1, text: `Header line.\n${a}` }, { page: 2, text: b.replace('at L4-L5', 'at  L4-L5') }];
    const r = anchorMark(twoPage, edited);
    expect(r).toMatchObject({ status: 'anchored', page: 1, pageEnd: 2, method: 'quote', textStart: a.indexOf('lumbar') + 13 });
    expect(anchoredText(r, edited)).toBe('lumbar epidural steroid\ninjections at  L4-L5');
  });

  it('re-anchors many marks against one prepared context', () => {
    const ctx = new AnchorContext(pages);
    const r1 = anchorMark(mark, ctx);
    const r2 = anchorMark(markOn(P2, 2, 'Psychological evaluation completed'), ctx);
    expect([r1.status, r2.status]).toEqual(['anchored', 'anchored']);
  });

  it('re-anchors a suggested mark after the provider resubmits an edited PDF', async () => {
    const original = await textPdf([['Office visit note.', 'The patient completed six months of conservative care including physical therapy and NSAIDs.'], ['Plan: trial of spinal cord stimulation.']]);
    const before = await extractText(original);
    const lex = await projectLexicon();
    const [suggestion] = suggestEvidence(readCaseText([before], lex), lex, 'CMM-211.trial.conservative-care');
    expect(suggestion).toBeDefined();

    const resubmitted = await textPdf([['Addendum: imaging reviewed.'], ['Office visit note.', 'The patient completed six months of conservative care including physical therapy and NSAIDs.'], ['Plan: trial of spinal cord stimulation.']]);
    const after = await extractText(resubmitted);
    const r = anchorMark(suggestion!, after.pages);
    expect(r).toMatchObject({ status: 'anchored', page: 2 });
    expect(anchoredText(r, after.pages)).toBe(suggestion!.quote);
  });
});

describe('approximateMatches', () => {
  it('finds the closest substring within the edit budget', () => {
    const [best] = approximateMatches('xx conservatlve care yy', 'conservative care', 2);
    expect(best).toEqual({ start: 3, end: 20, distance: 1 });
    expect(approximateMatches('nothing similar here', 'conservative care', 2)).toEqual([]);
  });
});
