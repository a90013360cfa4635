/**
 * Encrypts a data folder written before encryption, in place and without loss: each plaintext
 * file is re-written as an envelope durably (temp, fsync, rename over the plaintext, fsync folder),
 * so at every instant each file is whole in one form or the other, and running again after a
 * crash finishes the job. Files already encrypted are left alone.
 *
 * What is PHI: index.json and everything under cases/. Audit trails (audit.jsonl) stay
 * append-only: each of their lines is sealed on its own (FileCipher.sealLine), not the file whole.
 * codes/ (public CMS tables) and key.json are not touched.
 *
 * Once a pass completes, encrypted.json records it, and later opens skip the walk: from then on
 * a plaintext file under cases/ is something the workbench did not write, reported as damaged
 * and kept as it is, never silently adopted.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileCipher } from './file-cipher';
import { isEnvelope } from './envelope';
import { writeFileDurably } from '../store/durable-json-file';

function isPhiFile(rel: string): boolean {
  const parts = rel.split(path.sep);
  const base = parts[parts.length - 1]!;
  if (base.startsWith('.') && base.endsWith('.tmp')) return false;
  if (rel === 'index.json') return true;
  return parts[0] === 'cases' && parts.length >= 3 && !base.endsWith('.jsonl');
}

async function* walk(dir: string, rel = ''): AsyncGenerator<string> {
  let entries;
  try {
    entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const e of entries) {
    const r = rel ? path.join(rel, e.name) : e.name;
    if (e.isDirectory()) yield* walk(dir, r);
    else if (e.isFile()) yield r;
  }
}

export const MIGRATED_MARKER = 'encrypted.json';

/** Returns how many files were encrypted (0 when the folder was already done). */
export async function migrateToEncrypted(dataDir: string, cipher: FileCipher): Promise<number> {
  if (!cipher.encrypted) return 0;
  const marker = path.join(dataDir, MIGRATED_MARKER);
  if (await fs.stat(marker).then(() => true, () => false)) return 0;
  let count = 0;
  for await (const rel of walk(dataDir)) {
    if (rel.startsWith('cases') && rel.endsWith('audit.jsonl')) {
      count += await sealAuditLines(path.join(dataDir, rel), cipher);
      continue;
    }
    if (!isPhiFile(rel)) continue;
    const file = path.join(dataDir, rel);
    const raw = await fs.readFile(file);
    if (isEnvelope(raw)) continue;
    await cipher.writeFile(file, raw);
    count++;
  }
  await writeFileDurably(marker, `${JSON.stringify({ format: 'aes-256-gcm envelope v1', completedAt: new Date().toISOString(), filesEncrypted: count })}\n`, undefined, { privateFolder: true });
  return count;
}

/** Seals the plaintext lines of an audit trail (a plaintext event line is JSON: it starts with "{"). */
async function sealAuditLines(file: string, cipher: FileCipher): Promise<number> {
  const lines = (await fs.readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
  if (!lines.some((l) => l.startsWith('{'))) return 0;
  const sealed = lines.map((l) => (l.startsWith('{') ? cipher.sealLine(l) : l));
  await writeFileDurably(file, `${sealed.join('\n')}\n`, undefined, { privateFolder: true });
  return 1;
}
