/**
 * The evidence workspace end to end in Chromium, on the demo case's faxed PT notes (scanned
 * pages, no text layer): OCR runs in the background, recognized words are marked like text,
 * an area is marked by dragging; after zooming and after a restart both marks are still on the
 * same words (highlight boxes compared with the OCR word boxes), and a quarter turn moves the
 * word layer with the page image (the words' boxes still hold their ink). Then find across documents
 * and accepting a suggestion, which adds a mark and leaves the criterion's status alone; accepting
 * the months of conservative care proposed from the record, which makes its two marks and sets the
 * value (so the criterion is met by it), all in the audit trail; and the polarity labels on a faxed
 * community orthopaedic record from the suggestion benchmark.
 */
import { testCreate } from '../support/change-record';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startHarness, type Harness } from './harness';
import { renderPdf } from '../../main/pdf/render-pdf';
import { extractText } from '../../main/text/extract-text';
import { CaseFile } from '../../shared/case/schema';
import { communityOrthoFax } from '../fixtures/clinical-records/community-ortho-fax';
import { readFileSync } from 'node:fs';

let h: Harness;
const SHOTS = path.join(ROOT, 'test-results');
const PT_DOC = 'Physical therapy notes (faxed)';
const WORDS = ['Burning', 'pain', 'L', 'buttock'];

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function openPtNotes(page: Page): Promise<void> {
  await page.getByTestId('criteria-panel').waitFor();
  await page.getByTestId('document-item').filter({ hasText: PT_DOC }).click();
  // OCR of the three faxed pages runs in main; the invisible word layer appears when page 1 is read.
  await page.locator('.wb-ocr-layer[data-page="1"] span').first().waitFor({ timeout: 90_000 });
}

/** Boxes (client px) of the OCR word spans for WORDS on page 1, in order. */
async function wordBoxes(page: Page): Promise<Box[]> {
  return page.evaluate((words) => {
    const spans = Array.from(document.querySelectorAll<HTMLSpanElement>('.wb-ocr-layer[data-page="1"] span'));
    const at = spans.findIndex((s, i) => words.every((w, k) => spans[i + k]?.textContent?.trim() === w));
    if (at < 0) throw new Error('the OCR words were not found');
    return spans.slice(at, at + words.length).map((s) => {
      const r = s.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    });
  }, WORDS);
}

/** The WORDS' OCR spans as fractions (x, y, w, h) of page 1's box, for comparing across rotation. */
async function wordFractions(page: Page): Promise<number[][]> {
  const pageBox = (await page.locator('.pdfViewer .page[data-page-number="1"]').boundingBox())!;
  return (await wordBoxes(page)).map((b) => [(b.x - pageBox.x) / pageBox.width, (b.y - pageBox.y) / pageBox.height, b.w / pageBox.width, b.h / pageBox.height]);
}

/** Share of dark pixels in page 1's rendered image under each box: a word's box must hold its ink. */
async function inkUnder(page: Page, boxes: Box[]): Promise<number[]> {
  return page.evaluate((list) => {
    const canvas = document.querySelector<HTMLCanvasElement>('.pdfViewer .page[data-page-number="1"] canvas')!;
    const c = canvas.getBoundingClientRect();
    const sx = canvas.width / c.width;
    const sy = canvas.height / c.height;
    const ctx = canvas.getContext('2d')!;
    return list.map((b) => {
      const x = Math.round((b.x - c.x) * sx);
      const y = Math.round((b.y - c.y) * sy);
      const w = Math.max(1, Math.round(b.w * sx));
      const h = Math.max(1, Math.round(b.h * sy));
      const data = ctx.getImageData(x, y, w, h).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! * 0.3 + data[i + 1]! * 0.59 + data[i + 2]! * 0.11 < 128) dark++;
      return dark / (w * h);
    });
  }, boxes);
}

async function highlightBoxes(page: Page, markId: string): Promise<Box[]> {
  return page.evaluate(
    (id) =>
      Array.from(document.querySelectorAll(`.wb-highlight[data-mark-id="${id}"]`)).map((e) => {
        const r = e.getBoundingClientRect();
        return { x: r.x, y: r.y, w: r.width, h: r.height };
      }),
    markId,
  );
}

