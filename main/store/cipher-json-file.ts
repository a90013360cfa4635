/**
 * A lowdb adapter that reads and writes through a FileCipher: in the app every case file and the
 * index are AES-256-GCM envelopes, written durably (temp, fsync, rename, fsync folder).
 */
import type { Adapter } from 'lowdb';
import type { FileCipher } from '../crypto/file-cipher';

export class CipherJSONFile<T> implements Adapter<T> {
  readonly #path: string;
  readonly #cipher: FileCipher;

  constructor(filePath: string, cipher: FileCipher) {
    this.#path = filePath;
    this.#cipher = cipher;
  }

  async read(): Promise<T | null> {
    return (await this.#cipher.readJson(this.#path)) as T | null;
  }

  async write(data: T): Promise<void> {
    await this.#cipher.writeJson(this.#path, data);
  }
}
