/**
 * Writes the built-in demo case (synthetic, no real patient) to resources/demo/.
 * Same bytes on every run, so the files are committed and test/unit/demo checks
 * they still match what the generator produces.
 *
 *   npx tsx scripts/make-demo-case.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemoCase, caseJson } from './demo-case/build-demo-case.js';

const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'demo');

async function main(): Promise<void> {
  const { caseFile, files } = await buildDemoCase();
  mkdirSync(DEMO_DIR, { recursive: true });
  for (const [name, bytes] of files) writeFileSync(path.join(DEMO_DIR, name), bytes);
  writeFileSync(path.join(DEMO_DIR, 'case.json'), caseJson(caseFile));
  // Synthetic data only, so printing the summary is fine.
  for (const d of caseFile.documents) process.stdout.write(`${d.sha256}  ${d.pageCount} p  ${d.name}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