/** Every word's centre is inside a highlight box, and the highlight does not run far past the words. */
function expectOnWords(words: Box[], marks: Box[]) {
  expect(marks.length).toBeGreaterThan(0);
  for (const w of words) {
    const cx = w.x + w.w / 2;
    const cy = w.y + w.h / 2;
    expect(marks.some((m) => cx >= m.x - 1 && cx <= m.x + m.w + 1 && cy >= m.y - 1 && cy <= m.y + m.h + 1)).toBe(true);
  }
  const left = Math.min(...words.map((w) => w.x));
  const right = Math.max(...words.map((w) => w.x + w.w));
  const unionLeft = Math.min(...marks.map((m) => m.x));
  const unionRight = Math.max(...marks.map((m) => m.x + m.w));
  const wordHeight = Math.max(...words.map((w) => w.h));
  expect(Math.abs(unionLeft - left)).toBeLessThan(wordHeight);
  expect(Math.abs(unionRight - right)).toBeLessThan(wordHeight);
}

/** The area highlight as fractions of its page, which zoom and reload must not change. */
async function areaFractions(page: Page, markId: string): Promise<number[]> {
  // Queried and measured in one synchronous step: a page repaint (OCR of the next page
  // arriving, a zoom) replaces the highlight elements.
  await page.locator(`.wb-highlight[data-mark-id="${markId}"]`).first().waitFor();
  return page.evaluate((id) => {
    const el = document.querySelector(`.wb-highlight[data-mark-id="${id}"]`)!;
    const pageDiv = el.closest('.page')!.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return [(r.x - pageDiv.x) / pageDiv.width, (r.y - pageDiv.y) / pageDiv.height, r.width / pageDiv.width, r.height / pageDiv.height];
  }, markId);
}

async function pickCriterion(page: Page, filter: string) {
  await page.getByTestId('mark-picker').waitFor();
  await page.getByTestId('mark-picker').getByRole('combobox').fill(filter);
  await page.getByTestId('criterion-options').getByRole('option').first().click();
  await page.getByTestId('save-mark').click();
  await page.getByTestId('mark-picker').waitFor({ state: 'detached' });
}

async function marksOnDisk() {
  const store = await h.reopenStore();
  return (await store.getCase('demo-scs-trial')).marks;
}

