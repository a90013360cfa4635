import type { CliCommand } from './command';

export const casesList: CliCommand = {
  words: ['cases', 'list'],
  usage: 'cases list [--json]',
  summary: 'List the cases in the data folder, soonest received first.',
  async run(args, ctx) {
    const store = await ctx.openStore();
    const cases = await store.listCases();
    if (args.includes('--json')) {
      ctx.out(JSON.stringify(cases, null, 2));
      return 0;
    }
    if (cases.length === 0) {
      ctx.out(`No cases in ${ctx.dataDir}.`);
      return 0;
    }
    for (const c of cases) {
      const flag = c.damaged ? `  DAMAGED: ${c.damaged}` : '';
      ctx.out(`${c.id}\t${c.status}\t${c.urgency}\t${c.guidelineId}\t${c.codes.join(',')}\t${c.memberId}${flag}`);
    }
    return 0;
  },
};
