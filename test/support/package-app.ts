/**
 * Runs electron-builder with the project's electron-builder.yml into a folder of the caller's,
 * as `npm run dist` does but for the `dir` target only (the unpacked app, no installer).
 *
 * Where the Electron binary is absent (these build machines), `standInElectronDist()` gives
 * electron-builder a folder whose `electron` file is only the fuse wire: enough for it to copy,
 * pack app.asar, unpack what asarUnpack names and flip the fuses, so the packaging can be checked.
 * It is not Electron and runs nothing.
 */
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** @electron/fuses' sentinel, then wire version 1, length 8, Electron's defaults ('1' on, '0' off). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DEFAULT_FUSE_WIRE = '10110001';

export function standInElectronDist(dir: string): string {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in for the Electron binary: it runs nothing"\nexit 1\n'), Buffer.from(FUSE_SENTINEL), Buffer.from([1, DEFAULT_FUSE_WIRE.length]), Buffer.from(DEFAULT_FUSE_WIRE)]);
  fs.writeFileSync(path.join(dir, 'electron'), wire, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'version'), installedElectronVersion());
  return dir;
}

export function installedElectronVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version as string;
}

export interface PackagedApp {
  /** e.g. <out>/linux-unpacked */
  appOutDir: string;
  resourcesDir: string;
  asar: string;
  executable: string;
}

/** electron-builder, programmatically, with electron-builder.yml and the given overrides. */
export async function packageApp(opts: { outDir: string; electronDist?: string; fuses?: Record<string, boolean> }): Promise<PackagedApp> {
  const { build, Platform } = await import('electron-builder');
  const platform = Platform.current();
  await build({
    projectDir: ROOT,
    targets: platform.createTarget('dir'),
    publish: 'never',
    config: {
      // Merged over electron-builder.yml, which electron-builder reads from the project folder.
      directories: { output: opts.outDir },
      electronVersion: installedElectronVersion(),
      // Nothing to rebuild: the one native module (@napi-rs/canvas) is a prebuilt N-API binary.
      npmRebuild: false,
      ...(opts.electronDist ? { electronDist: opts.electronDist } : {}),
      // Merged over the file's electronFuses, key by key.
      ...(opts.fuses ? { electronFuses: opts.fuses } : {}),
    },
  });
  const appOutDir = fs
    .readdirSync(opts.outDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /-unpacked$|^mac/.test(e.name))
    .map((e) => path.join(opts.outDir, e.name))[0];
  if (!appOutDir) throw new Error(`electron-builder wrote no unpacked app into ${opts.outDir}`);
  const resourcesDir = process.platform === 'darwin' ? path.join(appOutDir, 'Reviewer workbench.app', 'Contents', 'Resources') : path.join(appOutDir, 'resources');
  const executable =
    process.platform === 'darwin'
      ? path.join(appOutDir, 'Reviewer workbench.app', 'Contents', 'MacOS', 'Reviewer workbench')
      : process.platform === 'win32'
        ? path.join(appOutDir, 'Reviewer workbench.exe')
        : path.join(appOutDir, 'reviewer-workbench');
  return { appOutDir, resourcesDir, asar: path.join(resourcesDir, 'app.asar'), executable };
}
