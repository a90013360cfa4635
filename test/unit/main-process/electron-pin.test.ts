/**
 * Electron is pinned to the newest patch of its major (security fixes ship as patches), and the
 * installed package is the pinned one. The registry comparison needs an npm registry (CI has one);
 * where none answers it is skipped and says so.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestMajorOf, latestPatchOf } from '../../../scripts/electron-release';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const pinned: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies.electron;

describe('the Electron pin', () => {
  it('is an exact release, and the one installed and in the lock file', () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version).toBe(pinned);
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/electron'].version).toBe(pinned);
  });

  it('finds the newest patch of the same major, ignoring pre-releases and other majors', () => {
    const versions = ['44.9.9', '45.0.0-alpha.1', '45.4.1', '45.5.0', '45.10.0', '45.11.0-beta.2', '46.0.0', '46.1.0'];
    expect(latestPatchOf(versions, '45.4.1')).toBe('45.10.0');
    expect(latestPatchOf(versions, '45.10.0')).toBe('45.10.0');
    expect(latestPatchOf(['45.4.1'], '45.4.1')).toBe('45.4.1');
    expect(latestMajorOf(versions)).toBe(46);
    expect(() => latestPatchOf(versions, '^45.4.1')).toThrow('exact release');
  });

  it('is the newest patch of its major on the registry', (ctx) => {
    const r = spawnSync('npm', ['view', 'electron', 'versions', '--json'], { encoding: 'utf8', timeout: 60_000, shell: process.platform === 'win32' });
    let versions: string[] | undefined;
    try {
      versions = r.status === 0 ? (JSON.parse(r.stdout) as string[]) : undefined;
    } catch {
      versions = undefined;
    }
    if (!versions) {
      console.warn(`Skipping the Electron pin check: no npm registry answered (npm view electron versions: ${r.error?.message ?? r.stderr.trim().split('\n').pop()}).`);
      ctx.skip();
      return;
    }
    const latest = latestPatchOf(versions, pinned);
    if (latestMajorOf(versions) > Number(pinned.split('.')[0])) {
      console.warn(`Electron ${latestMajorOf(versions)} is out; package.json pins ${pinned}. Moving major is a decision: see Electron's breaking changes.`);
    }
    expect(
      latest,
      `Electron ${latest} is out and package.json pins ${pinned}: ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install --save-dev --save-exact electron@${latest} (keep the lock file's hand-recorded @napi-rs/canvas entries, README "The lock file").`,
    ).toBe(pinned);
  }, 90_000);
});
