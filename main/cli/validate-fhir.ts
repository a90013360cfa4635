import fs from 'node:fs/promises';
import path from 'node:path';
import { CliUsageError, takeOption, type CliCommand } from './command';
import { defaultProfilesDir, formatFhirIssue, validateFhirResource } from '../fhir/validate-fhir';

export const validateFhir: CliCommand = {
  words: ['validate-fhir'],
  usage: 'validate-fhir <file.json> [--profiles <dir>]',
  summary: 'Print the problems of a FHIR R4 resource or Bundle against the R4 JSON Schema and the Da Vinci PAS 2.2.1 profiles; exit 1 if any is an error.',
  async run(argv, ctx) {
    const { rest: args, value: profiles } = takeOption(argv, '--profiles');
    const file = args[0];
    if (!file || args.length > 1) throw new CliUsageError('validate-fhir takes one JSON file');
    let json: unknown;
    try {
      json = JSON.parse(await fs.readFile(path.resolve(file), 'utf8'));
    } catch (e) {
      ctx.err(`error: ${file} is not JSON: ${(e as Error).message}`);
      return 1;
    }
    const issues = validateFhirResource(json, undefined, { profilesDir: profiles ? path.resolve(profiles) : defaultProfilesDir() });
    for (const i of issues) ctx.out(formatFhirIssue(i));
    const errors = issues.filter((i) => i.severity === 'error').length;
    ctx.out(`${errors} error${errors === 1 ? '' : 's'}, ${issues.length - errors} warning${issues.length - errors === 1 ? '' : 's'}`);
    return errors > 0 ? 1 : 0;
  },
};
