import { describe, expect, it } from 'vitest';
import { buildTextIndex, findInDocuments } from '../../../shared/search/find-in-documents';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('findInDocuments', () => {
  const index = buildTextIndex([
    { sha256: A, pages: [
      { page: 1, text: 'History: low back pain.\nPatient completed Six\nMonths of physical therapy.' },
      { page: 2, text: 'No relief. Six months later the pain persists; six months of care documented.' },
    ] },
    { sha256: B, pages: [{ page: 3, text: 'Conserva-\ntive care for six months' }] },
  ]);

  it('finds a phrase case-insensitively across line breaks, listed by document and page', () => {
    const r = findInDocuments(index, 'six months');
    expect(r.total).toBe(4);
    expect(r.truncated).toBe(false);
    expect(r.documents.map((d) => d.docSha256)).toEqual([A, B]);
    expect(r.documents[0]!.pages.map((p) => [p.page, p.hits.length])).toEqual([[1, 1], [2, 2]]);
    const hit = r.documents[0]!.pages[0]!.hits[0]!;
    const pageText = 'History: low back pain.\nPatient completed Six\nMonths of physical therapy.';
    expect(pageText.slice(hit.textStart, hit.textEnd)).toBe('Six\nMonths');
    expect(hit.match).toBe('Six\nMonths');
    expect(hit.before).toBe('low back pain. Patient completed ');
    expect(hit.after).toBe(' of physical therapy.');
  });

  it('matches through line-end hyphenation', () => {
    const r = findInDocuments(index, 'conservative care');
    expect(r.total).toBe(1);
    const hit = r.documents[0]!.pages[0]!.hits[0]!;
    expect(hit.match).toBe('Conserva-\ntive care');
  });

  it('honours whole words and the hit limit', () => {
    expect(findInDocuments(index, 'pain', { wholeWords: true }).total).toBe(2);
    expect(findInDocuments(index, 'six mon').total).toBe(4);
    expect(findInDocuments(index, 'six mon', { wholeWords: true }).total).toBe(0);
    const capped = findInDocuments(index, 'six months', { maxHits: 2 });
    expect(capped.total).toBe(2);
    expect(capped.truncated).toBe(true);
    expect(findInDocuments(index, '   ').total).toBe(0);
  });

  it('searches a 1,000-page record in under 50 ms', () => {
    const filler = 'Subjective: patient reports ongoing lumbar pain radiating to the left leg. Objective: reduced range of motion. ';
    const pages = Array.from({ length: 1000 }, (_, i) => ({
      page: i + 1,
      text: `${filler.repeat(25)}${i % 100 === 7 ? 'Failed conservative therapy for six months.' : ''}\n${filler.repeat(5)}`,
    }));
    const big = buildTextIndex([{ sha256: A, pages }]);
    findInDocuments(big, 'warm up');
    const t0 = performance.now();
    const r = findInDocuments(big, 'conservative therapy for six months');
    const ms = performance.now() - t0;
    expect(r.total).toBe(10);
    expect(ms).toBeLessThan(50);
  });
});
