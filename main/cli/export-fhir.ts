import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { CliUsageError, takeOption, type CliCommand } from './command';
import { exportClaimResponse } from '../../shared/fhir/pas-export';
import { PRIVATE_FILE } from '../store/durable-json-file';

export const exportFhir: CliCommand = {
  words: ['export-fhir'],
  usage: 'export-fhir <caseId> [--out <file>]',
  summary: 'Print the signed determination as a Da Vinci PAS response Bundle (ClaimResponse), or write it to --out.',
  async run(argv, ctx) {
    const { rest: args, value: out } = takeOption(argv, '--out');
    const caseId = args[0];
    if (!caseId || args.length > 1) throw new CliUsageError('export-fhir takes one case id');
    const store = await ctx.openStore();
    const { bundle } = exportClaimResponse(await store.getCase(caseId), { newUuid: randomUUID, now: new Date() });
    const json = JSON.stringify(bundle, null, 2);
    if (out) {
      // 0600: the response names the member.
      await fs.writeFile(out, `${json}\n`, { mode: PRIVATE_FILE });
      ctx.out(out);
    } else ctx.out(json);
    return 0;
  },
};
