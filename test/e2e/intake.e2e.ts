/**
 * Intake end to end in Chromium against the real services on an encrypted temp folder: a new
 * case with two PDFs dropped on the form (a synthetic drop carrying real File objects), found in
 * the queue by search, opened. Then the queue with a few hundred cases: only the rows in view
 * are drawn, and overdue cases stand out.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { renderPdf } from '../../main/pdf/render-pdf';
import { createNewCase } from '../../main/intake/new-case';
import type { CaseRequest } from '../../shared/case/schema';
import { ROOT, startHarness, type Harness } from './harness';

let h: Harness;
const shots = path.join(ROOT, 'test-results');

beforeAll(async () => {
  h = await startHarness();
  await fs.mkdir(shots, { recursive: true });
});
afterAll(async () => {
  await h?.close();
});

async function pdf(lines: string[]): Promise<string> {
  return Buffer.from(await renderPdf({ pageSize: 'LETTER', content: lines.map((text) => ({ text, margin: [0, 0, 0, 8] })) })).toString('base64');
}

/** Drops files on the drop zone the way a file manager does: a drop event whose DataTransfer holds File objects. */
async function dropFiles(page: Page, files: { name: string; base64: string }[]) {
  // A string, not a function: the test runner's transform would add helpers the page lacks.
  await page.evaluate(`(() => {
    const files = ${JSON.stringify(files)};
    const dt = new DataTransfer();
    for (const f of files) {
      const bin = atob(f.base64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: 'application/pdf' }));
    }
    const zone = document.querySelector('[data-testid="drop-zone"]');
    zone.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
    zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  })()`);
}

async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).first().click();
}

