/**
 * Which team database a CLI command uses: --database <url>, else $WORKBENCH_DATABASE_URL; its
 * password from --password-file <file>, else $WORKBENCH_DATABASE_PASSWORD_FILE, else a prompt
 * without echo on a terminal. Never from the URL (refused), an argument or a log.
 */
import { parseDatabaseUrl, passwordFromFile, TeamConnectionError, type TeamDatabase } from '../team/team-connection';
import { CliInputError } from './file-errors';

export interface TeamDatabaseChoice {
  database: TeamDatabase;
  password: string;
}

export async function teamDatabaseForCli(opts: {
  url?: string;
  passwordFile?: string;
  env: NodeJS.ProcessEnv;
  prompt?: (question: string) => Promise<string>;
  isTTY?: boolean;
}): Promise<TeamDatabaseChoice | null> {
  const url = opts.url ?? opts.env.WORKBENCH_DATABASE_URL;
  if (!url) return null;
  try {
    const database = parseDatabaseUrl(url);
    const file = opts.passwordFile ?? opts.env.WORKBENCH_DATABASE_PASSWORD_FILE;
    if (file) return { database, password: await passwordFromFile(file) };
    const tty = opts.isTTY ?? process.stdin.isTTY;
    if (!tty || !opts.prompt) {
      throw new CliInputError(`The team database needs ${database.user}'s password: give it with --password-file <file> or WORKBENCH_DATABASE_PASSWORD_FILE=<file>, or run in a terminal to be asked.`);
    }
    return { database, password: await opts.prompt(`Password of ${database.user} on ${database.host}: `) };
  } catch (e) {
    if (e instanceof TeamConnectionError) throw new CliInputError(e.message);
    throw e;
  }
}
