/**
 * axe-core over the screen as it is now, for WCAG 2.1 A and AA and axe's best practices: every
 * violation with its rule, impact and the elements it was found on, so a failing run says what to fix.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

export interface ScreenViolations {
  screen: string;
  violations: { id: string; impact: string; help: string; nodes: string[] }[];
}

export async function axeViolations(page: Page, screen: string): Promise<ScreenViolations> {
  // Transitions (dialogs fading in, snackbars) settle first: axe reads colours as painted.
  await page.waitForTimeout(400);
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return {
    screen,
    violations: result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.slice(0, 6).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1, 3).join(' ').trim()}` : ''}`),
    })),
  };
}

export function describeViolations(all: ScreenViolations[]): string {
  return all
    .filter((s) => s.violations.length > 0)
    .map((s) => `${s.screen}:\n${s.violations.map((v) => `  ${v.impact} ${v.id} (${v.help})\n${v.nodes.map((n) => `    ${n}`).join('\n')}`).join('\n')}`)
    .join('\n');
}
