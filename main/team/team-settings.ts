/**
 * The team database as saved on the team settings screen: the URL in
 * <data>/settings/team-database.json (it names a login, a server and a CA file: no secret, 0600
 * like every file in the data folder) and the login's password in
 * <data>/settings/team-password.json, encrypted with the data folder's key (itself held by the OS
 * keyring or the passphrase). The URL decides at start whether the app opens the team store; the
 * password is read once the data folder is unlocked. WORKBENCH_DATABASE_URL, when set, wins.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { FileCipher } from '../crypto/file-cipher';
import { writeFileDurably } from '../store/durable-json-file';
import { TeamConnectionError } from './team-connection';

const SavedConnection = z.strictObject({ url: z.string().min(1).max(2000) });
const SavedPassword = z.strictObject({ password: z.string().min(1).max(1000) });

const connectionFile = (dataDir: string) => path.join(dataDir, 'settings', 'team-database.json');
const passwordFile = (dataDir: string) => path.join(dataDir, 'settings', 'team-password.json');

/** The saved URL, or null when none is saved. A damaged file is an error that names it. */
export async function readSavedConnection(dataDir: string): Promise<{ url: string } | null> {
  const file = connectionFile(dataDir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined; // not JSON: said below like any other damage
  }
  const parsed = SavedConnection.safeParse(value);
  if (!parsed.success) throw new TeamConnectionError(`The saved team database settings in ${file} cannot be read: delete the file to use this machine's own store, or save the connection again.`);
  return parsed.data;
}

export async function readSavedPassword(dataDir: string, cipher: FileCipher): Promise<string> {
  const parsed = SavedPassword.safeParse(await cipher.readJson(passwordFile(dataDir)).catch(() => undefined));
  if (!parsed.success) throw new TeamConnectionError("No readable password is saved for the team database: open the team settings and save the connection again, or set WORKBENCH_DATABASE_PASSWORD_FILE.");
  return parsed.data.password;
}

/** The password first: a URL saved without its password would open a team store that cannot log in. */
export async function saveConnection(dataDir: string, cipher: FileCipher, url: string, password: string): Promise<void> {
  await cipher.writeJson(passwordFile(dataDir), SavedPassword.parse({ password }));
  await writeFileDurably(connectionFile(dataDir), `${JSON.stringify(SavedConnection.parse({ url }), null, 1)}\n`, undefined, { privateFolder: true });
}

/** The URL first: without it the app starts on the local store, whatever happens to the password file. */
export async function forgetConnection(dataDir: string): Promise<void> {
  await fs.rm(connectionFile(dataDir), { force: true });
  await fs.rm(passwordFile(dataDir), { force: true });
}
