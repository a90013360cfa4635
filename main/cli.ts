/**
 * Headless CLI over the same services as the app: `npm run cli -- <command>`.
 * Exit codes: 0 done, 1 the input was refused (named in the message), 2 usage error.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from './cli/commands';
import { CliUsageError, type CliContext } from './cli/command';
import { resolveDataDir } from './store/data-dir';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    'Reviewer workbench CLI',
    '',
    'Usage: npm run cli -- <command> [options] [--data <dir>]',
    '',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  Show this help.`,
    '',
    'The data folder is --data <dir>, else $WORKBENCH_DATA, else the app\'s user-data folder.',
  ].join('\n');
}

/** Takes `--data <dir>` out of the arguments. */
function takeDataFlag(argv: string[]): { rest: string[]; data?: string } {
  const i = argv.indexOf('--data');
  if (i < 0) return { rest: argv };
  const data = argv[i + 1];
  if (!data) throw new CliUsageError('--data needs a folder');
  return { rest: [...argv.slice(0, i), ...argv.slice(i + 2)], data };
}

export async function runCli(argv: string[], io: Pick<CliContext, 'out' | 'err'>): Promise<number> {
  try {
    const { rest, data } = takeDataFlag(argv);
    if (rest.length === 0 || rest[0] === 'help' || rest[0] === '--help') {
      io.out(helpText());
      return 0;
    }
    const command = commands
      .filter((c) => c.words.every((w, i) => rest[i] === w))
      .sort((a, b) => b.words.length - a.words.length)[0];
    if (!command) {
      io.err(`Unknown command: ${rest.join(' ')}\n\n${helpText()}`);
      return 2;
    }
    const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const ctx: CliContext = { ...io, dataDir: resolveDataDir({ flag: data, env: process.env }), appRoot };
    return await command.run(rest.slice(command.words.length), ctx);
  } catch (e) {
    if (e instanceof CliUsageError) {
      io.err(`${e.message}\n\n${helpText()}`);
      return 2;
    }
    io.err(e instanceof Error ? e.message : String(e));
    return 1;
  }
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
