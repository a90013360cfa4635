/**
 * What the reviewer reads when the app cannot start: what went wrong and what to do, in a dialog
 * (main/index.ts shows it, then quits). A packaged app has no terminal, so a start that fails
 * silently just disappears. The text is for the reviewer's own screen, never for the log: the log
 * gets the error's class name only (main/log.ts).
 */
import { WorkbenchError } from '../shared/api/errors';
import { EnvelopeError } from './crypto/envelope';
import { KeyFileError } from './crypto/key-file';
import { PassphraseUnavailableError } from './security/passphrase-source';
import { LaunchError } from './launch-folders';
import { TeamConnectionError } from './team/team-connection';

export const STARTUP_FAILURE_TITLE = 'The reviewer workbench could not start';

/** The phases of a start, so the dialog can say which one failed. */
export type StartupStep = 'launch' | 'team-database' | 'open-data' | 'passphrase-file' | 'open-window';

/** An error from one phase of the start. */
export class StartupError extends Error {
  override name = 'StartupError';
  constructor(
    readonly step: StartupStep,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** Runs one phase; whatever it throws comes out as a StartupError naming the phase. */
export async function startupStep<T>(step: StartupStep, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw e instanceof StartupError ? e : new StartupError(step, e);
  }
}

export interface StartupFailure {
  title: string;
  /** What went wrong, a blank line, what to do. */
  message: string;
}

export interface StartupContext {
  dataDir?: string;
  passphraseFile?: string;
  /** True when WORKBENCH_DATABASE_URL chose the team database, false when the team settings screen saved it. */
  teamFromEnvironment?: boolean;
}

const ERRNO_ADVICE: Record<string, (dir: string) => string> = {
  EACCES: (dir) => `This account may not read or write the data folder ${dir}. Fix the folder's permissions, or start with --data <folder> to use another folder.`,
  EPERM: (dir) => `This account may not read or write the data folder ${dir}. Fix the folder's permissions, or start with --data <folder> to use another folder.`,
  EROFS: (dir) => `The data folder ${dir} is on a read-only disk. Start with --data <folder> on a writable disk.`,
  ENOSPC: (dir) => `The disk holding the data folder ${dir} is full. Free some space, then start the workbench again.`,
  ENOTDIR: (dir) => `Part of the data folder's path ${dir} is a file, not a folder. Start with --data <folder> naming a folder.`,
  EEXIST: (dir) => `Part of the data folder's path ${dir} is a file, not a folder. Start with --data <folder> naming a folder.`,
};

function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

function describe(step: StartupStep, cause: unknown, ctx: StartupContext): [what: string, todo: string] {
  const dir = ctx.dataDir ?? 'the data folder';
  const message = cause instanceof Error ? cause.message : String(cause);
  if (cause instanceof LaunchError) {
    return [message, 'Start the workbench again with --data <folder>, or without --data to use the default data folder.'];
  }
  if (step === 'passphrase-file') {
    const file = ctx.passphraseFile ?? 'the file named by WORKBENCH_PASSPHRASE_FILE';
    if (cause instanceof PassphraseUnavailableError) {
      return [message, `Put the passphrase on the first line of ${file}, or start without WORKBENCH_PASSPHRASE_FILE and type it in the window.`];
    }
    const retry = `Correct ${file}, or start without WORKBENCH_PASSPHRASE_FILE and type the passphrase in the window.`;
    if (cause instanceof WorkbenchError && cause.code === 'locked') return [`The passphrase in ${file} does not unlock the data folder ${dir}.`, retry];
    if (cause instanceof WorkbenchError) return [`The passphrase in ${file} cannot be used: ${message}`, retry];
  }
  if (cause instanceof TeamConnectionError) {
    if (ctx.teamFromEnvironment === false) {
      return [`Team mode cannot reach its database: ${message}`, `The connection was saved on the team settings screen: delete ${dir}/settings/team-database.json to start on this machine's own store, then save the connection again there.`];
    }
    return [`Team mode cannot reach its database: ${message}`, 'Correct WORKBENCH_DATABASE_URL or WORKBENCH_DATABASE_PASSWORD_FILE (README, "Team mode"), or start without WORKBENCH_DATABASE_URL to work on this machine\'s own store.'];
  }
  const code = errnoCode(cause);
  if (code && ERRNO_ADVICE[code]) return [`The data folder ${dir} could not be opened (${code}).`, ERRNO_ADVICE[code](dir)];
  if (cause instanceof KeyFileError) {
    // The key file's own messages say what to do (restore key.json, use the passphrase ...).
    return [`The data folder ${dir} could not be unlocked: ${message}`, 'If the OS keyring holds the key, start the workbench in the desktop session whose keyring is unlocked. Without key.json or its passphrase the cases cannot be decrypted: restore the data folder from a backup.'];
  }
  if (cause instanceof EnvelopeError || (cause instanceof WorkbenchError && cause.code === 'damaged')) {
    return [`A file in the data folder ${dir} cannot be read: ${message}`, 'The file has been kept as it is. Restore the data folder from a backup, or start with --data <folder> to work in another folder meanwhile.'];
  }
  if (step === 'open-window') {
    return [`The workbench window could not be loaded: ${message}`, 'The installation may be damaged: reinstall the workbench. Your cases are not affected.'];
  }
  const name = cause instanceof Error ? cause.name : 'Error';
  return [`An unexpected error stopped the start (${name}: ${message}).`, 'Start the workbench again. If it happens again, give this message to your IT support. Your cases are not affected.'];
}

export function describeStartupFailure(error: unknown, ctx: StartupContext = {}): StartupFailure {
  const step = error instanceof StartupError ? error.step : 'launch';
  const cause = error instanceof StartupError ? error.cause : error;
  const [what, todo] = describe(step, cause, ctx);
  return { title: STARTUP_FAILURE_TITLE, message: `${what}\n\n${todo}` };
}

/** The error's class name for the PHI-free log (main/log.ts keeps only identifier-shaped names). */
export function startupFailureName(error: unknown): string {
  const cause = error instanceof StartupError ? error.cause : error;
  return cause instanceof Error ? cause.name : 'Error';
}
