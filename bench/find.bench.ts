/**
 * Find across the 1,000-page record's text index. Goal: < 50 ms per search. Also times evidence
 * suggestions on the same record: reading its structure once (passages, furniture, encounters)
 * and then one criterion's suggestions, as the panel asks for them.
 * Usage: tsx bench/find.bench.ts [--json]
 */
import { extractText } from '../main/text/extract-text';
import { buildTextIndex, findInDocuments } from '../shared/search/find-in-documents';
import { suggestEvidence } from '../shared/evidence/suggest-evidence';
import { readCaseText } from '../shared/evidence/evidence-lexicon';
import { loadRules } from '../main/rules/load-rules';
import { loadLexicon } from '../main/evidence/load-lexicon';
import { median, report, round } from './bench-util';
import { recordPdf } from './record-fixture';

const QUERIES = ['six months', 'spinal cord stimulator trial', 'L4-L5', 'no such phrase anywhere', 'pain'];

async function main() {
  const { bytes } = await recordPdf(1000);
  const doc = await extractText(bytes);
  let t0 = performance.now();
  const index = buildTextIndex([doc]);
  const indexMs = performance.now() - t0;
  const rows = QUERIES.map((q) => {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < 20; i++) {
      t0 = performance.now();
      hits = findInDocuments(index, q, { maxHits: 5000 }).total;
      times.push(performance.now() - t0);
    }
    return { query: q, hits, medianMs: round(median(times), 2), maxMs: round(Math.max(...times), 2) };
  });
  const rules = await loadRules('rules');
  const { compiled: lex } = await loadLexicon('rules', rules.ruleFiles);
  t0 = performance.now();
  const caseText = readCaseText([doc], lex);
  const readMs = performance.now() - t0;
  const st: number[] = [];
  for (let i = 0; i < 5; i++) {
    // A fresh read each time, so the concept scan is timed, not the cache.
    const fresh = i === 0 ? caseText : { ...caseText, hits: new Map() };
    t0 = performance.now();
    suggestEvidence(fresh, lex, 'CMM-211.trial.conservative-care');
    st.push(performance.now() - t0);
  }
  rows.push({ query: 'suggestEvidence (conservative care: 16 concepts)', hits: -1, medianMs: round(median(st), 2), maxMs: round(Math.max(...st), 2) });
  const worst = Math.max(...rows.slice(0, QUERIES.length).map((r) => r.medianMs));
  report('find: search a 1,000-page index', rows, { pages: doc.pages.length, buildIndexMs: round(indexMs), readStructureMs: round(readMs), goal: '< 50 ms per find', pass: worst < 50 });
}

void main();
