import { caseIdParam } from '../../shared/api/common';
import { CliUsageError, type CliCommand } from './command';

const BREAK_TEXT = {
  altered: 'was changed after it was written',
  removed: 'is missing (a line was deleted)',
  reordered: 'is out of order (lines were moved)',
  unparseable: 'cannot be read',
} as const;

export const auditVerify: CliCommand = {
  words: ['audit', 'verify'],
  usage: 'audit verify <caseId>',
  summary: "Check a case's hash-chained audit trail; names the first event that was changed, removed or moved.",
  async run(args, ctx) {
    const caseId = args[0];
    if (!caseId) throw new CliUsageError('audit verify needs a case id');
    const valid = caseIdParam.safeParse(caseId);
    if (!valid.success) throw new CliUsageError(valid.error.issues[0]?.message ?? 'invalid case id');
    // The trail's lines are sealed with the store's key: verifying needs the store unlocked.
    const store = await ctx.openStore();
    if (!(await store.hasCase(caseId))) {
      ctx.err(`No case ${caseId} in ${ctx.dataDir}.`);
      return 1;
    }
    const { chain, events, problem } = await store.readAudit(caseId);
    const repairs = events.filter((e) => e.type === 'trail-repaired');
    for (const r of repairs) ctx.out(`Repaired at event ${r.seq}: ${r.summary}.`);
    if (chain.ok) {
      ctx.out(chain.count === 0 ? `Case ${caseId} has no audit events yet.` : `Audit trail of ${caseId}: intact, ${chain.count} event${chain.count === 1 ? '' : 's'}.`);
      return 0;
    }
    ctx.err(`Audit trail of ${caseId}: BROKEN at event ${chain.firstBad.seq}, which ${BREAK_TEXT[chain.firstBad.reason]} (${chain.firstBad.reason}).${problem ? ` ${problem}` : ''}`);
    return 1;
  },
};
