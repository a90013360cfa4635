import fs from 'node:fs/promises';
import path from 'node:path';
import { caseIdParam } from '../../shared/api/common';
import { verifyCaseAudit } from '../audit/audit-log';
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
    const caseDir = path.join(ctx.dataDir, 'cases', caseId);
    try {
      await fs.access(caseDir);
    } catch {
      ctx.err(`No case ${caseId} in ${ctx.dataDir}.`);
      return 1;
    }
    try {
      await fs.access(path.join(caseDir, 'audit.jsonl'));
    } catch {
      ctx.err(`Case ${caseId} has no audit trail (audit.jsonl is missing).`);
      return 1;
    }
    // The trail's lines are sealed with the store's key: verifying needs the store unlocked.
    const store = await ctx.openStore();
    const result = await verifyCaseAudit(caseDir, store.cipher);
    if (result.ok) {
      ctx.out(`Audit trail of ${caseId}: intact, ${result.count} event${result.count === 1 ? '' : 's'}.`);
      return 0;
    }
    ctx.err(`Audit trail of ${caseId}: BROKEN at event ${result.firstBad.seq}, which ${BREAK_TEXT[result.firstBad.reason]} (${result.firstBad.reason}).`);
    return 1;
  },
};
