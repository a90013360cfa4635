/**
 * Headless CLI over the same services as the app: `npm run cli -- <command>`.
 * Exit codes: 0 done, 1 the input was refused (named in the message), 2 usage error.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from './cli/commands';
import { CliUsageError, takeOption, type CliContext } from './cli/command';
import { resolveDataDir } from './store/data-dir';
import { CliKeyError, openStoreForCli, promptOnTerminal } from './cli/open-store';
import type { CaseStore } from './store/case-store';

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
    'It is encrypted: its passphrase comes from --key-file <file>, else $WORKBENCH_PASSPHRASE_FILE, else a prompt.',
  ].join('\n');
}

function takeDataFlag(argv: string[]): { rest: string[]; data?: string; keyFile?: string } {
  const d = takeOption(argv, '--data');
  const k = takeOption(d.rest, '--key-file');
  return { rest: k.rest, data: d.value, keyFile: k.value };
}

export async function runCli(argv: string[], io: Pick<CliContext, 'out' | 'err'>): Promise<number> {
  try {
    const { rest, data, keyFile } = takeDataFlag(argv);
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
    const dataDir = resolveDataDir({ flag: data, env: process.env });
    let store: Promise<CaseStore> | undefined;
    const openStore = () => (store ??= openStoreForCli({ dataDir, keyFile, env: process.env, prompt: promptOnTerminal }));
    const ctx: CliContext = { ...io, dataDir, appRoot, openStore };
    return await command.run(rest.slice(command.words.length), ctx);
  } catch (e) {
    if (e instanceof CliUsageError) {
      io.err(`${e.message}\n\n${helpText()}`);
      return 2;
    }
    if (e instanceof CliKeyError) {
      io.err(e.message);
      return 1;
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