describe('evidence workspace', () => {
  it('marks OCR words and an area on a scanned page, and both stay put through zoom and restart', async () => {
    const page = h.page;
    await page.getByTestId('open-demo').click();
    await openPtNotes(page);

    // A text mark on recognized words, selected as a reviewer's drag would.
    await page.locator('.wb-ocr-layer[data-page="1"] span').filter({ hasText: /^Burning\s*$/ }).first().scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.evaluate((words) => {
      const spans = Array.from(document.querySelectorAll<HTMLSpanElement>('.wb-ocr-layer[data-page="1"] span'));
      const at = spans.findIndex((s, i) => words.every((w, k) => spans[i + k]?.textContent?.trim() === w));
      const range = document.createRange();
      range.setStart(spans[at]!.firstChild!, 0);
      const last = spans[at + words.length - 1]!;
      range.setEnd(last.firstChild!, last.textContent!.trimEnd().length);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
    }, WORDS);
    await page.getByTestId('pdf-container').dispatchEvent('mouseup');
    await pickCriterion(page, 'failed back');
    let marks = await marksOnDisk();
    const textMark = marks.find((m) => m.kind === 'text')!;
    expect(textMark.quote).toBe(WORDS.join(' '));
    expect(textMark.page).toBe(1);
    expect(textMark.textStart).toBeGreaterThan(0);
    await expect.poll(async () => (await highlightBoxes(page, textMark.id)).length).toBeGreaterThan(0);
    expectOnWords(await wordBoxes(page), await highlightBoxes(page, textMark.id));

    // An area mark: toggle, then drag a rectangle over part of page 1.
    await page.getByTestId('area-mode').click();
    const pageBox = (await page.locator('.pdfViewer .page[data-page-number="1"]').boundingBox())!;
    const words = await wordBoxes(page);
    const startY = words[0]!.y + 40;
    await page.mouse.move(pageBox.x + pageBox.width * 0.1, startY);
    await page.mouse.down();
    await page.mouse.move(pageBox.x + pageBox.width * 0.6, startY + 80, { steps: 5 });
    await page.mouse.up();
    await pickCriterion(page, 'failed back');
    marks = await marksOnDisk();
    const areaMark = marks.find((m) => m.kind === 'area')!;
    expect(areaMark.rects).toHaveLength(1);
    const [x0, y0, x1, y1] = areaMark.rects[0]!;
    expect(x1 - x0).toBeGreaterThan(200);
    expect(y1 - y0).toBeGreaterThan(40);
    await expect.poll(async () => (await highlightBoxes(page, areaMark.id)).length).toBe(1);
    const areaBefore = await areaFractions(page, areaMark.id);
    await page.screenshot({ path: path.join(SHOTS, 'evidence-area-mark.png') });

    // Zoom in twice: pdf.js re-renders, the layers are redrawn on the same words.
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.waitForTimeout(800);
    await page.locator('.wb-ocr-layer[data-page="1"] span').first().waitFor();
    await page.locator(`.wb-highlight[data-mark-id="${textMark.id}"]`).first().scrollIntoViewIfNeeded();
    expectOnWords(await wordBoxes(page), await highlightBoxes(page, textMark.id));
    (await areaFractions(page, areaMark.id)).forEach((f, i) => expect(f).toBeCloseTo(areaBefore[i]!, 2));

    // Restart: everything read back from disk, the OCR from its encrypted cache.
    const again = await h.restart();
    await again.getByTestId('case-table').locator('tbody tr').first().click();
    await openPtNotes(again);
    await again.locator(`.wb-highlight[data-mark-id="${textMark.id}"]`).first().waitFor();
    await again.locator(`.wb-highlight[data-mark-id="${textMark.id}"]`).first().scrollIntoViewIfNeeded();
    expectOnWords(await wordBoxes(again), await highlightBoxes(again, textMark.id));
    (await areaFractions(again, areaMark.id)).forEach((f, i) => expect(f).toBeCloseTo(areaBefore[i]!, 2));

    // Rotate a quarter turn: the OCR word layer turns with the page image, and the mark with it.
    const upright = await wordFractions(again);
    const inkUpright = await inkUnder(again, await wordBoxes(again));
    inkUpright.forEach((ink) => expect(ink).toBeGreaterThan(0.05));
    await again.getByRole('button', { name: 'Rotate' }).click();
    await again.locator('.wb-ocr-layer[data-page="1"][data-key*=":90:"] span').first().waitFor();
    await again.locator(`.wb-highlight[data-mark-id="${textMark.id}"]`).first().scrollIntoViewIfNeeded();
    await again.waitForTimeout(500);
    const turned = await wordFractions(again);
    // Turned clockwise, a box at (x, y, w, h) of the page lands at (1 - y - h, x, h, w).
    turned.forEach((t, i) => {
      const u = upright[i]!;
      [1 - u[1]! - u[3]!, u[0]!, u[3]!, u[2]!].forEach((want, k) => expect(t[k]).toBeCloseTo(want, 2));
    });
    // The words still sit on their ink in the rendered (rotated) page image...
    (await inkUnder(again, await wordBoxes(again))).forEach((ink) => expect(ink).toBeGreaterThan(0.05));
    // ...and the text mark still covers them.
    const turnedWords = await wordBoxes(again);
    const turnedMarks = await highlightBoxes(again, textMark.id);
    expect(turnedMarks.length).toBeGreaterThan(0);
    for (const w of turnedWords) {
      const cx = w.x + w.w / 2;
      const cy = w.y + w.h / 2;
      expect(turnedMarks.some((m) => cx >= m.x - 1 && cx <= m.x + m.w + 1 && cy >= m.y - 1 && cy <= m.y + m.h + 1)).toBe(true);
    }
    await again.screenshot({ path: path.join(SHOTS, 'evidence-rotated.png') });
  }, 180_000);

  it('finds a phrase across all documents, listed by document and page, highlighted on the page', async () => {
    const page = h.page;
    await page.locator('.pdfViewer .page').first().click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+f');
    await page.getByTestId('find-input').fill('physical therapy');
    await page.getByTestId('find-hit').first().waitFor();
    const groups = await page.getByTestId('find-results').locator('.MuiListSubheader-root').allInnerTexts();
    // The progress notes (text layer) and the faxed PT notes (OCR) both mention it.
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(groups.some((g) => g.startsWith(PT_DOC))).toBe(true);
    expect(groups.some((g) => g.startsWith('Pain clinic progress notes'))).toBe(true);
    // Open a hit in the other document (the PT notes are open): the viewer switches and highlights it.
    const openDoc = page.locator('[data-testid="document-item"].Mui-selected');
    expect(await openDoc.innerText()).toContain(PT_DOC);
    const progressNotes = page.getByTestId('find-results').locator('li').filter({ has: page.locator('.MuiListSubheader-root', { hasText: /^Pain clinic progress notes/ }) });
    await progressNotes.getByTestId('find-hit').filter({ hasText: /physical therapy/i }).first().click();
    await expect.poll(() => openDoc.innerText()).toContain('Pain clinic progress notes');
    await expect.poll(() => page.locator('.wb-find-hit').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.wb-find-hit-current').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'evidence-find.png') });
    await page.getByRole('button', { name: 'Close find' }).click();
  }, 60_000);

  it('turns a suggestion into a mark with one click, without changing the criterion status', async () => {
    const page = h.page;
    const row = page.getByTestId('criterion-CMM-211.trial.mental-health-evaluation');
    await row.scrollIntoViewIfNeeded();
    const statusBefore = await row.getAttribute('data-status');
    const marksBefore = (await marksOnDisk()).length;
    await row.getByTestId('suggestions-toggle').click();
    await row.getByTestId('suggestion').first().waitFor();
    await row.getByTestId('suggestion').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'evidence-suggestions.png') });
    await row.getByTestId('accept-suggestion').first().click();
    await expect.poll(() => row.getByTestId('criterion-mark').count()).toBe(1);
    const marks = await marksOnDisk();
    expect(marks).toHaveLength(marksBefore + 1);
    const added = marks[marks.length - 1]!;
    expect(added.criterionIds).toEqual(['CMM-211.trial.mental-health-evaluation']);
    expect(added.rects.length).toBeGreaterThan(0);
    expect(await row.getAttribute('data-status')).toBe(statusBefore);
    const onDisk = await (await h.reopenStore()).getCase('demo-scs-trial');
    expect(onDisk.findings['CMM-211.trial.mental-health-evaluation']?.status ?? 'unreviewed').toBe('unreviewed');
    await expect.poll(() => row.getByText('Marked', { exact: true }).count()).toBeGreaterThan(0);
  }, 60_000);

  it('accepts the months of conservative care proposed from the record, making its two marks', async () => {
    const page = h.page;
    const CARE = 'CMM-211.trial.conservative-care';
    const row = page.getByTestId(`criterion-${CARE}`);
    await row.scrollIntoViewIfNeeded();
    const proposal = row.getByTestId('fact-proposal');
    await proposal.waitFor();
    expect(await proposal.getByTestId('fact-proposal-value').innerText()).toBe('9.7 months');
    expect(await proposal.getByTestId('fact-proposal-arithmetic').innerText()).toBe("01/06/2026 → 10/28/2026 (the visit's date): 295 days ÷ 30.44 = 9.7 months");
    expect(await row.getAttribute('data-status')).toBe('unreviewed');
    const before = await marksOnDisk();
    await proposal.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'evidence-fact-proposal.png') });

    await proposal.getByTestId('accept-fact-proposal').click();
    // Two marks, the value, then the case and its evaluation read back: give a loaded machine time.
    await expect.poll(() => row.getByTestId('criterion-mark').count(), { timeout: 30_000 }).toBe(2);
    const after = await marksOnDisk();
    const made = after.filter((m) => !before.some((b) => b.id === m.id));
    expect(made).toHaveLength(2);
    for (const m of made) expect(m.criterionIds).toEqual([CARE]);
    expect(made.map((m) => m.note.split(' ')[0])).toEqual(['Start', 'End']);
    expect(made[0]!.quote).toContain('01/06/2026 - 08/04/2026');
    expect(made.every((m) => m.rects.length > 0 && m.textStart !== undefined)).toBe(true);
    const onDisk = await (await h.reopenStore()).getCase('demo-scs-trial');
    expect(onDisk.findings[CARE]!.facts).toEqual({ conservativeCareMonths: 9.7 });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('met');
    expect(await row.getByRole('textbox', { name: /Consecutive months/ }).inputValue()).toBe('9.7');
    await expect.poll(() => proposal.innerText()).toContain('Accepted');
    const audit = (await page.evaluate(() => window.workbench!.invoke('audit.list', { caseId: 'demo-scs-trial' }))) as { ok: true; value: { events: { type: string; details: Record<string, unknown> }[] } };
    const events = audit.value.events;
    for (const m of made) expect(events.some((e) => e.type === 'mark-added' && e.details.markId === m.id)).toBe(true);
    expect(events.some((e) => e.type === 'finding-set' && e.details.criterionId === CARE)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'evidence-fact-accepted.png') });
  }, 60_000);

  it('labels suggestions on a faxed record: supports, negated with its cue, furniture last', async () => {
    const demo = CaseFile.parse(JSON.parse(readFileSync(path.join(ROOT, 'resources', 'demo', 'case.json'), 'utf8')));
    const r = communityOrthoFax;
    const bytes = await renderPdf(r.documents[0]!.definition);
    const text = await extractText(bytes);
    const now = new Date().toISOString();
    await h.store.createCase(
      {
        ...demo,
        id: 'bench-community-ortho',
        status: 'new',
        createdAt: now,
        updatedAt: now,
        marks: [],
        findings: {},
        request: { ...demo.request, member: { ...demo.request.member, id: 'BLP-55120874', name: 'Debra A. Kowalski', dateOfBirth: '1967-05-30', sex: 'female' }, codes: r.request.codes.map((c) => ({ ...c, modifiers: [] })), diagnoses: r.request.diagnoses, dateOfService: r.request.dateOfService },
        documents: [{ sha256: text.sha256, name: r.documents[0]!.name, pageCount: text.numPages, addedAt: now }],
      },
      [{ sha256: text.sha256, bytes }],
      testCreate(),
    );
    for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
      await h.page.setViewportSize({ width, height });
      await h.page.goto(`${new URL(h.page.url()).origin}/index.html`);
      await h.page.getByTestId('case-table').locator('tbody tr').filter({ hasText: 'Kowalski' }).first().click();
      await h.page.getByTestId('criteria-panel').waitFor();
      const mh = h.page.getByTestId('criterion-CMM-211.permanent.mental-health-evaluation');
      await mh.scrollIntoViewIfNeeded();
      await mh.getByTestId('suggestions-toggle').click();
      await mh.getByTestId('suggestion').first().waitFor();
      const labels = await mh.getByTestId('suggestion').evaluateAll((els) => els.map((e) => e.getAttribute('data-polarity')));
      expect(labels[0]).toBe('supports');
      const care = h.page.getByTestId('criterion-CMM-211.permanent.conservative-care');
      await care.scrollIntoViewIfNeeded();
      await care.getByTestId('suggestions-toggle').click();
      await care.getByTestId('suggestion').first().waitFor();
      await mh.scrollIntoViewIfNeeded();
      await h.page.screenshot({ path: path.join(SHOTS, `evidence-polarity-${width}x${height}.png`) });
    }
    // The denial in the orthopaedic note is offered, but as negated, with the cue that decided it.
    const mh = h.page.getByTestId('criterion-CMM-211.permanent.mental-health-evaluation');
    const all = (await h.page.evaluate(() => window.workbench!.invoke('evidence.suggest', { caseId: 'bench-community-ortho', criterionId: 'CMM-211.permanent.mental-health-evaluation', limit: 20 }))) as { ok: true; value: { suggestions: { quote: string; polarity: string; because: { cue?: { text: string } } }[] } };
    const denial = all.value.suggestions.find((s) => s.quote.startsWith('Pt denies depression'))!;
    expect(denial).toMatchObject({ polarity: 'negated', because: { cue: { text: 'denies' } } });
    expect(all.value.suggestions.filter((s) => s.polarity === 'supports').some((s) => /denies/.test(s.quote))).toBe(false);
    await expect.poll(() => mh.getByTestId('suggestion-polarity').first().innerText()).toBe('Supports');
  }, 120_000);
});
