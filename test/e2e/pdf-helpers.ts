import type { Page } from 'playwright-core';

export async function waitForTextLayer(page: Page): Promise<void> {
  await page.locator('.textLayer span').first().waitFor({ timeout: 60_000 });
}

/**
 * Selects, as a reviewer's drag would, the text-layer span whose text matches `pattern`
 * (whole span), then releases the mouse so the app sees the selection. Returns the text.
 */
export async function selectTextInPdf(page: Page, pattern: RegExp): Promise<string> {
  const text = await page.evaluate(
    ({ source, flags }) => {
      const re = new RegExp(source, flags);
      const spans = Array.from(document.querySelectorAll<HTMLSpanElement>('.textLayer span'));
      const span = spans.find((s) => re.test(s.textContent ?? '') && (s.textContent ?? '').length > 20);
      if (!span) throw new Error(`no text-layer span matches ${source}`);
      span.scrollIntoView({ block: 'center' });
      const range = document.createRange();
      range.selectNodeContents(span);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return sel.toString();
    },
    { source: pattern.source, flags: pattern.flags },
  );
  const box = await page.locator('.textLayer').first().boundingBox();
  await page.getByTestId('pdf-container').dispatchEvent('mouseup', { clientX: box?.x ?? 0, clientY: box?.y ?? 0 });
  return text.replace(/\s+/g, ' ').trim();
}
