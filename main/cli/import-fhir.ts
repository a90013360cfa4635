import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { cliActor, CliUsageError, takeOption, type CliCommand } from './command';
import { readJsonInput } from './file-errors';
import { createRulesProvider } from '../rules/rules-provider';
import { createIntakeHandlers } from '../intake/intake-handlers';
import { requestGaps } from '../../shared/case/request-gaps';
import { CaseRequest } from '../../shared/case/schema';

export const importFhir: CliCommand = {
  words: ['import-fhir'],
  usage: 'import-fhir <bundle.json> [--guideline <id>]',
  summary: 'Create a case from a Da Vinci PAS request Bundle (FHIR R4 JSON) and its PDFs, or apply a PAS update to its case; prints the case id.',
  async run(argv, ctx) {
    const { rest: args, value: guideline } = takeOption(argv, '--guideline');
    const file = args[0];
    if (!file || args.length > 1) throw new CliUsageError('import-fhir takes one Bundle file');
    // Read (BOM and file errors in sentences) and checked as JSON here; the intake reads the text as the app sends it.
    const bundleJson = JSON.stringify(await readJsonInput(path.resolve(file), 'Bundle'));
    const store = await ctx.openStore();
    // The same services as the app: an update goes to the case it names, a request becomes a case with its gaps.
    const intake = createIntakeHandlers({ store, appRoot: ctx.appRoot, dataDir: ctx.dataDir, rules: createRulesProvider(ctx.appRoot), reviewer: cliActor });
    const result = await intake['cases.importFhir']({ idempotencyKey: randomUUID(), bundleJson });
    for (const p of result.problems) ctx.err(`${p.severity}: ${p.where}: ${p.message}`);
    const refused = result.attachments.filter((a) => !a.ok);
    for (const a of refused) ctx.err(`error: attachment "${a.name}": ${a.message}`);
    if (result.kind === 'update' && result.caseId && result.update) {
      for (const c of result.update.changes) ctx.err(`changed: ${c}`);
      ctx.out(result.caseId);
      return refused.length > 0 ? 1 : 0;
    }
    if (result.problems.some((p) => p.severity === 'error') || refused.length > 0) {
      ctx.err('No case was created: fix the Bundle, or create the case in the app, where the form can complete it.');
      return 1;
    }
    const draft = guideline ? { ...result.draft, guidelineId: guideline } : result.draft;
    const created = await intake['cases.create']({ idempotencyKey: randomUUID(), request: draft, attachments: result.attachments.map((a) => ({ sha256: a.sha256!, name: a.name })) });
    if (!created.ok) {
      for (const p of created.problems) ctx.err(`error: ${p.field}: ${p.message}`);
      ctx.err('No case was created.');
      return 1;
    }
    const gaps = requestGaps(CaseRequest.parse(draft));
    for (const g of gaps) ctx.err(`gap: ${g.label} is missing: enter it in the case (${g.why}).`);
    ctx.out(created.caseId);
    return 0;
  },
};
