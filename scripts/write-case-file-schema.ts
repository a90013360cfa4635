/** Writes docs/case-file.schema.json from the zod schema (npm run schema). A unit test keeps it current. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { caseFileJsonSchema } from '../shared/case/case-file-json-schema';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'case-file.schema.json');

async function main() {
  await fs.writeFile(out, `${JSON.stringify(caseFileJsonSchema(), null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}
void main();
