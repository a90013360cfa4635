/**
 * Whether the app runs in team mode, and how it opens the team store: WORKBENCH_DATABASE_URL
 * names the database (TLS verify-full with its CA file, main/team/team-connection.ts) and
 * WORKBENCH_DATABASE_PASSWORD_FILE the file holding the login's password; without them, the
 * connection saved on the team settings screen (main/team/team-settings.ts). Without either the
 * app keeps the local store. The local folder still holds the data key, the session settings
 * and the encrypted text caches; the cases, records and trails are the database's.
 */
import type { FileCipher } from '../crypto/file-cipher';
import type { Log } from '../log';
import { openTeamStore, type TeamStore } from '../store/team-store';
import { readSavedConnection, readSavedPassword } from './team-settings';
import { describeDatabase, parseDatabaseUrl, passwordFromFile, TeamConnectionError, type TeamDatabase } from './team-connection';

export interface TeamMode {
  database: TeamDatabase;
  /** Where the choice came from: the environment wins over the settings screen. */
  source: 'environment' | 'settings';
  /** The database as it may be shown: login@host:port/database, no password. */
  where: string;
  open(local: { dataDir: string; cipher: FileCipher; log: Log }): Promise<TeamStore>;
}

export async function teamModeFromEnv(env: NodeJS.ProcessEnv): Promise<TeamMode | null> {
  const url = env.WORKBENCH_DATABASE_URL;
  if (!url) return null;
  const database = parseDatabaseUrl(url);
  const file = env.WORKBENCH_DATABASE_PASSWORD_FILE;
  if (!file) throw new TeamConnectionError(`Team mode needs ${database.user}'s database password: set WORKBENCH_DATABASE_PASSWORD_FILE to a file only your account can read.`);
  const password = await passwordFromFile(file);
  return { database, source: 'environment', where: describeDatabase(database), open: (local) => openTeamStore({ database, password, ...local }) };
}

/** The environment's team database, else the one saved in the data folder, else none (the local store). */
export async function chooseTeamMode(env: NodeJS.ProcessEnv, dataDir: string): Promise<TeamMode | null> {
  const fromEnv = await teamModeFromEnv(env);
  if (fromEnv) return fromEnv;
  const saved = await readSavedConnection(dataDir);
  if (!saved) return null;
  const database = parseDatabaseUrl(saved.url);
  return { database, source: 'settings', where: describeDatabase(database), open: async (local) => openTeamStore({ database, password: await readSavedPassword(local.dataDir, local.cipher), ...local }) };
}
