import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseFileJsonSchema } from '../../../shared/case/case-file-json-schema';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

describe('published case-file JSON Schema', () => {
  it('matches the zod schema (run `npm run schema` after changing it)', () => {
    const published = JSON.parse(fs.readFileSync(path.join(root, 'docs', 'case-file.schema.json'), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(caseFileJsonSchema())));
  });

  it('describes the demo case file', () => {
    const schema = caseFileJsonSchema() as { required?: string[]; properties?: Record<string, unknown> };
    const demo = JSON.parse(fs.readFileSync(path.join(root, 'resources', 'demo', 'case.json'), 'utf8'));
    // A schema that lost its required list would pass the loop below vacuously.
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'id', 'request']));
    for (const key of schema.required ?? []) expect(demo).toHaveProperty(key);
    expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(['request', 'marks', 'findings', 'documents']));
  });
});
