/**
 * Headless CLI over the same services as the app: `npm run cli -- <command>`.
 * Exit codes: 0 done, 1 the input was refused (named in the message), 2 usage error.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from './cli/commands';
import { CliUsageError, takeFlag, takeOption, type CliCommand, type CliContext } from './cli/command';
import { CliInputError, describeFileError, isFileError } from './cli/file-errors';
import { makePrivateFolder } from './store/durable-json-file';
import { resolveDataDir } from './store/data-dir';
import { CliKeyError, openStoreForCli, promptOnTerminal } from './cli/open-store';
import type { CaseStore } from './store/case-store';
import { openTeamStore, type TeamStore } from './store/team-store';
import { teamDatabaseForCli } from './cli/team-database';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    'Reviewer workbench CLI',
    '',
    'Usage: npm run cli -- <command> [options] [--data <dir>] [--init]',
    '',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  Show this help.`,
    '',
    'The data folder is --data <dir>, else $WORKBENCH_DATA, else the app\'s user-data folder.',
    'It must exist (a mistyped path is an error, not a new empty store); --init creates it.',
    'It is encrypted: its passphrase comes from --key-file <file>, else $WORKBENCH_PASSPHRASE_FILE, else a prompt.',
    'Team mode: --database <url> (else $WORKBENCH_DATABASE_URL) names the PostgreSQL database, TLS verify-full;',
    'its password comes from --password-file <file>, else $WORKBENCH_DATABASE_PASSWORD_FILE, else a prompt.',
  ].join('\n');
}

function takeDataFlag(argv: string[]): { rest: string[]; data?: string; keyFile?: string; init: boolean; database?: string; passwordFile?: string } {
  const d = takeOption(argv, '--data');
  const k = takeOption(d.rest, '--key-file');
  const i = takeFlag(k.rest, '--init');
  const db = takeOption(i.rest, '--database');
  const pw = takeOption(db.rest, '--password-file');
  return { rest: pw.rest, data: d.value, keyFile: k.value, init: i.set, database: db.value, passwordFile: pw.value };
}

/**
 * The data folder must be there before a command uses it: a mistyped --data would otherwise
 * become a new, empty store and the reviewer's cases would seem gone. --init makes it.
 */
async function checkDataFolder(command: CliCommand, dataDir: string, explicit: boolean, init: boolean, io: Pick<CliContext, 'out' | 'err'>): Promise<void> {
  const need = command.dataFolder ?? 'required';
  if (need === 'none') return;
  const st = await fs.stat(dataDir).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
  if (st && !st.isDirectory()) throw new CliInputError(`The data folder ${dataDir} is a file, not a folder. Give --data the folder the workbench keeps its cases in.`);
  if (st) return;
  if (init) {
    await makePrivateFolder(dataDir);
    io.out(`Created a new, empty data folder at ${dataDir}.`);
    return;
  }
  if (need === 'optional' && !explicit) return;
  throw new CliInputError(`There is no data folder at ${dataDir}. Check the path (${explicit ? 'from --data or WORKBENCH_DATA' : "the app's default"}); to start a new, empty store there, add --init.`);
}

export async function runCli(argv: string[], io: Pick<CliContext, 'out' | 'err'>): Promise<number> {
  // A team store holds pooled connections: ended when the command is done, or the process would wait on them.
  let team: Promise<TeamStore> | undefined;
  try {
    const { rest, data, keyFile, init, database, passwordFile } = takeDataFlag(argv);
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
    // Checked when the command first uses the folder, so a usage error is still reported as one.
    let checked: Promise<void> | undefined;
    const useDataFolder = () => (checked ??= checkDataFolder(command, dataDir, data !== undefined || !!process.env.WORKBENCH_DATA, init, io));
    let local: Promise<CaseStore> | undefined;
    const openLocal = () => (local ??= useDataFolder().then(() => openStoreForCli({ dataDir, keyFile, env: process.env, prompt: promptOnTerminal })));
    let choice: ReturnType<typeof teamDatabaseForCli> | undefined;
    const teamDatabase = () => (choice ??= teamDatabaseForCli({ url: database, passwordFile, env: process.env, prompt: promptOnTerminal }));
    const openTeam = () =>
      (team ??= (async () => {
        const c = await teamDatabase();
        if (!c) throw new CliInputError('This command needs the team database: name it with --database <url> or WORKBENCH_DATABASE_URL.');
        const { cipher } = await openLocal();
        return openTeamStore({ ...c, dataDir, cipher, poolSize: 2 });
      })());
    const openStore = async (): Promise<CaseStore> => ((await teamDatabase()) ? openTeam() : openLocal());
    const openStores = async () => ({ local: await openLocal(), team: await openTeam() });
    const ctx: CliContext = { ...io, dataDir, appRoot, openStore, useDataFolder, teamDatabase, openStores };
    return await command.run(rest.slice(command.words.length), ctx);
  } catch (e) {
    if (e instanceof CliUsageError) {
      io.err(`${e.message}\n\n${helpText()}`);
      return 2;
    }
    if (e instanceof CliKeyError || e instanceof CliInputError) {
      io.err(e.message);
      return 1;
    }
    // A file the command touched could not be used: say which and why, not the raw errno text.
    io.err(isFileError(e) ? describeFileError(e) : e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    if (team) await team.then((s) => s.close(), () => undefined);
  }
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  // Everything the CLI creates (a data folder, exported letters and Bundles) is for this account only.
  if (process.platform !== 'win32') process.umask(0o077);
  runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
