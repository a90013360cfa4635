import { importNcci, NcciImportError } from '../codes/import-ncci';
import { CliUsageError, type CliCommand } from './command';

export const codesImport: CliCommand = {
  words: ['codes', 'import'],
  usage: 'codes import <file>',
  summary: 'Import a CMS NCCI PTP edit table or MUE table (CSV/tab) into the data folder.',
  async run(args, ctx) {
    const file = args[0];
    if (!file) throw new CliUsageError('codes import needs a file');
    await ctx.useDataFolder();
    try {
      const r = await importNcci(file, ctx.dataDir);
      ctx.out(`Imported ${r.rows} ${r.kind === 'mue' ? 'MUE entries' : 'PTP edits'} into ${r.savedTo}.`);
      return 0;
    } catch (e) {
      if (e instanceof NcciImportError) {
        ctx.err(e.message);
        return 1;
      }
      throw e;
    }
  },
};
