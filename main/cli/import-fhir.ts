import path from 'node:path';
import { cliActor, CliUsageError, takeOption, type CliCommand } from './command';
import { readJsonInput } from './file-errors';
import { importPasBundle } from '../../shared/fhir/pas-import';
import { createRulesProvider } from '../rules/rules-provider';
import { checkPdf } from '../intake/check-pdf';
import { createNewCase, guidelinesForCodes, type NewDocument } from '../intake/new-case';
import { sha256Hex } from '../documents/hash-document';

export const importFhir: CliCommand = {
  words: ['import-fhir'],
  usage: 'import-fhir <bundle.json> [--guideline <id>]',
  summary: 'Create a case from a Da Vinci PAS request Bundle (FHIR R4 JSON) and its PDFs; prints the case id.',
  async run(argv, ctx) {
    const { rest: args, value: guideline } = takeOption(argv, '--guideline');
    const file = args[0];
    if (!file || args.length > 1) throw new CliUsageError('import-fhir takes one Bundle file');
    const bundle = await readJsonInput(path.resolve(file), 'Bundle');
    const rules = await createRulesProvider(ctx.appRoot)();
    const result = importPasBundle(bundle, { guidelinesForCodes: (codes) => (guideline ? [guideline] : guidelinesForCodes(rules, codes)) });
    for (const p of result.problems) ctx.err(`${p.severity}: ${p.where}: ${p.message}`);
    const docs: NewDocument[] = [];
    let refused = 0;
    for (const a of result.attachments) {
      const bytes = Buffer.from(a.data, 'base64');
      const check = await checkPdf(bytes);
      if (!check.ok) {
        refused++;
        ctx.err(`error: attachment "${a.title}": ${check.message}`);
      } else docs.push({ sha256: sha256Hex(bytes), name: a.title, pageCount: check.pageCount, bytes });
    }
    if (!result.request || refused > 0) {
      ctx.err('No case was created: fix the Bundle, or create the case in the app, where the form can complete it.');
      return 1;
    }
    const created = await createNewCase(await ctx.openStore(), result.request, docs, new Date(), { actor: cliActor(), how: 'case imported from a PAS Bundle' });
    ctx.out(created.id);
    return 0;
  },
};