describe('intake', () => {
  it('creates a case with two PDFs dropped on the form, finds it in the queue and opens it', async () => {
    const page = h.page;
    await page.getByTestId('empty-queue').waitFor();
    await page.getByTestId('new-case').click();
    const form = page.getByTestId('new-case-form');
    await form.waitFor();

    await page.getByTestId('field-member.id').fill('W55501234');
    await page.getByTestId('field-member.name').fill('Riley E2E Intake');
    await page.getByTestId('field-member.dateOfBirth').fill('1970-05-06');
    await page.getByTestId('field-plan.name').fill('Open Access Plus');
    await choose(page, 'Line of business', 'Commercial');
    await page.getByTestId('field-requestingProvider.name').fill('Dr. Alex Rivera');
    // A mistyped NPI is refused by its check digit, and the message says so.
    await page.getByTestId('field-requestingProvider.npi').fill('1234567890');
    await page.getByTestId('field-codes.0.code').fill('63650');
    await page.getByTestId('field-codes.0.units').fill('2');
    await page.getByTestId('field-diagnoses').fill('M96.1, G89.4');
    await page.getByTestId('field-dateOfService').fill('2026-10-20');
    await choose(page, 'Guideline', /Spinal Cord/);

    const note = await pdf(['Progress note: chronic radicular pain after laminectomy.', 'Plan: spinal cord stimulator trial.']);
    const mri = await pdf(['MRI lumbar spine: postoperative changes at L4-L5.']);
    const locked = Buffer.from('%PDF-1.7 not really a PDF').toString('base64');
    await dropFiles(page, [
      { name: 'progress-note.pdf', base64: note },
      { name: 'mri-report.pdf', base64: mri },
      { name: 'broken.pdf', base64: locked },
    ]);
    const rows = page.getByTestId('attachment-row');
    await expect.poll(() => rows.count()).toBe(3);
    await expect.poll(() => page.locator('[data-testid="attachment-row"][data-state="checking"]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="attachment-row"][data-state="ok"]').count()).toBe(2);
    await expect.poll(() => rows.filter({ hasText: 'broken.pdf' }).innerText()).toMatch(/damaged/);

    await page.getByTestId('create-case').click();
    await expect.poll(() => form.innerText()).toMatch(/check digit/);
    await page.screenshot({ path: path.join(shots, 'intake-new-case-form.png') });

    await page.getByTestId('field-requestingProvider.npi').fill('1234567893');
    await page.getByTestId('create-case').click();
    // The refused file must be removed first: nothing half-made is created.
    await expect.poll(() => page.getByTestId('create-failure').innerText()).toMatch(/broken\.pdf/);
    await page.getByRole('button', { name: 'Remove broken.pdf' }).click();
    await page.getByTestId('create-case').click();
    await form.waitFor({ state: 'detached' });

    const search = page.getByTestId('queue-search');
    await search.fill('riley');
    const row = page.getByTestId('case-table').locator('tbody tr').filter({ hasText: 'Riley E2E Intake' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toMatch(/63650/);
    const caseId = await row.getAttribute('data-case-id');
    const stored = await h.store.getCase(caseId!);
    expect(stored.documents.map((d) => [d.name, d.pageCount])).toEqual([['progress-note.pdf', 1], ['mri-report.pdf', 1]]);
    expect(stored.request.requestingProvider.npi).toBe('1234567893');

    await row.click();
    await page.getByTestId('criteria-panel').waitFor();
  });

  it('draws only the rows in view of a queue of hundreds, with overdue cases marked', async () => {
    const base: CaseRequest = {
      member: { id: 'W0', name: 'x', dateOfBirth: '1960-01-01' },
      plan: { name: 'Open Access Plus', lineOfBusiness: 'commercial' },
      requestingProvider: { name: 'Dr. Alex Rivera', npi: '1234567893' },
      codes: [],
      otherServices: [],
      diagnoses: [{ code: 'M96.1' }],
      dateOfService: '2026-10-20',
      receivedAt: '',
      urgency: 'standard',
      guidelineId: 'CMM-211',
      priorRequests: [],
      exceptionRequested: false,
    };
    const names = ['Avery Stone', 'Blake Rivera', 'Casey Nguyen', 'Devon Patel', 'Emery Brooks', 'Finley Ortiz', 'Harper Quinn', 'Jordan Lee'];
    const codes: [string[], string][] = [[['63650'], 'CMM-211'], [['63685', '63655'], 'CMM-211'], [['62350', '62362'], 'CMM-210'], [['64490'], 'CMM-201'], [['62323'], 'CMM-200']];
    const now = Date.now();
    for (let i = 0; i < 300; i++) {
      const received = new Date(now - (i % 12) * 24 * 3_600_000 - i * 60_000);
      const request: CaseRequest = {
        ...base,
        member: { ...base.member, id: `W${String(700000 + i)}`, name: `${names[i % names.length]} ${i}` },
        codes: codes[i % codes.length]![0].map((code) => ({ code, units: 1, modifiers: [] })),
        guidelineId: codes[i % codes.length]![1],
        urgency: i % 7 === 0 ? 'expedited' : 'standard',
        receivedAt: received.toISOString(),
      };
      await createNewCase(h.store, request, [], new Date(), { actor: 'e2e seed' });
    }
    const page = await h.restart();
    await page.getByTestId('case-table').waitFor();
    await expect.poll(() => page.getByTestId('case-table').locator('tbody tr[data-case-id]').count()).toBeGreaterThan(10);
    const drawn = await page.getByTestId('case-table').locator('tbody tr').count();
    expect(drawn).toBeLessThan(60);
    expect(await page.locator('tr[data-overdue="true"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('time-left').first().innerText()).toMatch(/overdue by|left/);
    await page.screenshot({ path: path.join(shots, 'intake-queue.png') });

    // Scrolling far down fetches and draws the rows there, still only a window of them.
    await page.getByTestId('queue-scroller').evaluate('(el) => { el.scrollTop = 250 * 48; }');
    await expect.poll(() => page.getByTestId('case-table').locator('tbody tr[data-case-id]').count()).toBeGreaterThan(10);
    expect(await page.getByTestId('case-table').locator('tbody tr').count()).toBeLessThan(60);
  });
});
