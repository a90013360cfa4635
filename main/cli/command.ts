import type { CaseStore } from '../store/case-store';

/** A CLI command: small, testable, given its arguments and where to write. */
export interface CliContext {
  /** The data folder (from --data or WORKBENCH_DATA, else the default user-data folder). */
  dataDir: string;
  /** The encrypted case store of dataDir, asking for its passphrase once (see cli/open-store.ts). */
  openStore: () => Promise<CaseStore>;
  /** The project/app root holding rules/ and resources/. */
  appRoot: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface CliCommand {
  /** Words that select it, e.g. ['cases', 'list']. */
  words: string[];
  usage: string;
  summary: string;
  /** Returns the process exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

export class CliUsageError extends Error {}
