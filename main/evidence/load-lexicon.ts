/**
 * Reads the clinical lexicon (rules/lexicon/clinical-lexicon.json and context-cues.json), checks it
 * like a rule file (an invalid file is an error naming file, JSON path and reason) and against the
 * rule files (every criterion it names exists), and compiles it once for the suggestion engine.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ClinicalLexicon, ContextCues } from '../../shared/evidence/lexicon-schema';
import { compileEvidenceLexicon, type EvidenceLexicon } from '../../shared/evidence/evidence-lexicon';
import { leavesOf, type RuleFile } from '../../shared/rules/schema';
import { describeIssue, RuleFileError } from '../rules/load-rules';
import type { z } from 'zod';

async function parse<T extends z.ZodType>(file: string, schema: T): Promise<z.infer<T>> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (e) {
    throw new RuleFileError(file, '$', (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file is missing' : `not valid JSON (${(e as Error).message})`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = describeIssue(result.error.issues);
    throw new RuleFileError(file, issue.path, issue.message);
  }
  return result.data;
}

export interface LoadedLexicon {
  compiled: EvidenceLexicon;
  files: string[];
}

/** Loads `<rulesDir>/lexicon/*`; with `ruleFiles`, also checks that every criterion it names exists. */
export async function loadLexicon(rulesDir: string, ruleFiles?: readonly RuleFile[]): Promise<LoadedLexicon> {
  const lexiconFile = path.join(rulesDir, 'lexicon', 'clinical-lexicon.json');
  const cuesFile = path.join(rulesDir, 'lexicon', 'context-cues.json');
  const lexicon = await parse(lexiconFile, ClinicalLexicon);
  const cues = await parse(cuesFile, ContextCues);
  if (ruleFiles) {
    const known = new Set(ruleFiles.flatMap((r) => leavesOf(r.criteria).map((l) => l.id)));
    const facts = new Set(ruleFiles.flatMap((r) => leavesOf(r.criteria).flatMap((l) => (l.fact ? [l.fact.name] : []))));
    lexicon.criteria.forEach((c, i) => {
      const unknown = c.criteria.find((id) => !known.has(id));
      if (unknown) throw new RuleFileError(lexiconFile, `$.criteria[${i}].criteria`, `no rule file has a criterion ${unknown}`);
    });
    lexicon.facts.forEach((f, i) => {
      const unknown = f.facts.find((n) => !facts.has(n));
      if (unknown) throw new RuleFileError(lexiconFile, `$.facts[${i}].facts`, `no criterion has a fact named ${unknown}`);
    });
  }
  return { compiled: compileEvidenceLexicon(lexicon, cues), files: [lexiconFile, cuesFile] };
}
