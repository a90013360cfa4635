/**
 * Writes that survive a crash or power loss at any moment: write a temp file, fsync it, rename it
 * over the old file, fsync the folder. lowdb's own JSONFile renames without fsync, so an
 * acknowledged save could vanish.
 *
 * Nothing the workbench writes is readable by other accounts on the machine: files are created
 * 0600 and folders 0700 (POSIX; Windows keeps the folder's ACL). A folder in the data folder that
 * an older version (or another module) created wider is narrowed the first time a file is written
 * into it, since the folder is already open for its fsync then.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** Owner read/write only. */
export const PRIVATE_FILE = 0o600;
/** Owner only. */
export const PRIVATE_FOLDER = 0o700;

/** Creates a folder (and its missing parents) readable by its owner only. */
export async function makePrivateFolder(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: PRIVATE_FOLDER });
}

export interface DurableWriteOptions {
  /**
   * The file is inside the data folder: its folder is created if missing and narrowed to 0700.
   * Off for files written where the reviewer chose (an exported letter): their folder is theirs.
   */
  privateFolder?: boolean;
}

export async function writeFileDurably(filePath: string, contents: string | Uint8Array, tag = `${process.pid}`, opts: DurableWriteOptions = {}): Promise<void> {
  const dir = path.dirname(filePath);
  if (opts.privateFolder) await makePrivateFolder(dir);
  const tmp = path.join(dir, `.${path.basename(filePath)}.${tag}.tmp`);
  const handle = await fs.open(tmp, 'w', PRIVATE_FILE);
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, filePath);
  await syncFolder(dir, opts);
}

export async function syncFolder(dir: string, opts: DurableWriteOptions = {}): Promise<void> {
  // Windows cannot open a folder for fsync; the rename is already durable enough there.
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    if (opts.privateFolder && ((await handle.stat()).mode & 0o077) !== 0) await handle.chmod(PRIVATE_FOLDER);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Narrows a data folder written by an older version (folders 0755, files 0644) to 0700/0600,
 * all the way down. Runs when the data folder itself is found open to others, so a folder that
 * is already private costs one stat.
 */
export async function makeDataFolderPrivate(dataDir: string): Promise<boolean> {
  if (process.platform === 'win32') return false;
  const st = await fs.stat(dataDir);
  if ((st.mode & 0o077) === 0) return false;
  // Only a folder the workbench made (or an empty one): --data pointed at the wrong folder must not
  // change the modes of someone's other files.
  const top = await fs.readdir(dataDir);
  if (top.length > 0 && !top.includes('key.json') && !top.includes('cases')) return false;
  const entries = await fs.readdir(dataDir, { withFileTypes: true, recursive: true });
  for (const e of entries) {
    const p = path.join(e.parentPath, e.name);
    if (e.isDirectory()) await fs.chmod(p, PRIVATE_FOLDER);
    else if (e.isFile()) await fs.chmod(p, PRIVATE_FILE);
  }
  await fs.chmod(dataDir, PRIVATE_FOLDER);
  return true;
}
