import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeZodError } from '../../shared/api/describe-zod-error';
import { CaseFile } from '../../shared/case/schema';
import { latestRevision } from '../../shared/determination/sign-and-amend';
import { buildLetterModel } from '../../shared/letter/letter-model';
import { loadLetterOptions } from '../letters/load-letter-resources';
import { renderDecisionLetter } from '../letters/render-decision-letter';
import { writeFileDurably } from '../store/durable-json-file';
import { CliUsageError, takeOption, type CliCommand } from './command';
import { readJsonInput } from './file-errors';

export const letter: CliCommand = {
  words: ['letter'],
  dataFolder: 'none',
  usage: 'letter <case.json> --out <file.pdf> [--revision <n>]',
  summary: 'Render the decision letter of a signed revision (the latest unless --revision) to PDF.',
  async run(args, ctx) {
    const { rest, value: out } = takeOption(args, '--out');
    const { rest: positional, value: wanted } = takeOption(rest, '--revision');
    const casePath = positional[0];
    if (!casePath || !out) throw new CliUsageError('letter needs a case file and --out <file.pdf>');
    const raw = await readJsonInput(casePath, 'case file');
    const parsed = CaseFile.safeParse(raw);
    if (!parsed.success) {
      ctx.err(`${casePath} is not a valid case file:\n${describeZodError(parsed.error).join('\n')}`);
      return 1;
    }
    const caseFile = parsed.data;
    const revision = wanted === undefined ? latestRevision(caseFile) : caseFile.revisions.find((r) => r.number === Number(wanted));
    if (!revision) {
      ctx.err(
        wanted === undefined
          ? `Case ${caseFile.id} has no signed revision: a letter is made only from a signed determination. Sign it first.`
          : `Case ${caseFile.id} has no signed revision ${wanted} (it has ${caseFile.revisions.map((r) => r.number).join(', ') || 'none'}).`,
      );
      return 1;
    }
    const model = buildLetterModel(caseFile, revision, await loadLetterOptions(ctx.appRoot));
    const pdf = await renderDecisionLetter(model);
    await fs.mkdir(path.dirname(path.resolve(out)), { recursive: true });
    // 0600: a letter is PHI, whoever else uses the machine.
    await writeFileDurably(path.resolve(out), pdf);
    const sha = createHash('sha256').update(pdf).digest('hex');
    ctx.out(`Wrote ${out}: ${model.title}, revision ${revision.number}, ${pdf.length} bytes, sha256 ${sha}.`);
    return 0;
  },
};
