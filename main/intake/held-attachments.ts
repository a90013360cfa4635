/**
 * Files checked for a new case, held in memory by SHA-256 until the case is created (or they age
 * out), so their bytes cross IPC once. The same file twice is one entry: one document.
 * Bounded in total size, oldest dropped first, so an abandoned form cannot grow main's memory.
 */
export interface HeldFile {
  sha256: string;
  bytes: Uint8Array;
  pageCount: number;
  heldAt: number;
}

export class HeldAttachments {
  private files = new Map<string, HeldFile>();
  private total = 0;

  constructor(
    private readonly maxBytes = 1024 * 1024 * 1024,
    private readonly maxAgeMs = 2 * 60 * 60 * 1000,
  ) {}

  hold(file: Omit<HeldFile, 'heldAt'>, now = Date.now()): void {
    this.expire(now);
    const prev = this.files.get(file.sha256);
    if (prev) this.files.delete(file.sha256);
    else this.total += file.bytes.length;
    this.files.set(file.sha256, { ...file, heldAt: now });
    for (const [sha, f] of this.files) {
      if (this.total <= this.maxBytes || sha === file.sha256) break;
      this.files.delete(sha);
      this.total -= f.bytes.length;
    }
  }

  get(sha256: string, now = Date.now()): HeldFile | undefined {
    this.expire(now);
    return this.files.get(sha256);
  }

  release(sha256: string): void {
    const f = this.files.get(sha256);
    if (!f) return;
    this.files.delete(sha256);
    this.total -= f.bytes.length;
  }

  private expire(now: number): void {
    for (const [sha, f] of this.files) {
      if (now - f.heldAt <= this.maxAgeMs) break;
      this.files.delete(sha);
      this.total -= f.bytes.length;
    }
  }
}
