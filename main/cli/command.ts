import os from 'node:os';
import type { CaseStore } from '../store/case-store';
import type { TeamStore } from '../store/team-store';
import type { TeamDatabaseChoice } from './team-database';

/** A CLI command: small, testable, given its arguments and where to write. */
export interface CliContext {
  /** The data folder (from --data or WORKBENCH_DATA, else the default user-data folder). */
  dataDir: string;
  /**
   * The case store: the team database's when one is named (--database, WORKBENCH_DATABASE_URL),
   * else the encrypted store of dataDir, asking for its passphrase once (see cli/open-store.ts).
   * In team mode the local folder's key still encrypts this machine's text caches.
   */
  openStore: () => Promise<CaseStore>;
  /** The team database named for this command, with its password; null when none is. */
  teamDatabase?: () => Promise<TeamDatabaseChoice | null>;
  /** Both stores, for `team push`: the local one of dataDir and the team database's. */
  openStores?: () => Promise<{ local: CaseStore; team: TeamStore }>;
  /** Before using dataDir without the store: refuses a missing folder (unless --init), per the command's `dataFolder`. */
  useDataFolder: () => Promise<void>;
  /** The project/app root holding rules/ and resources/. */
  appRoot: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface CliCommand {
  /** Words that select it, e.g. ['cases', 'list']. */
  words: string[];
  /**
   * Whether the data folder must exist: 'required' (the default: the command reads or writes the
   * store), 'optional' (read when there, but a --data naming a missing folder is still an error),
   * 'none' (not used). A missing folder is created only with --init.
   */
  dataFolder?: 'required' | 'optional' | 'none';
  usage: string;
  summary: string;
  /** Returns the process exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

export class CliUsageError extends Error {}

/**
 * Takes `<name> <value>` out of the arguments (the one way every command reads an option).
 * A missing value, or another option in its place, is a usage error.
 */
export function takeOption(args: readonly string[], name: string): { rest: string[]; value?: string } {
  const i = args.indexOf(name);
  if (i < 0) return { rest: [...args] };
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new CliUsageError(`${name} needs a value`);
  return { rest: [...args.slice(0, i), ...args.slice(i + 2)], value };
}

/** Takes a flag without a value (e.g. --init) out of the arguments. */
export function takeFlag(args: readonly string[], name: string): { rest: string[]; set: boolean } {
  const i = args.indexOf(name);
  return i < 0 ? { rest: [...args], set: false } : { rest: [...args.slice(0, i), ...args.slice(i + 1)], set: true };
}

/** Who a change made from the CLI is recorded as: the OS account, marked as the CLI. */
export function cliActor(): string {
  return `${os.userInfo().username} (CLI)`;
}
