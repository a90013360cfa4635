import fs from 'node:fs/promises';
import { cliActor, CliUsageError, takeOption, type CliCommand } from './command';
import { PRIVATE_FILE } from '../store/durable-json-file';
import { createIntakeHandlers } from '../intake/intake-handlers';
import { createRulesProvider } from '../rules/rules-provider';

export const exportFhir: CliCommand = {
  words: ['export-fhir'],
  usage: 'export-fhir <caseId> [--out <file>]',
  summary: 'Print the signed determination (or, before signing, the open request for information) as a Da Vinci PAS response Bundle, or write it to --out.',
  async run(argv, ctx) {
    const { rest: args, value: out } = takeOption(argv, '--out');
    const caseId = args[0];
    if (!caseId || args.length > 1) throw new CliUsageError('export-fhir takes one case id');
    const store = await ctx.openStore();
    const intake = createIntakeHandlers({ store, appRoot: ctx.appRoot, rules: createRulesProvider(ctx.appRoot), dataDir: ctx.dataDir, reviewer: cliActor });
    const { json } = await intake['cases.exportFhir']({ caseId });
    if (out) {
      // 0600: the response names the member.
      await fs.writeFile(out, `${json}\n`, { mode: PRIVATE_FILE });
      ctx.out(out);
    } else ctx.out(json);
    return 0;
  },
};
