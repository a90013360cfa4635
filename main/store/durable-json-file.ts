/**
 * A lowdb adapter whose writes survive a crash or power loss at any moment:
 * write a temp file, fsync it, rename it over the old file, fsync the folder.
 * lowdb's own JSONFile renames without fsync, so an acknowledged save could vanish.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';

export class DurableJSONFile<T> implements Adapter<T> {
  #path: string;
  #seq = 0;

  constructor(filePath: string) {
    this.#path = filePath;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await fs.readFile(this.#path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return JSON.parse(text) as T;
  }

  async write(data: T): Promise<void> {
    await writeFileDurably(this.#path, `${JSON.stringify(data, null, 1)}\n`, `${process.pid}-${this.#seq++}`);
  }
}

export async function writeFileDurably(filePath: string, contents: string | Uint8Array, tag = `${process.pid}`): Promise<void> {
  const dir = path.dirname(filePath);
  const tmp = path.join(dir, `.${path.basename(filePath)}.${tag}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, filePath);
  await syncFolder(dir);
}

export async function syncFolder(dir: string): Promise<void> {
  // Windows cannot open a folder for fsync; the rename is already durable enough there.
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
