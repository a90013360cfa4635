/**
 * The suggestion benchmark's records, rendered to real PDFs and read by pdf.js as the app reads
 * them: every ground-truth sentence is really in its record; on the records the lexicon was tuned
 * on, every criterion has a relevant passage among its first five suggestions, no negated sentence
 * is labelled as support, and every proposed fact is right. (The held-out record is measured by
 * `npm run bench -- suggestions`, not asserted here: it was never tuned on.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../../main/pdf/render-pdf';
import { extractText } from '../../../main/text/extract-text';
import { loadRules } from '../../../main/rules/load-rules';
import { readCaseText, type EvidenceLexicon } from '../../../shared/evidence/evidence-lexicon';
import { suggestEvidence } from '../../../shared/evidence/suggest-evidence';
import { proposeFact } from '../../../shared/evidence/propose-facts';
import { leavesOf, type CriterionLeaf } from '../../../shared/rules/schema';
import type { DocumentText } from '../../../shared/text/page-text';
import { BENCH_RECORDS } from '../../fixtures/clinical-records/records';
import { factCorrect, loadGroundTruth, scoreCriterion, tokens } from '../../fixtures/clinical-records/suggestion-quality';
import { projectLexicon, RULES_DIR } from '../../support/evidence-lexicon';

let lex: EvidenceLexicon;
let leaves: Map<string, CriterionLeaf>;
const texts = new Map<string, DocumentText[]>();

beforeAll(async () => {
  lex = await projectLexicon();
  const rules = await loadRules(RULES_DIR);
  leaves = new Map(rules.ruleFiles.flatMap((f) => leavesOf(f.criteria).map((l) => [l.id, l] as const)));
  for (const r of BENCH_RECORDS) texts.set(r.id, await Promise.all(r.documents.map(async (d) => extractText(await renderPdf(d.definition)))));
}, 120_000);

describe('suggestion benchmark records', () => {
  it.each(BENCH_RECORDS.map((r) => [r.id]))('%s: every ground-truth sentence is in the record', (id) => {
    const words = ` ${texts.get(id)!.flatMap((d) => d.pages.map((p) => tokens(p.text).join(' '))).join(' ')} `;
    const truth = loadGroundTruth(id);
    const missing = Object.entries(truth.criteria).flatMap(([c, t]) =>
      [...(t.supports ?? []), ...(t.refutes ?? []), ...(t.negated ?? []), ...(t.traps ?? [])].filter((s) => !words.includes(` ${tokens(s).join(' ')} `)).map((s) => `${c}: ${s}`),
    );
    expect(missing).toEqual([]);
  });

  it.each(BENCH_RECORDS.filter((r) => !r.heldOut).map((r) => [r.id]))('%s: a relevant passage in the first five for every criterion, nothing negated as support, each fact right', (id) => {
    const docs = texts.get(id)!;
    const text = readCaseText(docs.map((d) => ({ sha256: d.sha256, pages: d.pages })), lex);
    const truth = loadGroundTruth(id);
    const missed: string[] = [];
    const negated: string[] = [];
    for (const [criterion, t] of Object.entries(truth.criteria)) {
      const leaf = leaves.get(criterion)!;
      const s = scoreCriterion(suggestEvidence(text, lex, criterion, { limit: 20, ...(leaf.fact ? { fact: { unit: leaf.fact.unit, threshold: leaf.fact.threshold } } : {}) }), t);
      if (s.counted && !s.hitAt5) missed.push(criterion);
      negated.push(...s.negatedAsSupport.map((q) => `${criterion}: ${q}`));
    }
    expect(missed).toEqual([]);
    expect(negated).toEqual([]);
    for (const [criterion, f] of Object.entries(truth.facts)) {
      const p = proposeFact(text, lex, { name: f.name, unit: leaves.get(criterion)!.fact!.unit });
      expect(factCorrect(p?.value, f), `${criterion}: proposed ${p?.value}, ${f.note}`).toBe(true);
      if (f.start) expect(p!.basis[0]!.date).toBe(f.start);
      if (f.end) expect(p!.basis.map((b) => b.date)).toContain(f.end);
    }
  });
});
