/** The published JSON Schema of the case file (docs/case-file.schema.json), generated from the zod schema. */
import { z } from 'zod';
import { CaseFile } from './schema';

export function caseFileJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://reviewer-workbench.local/schemas/case-file.schema.json',
    title: 'Reviewer workbench case file',
    ...z.toJSONSchema(CaseFile, { io: 'input', unrepresentable: 'any' }),
  };
}
