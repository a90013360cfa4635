/**
 * What `npm run dist` makes, checked without the Electron binary: electron-builder runs with the
 * project's electron-builder.yml (test/support/package-app.ts) against a stand-in binary that is
 * only a fuse wire, and the result is inspected: what app.asar holds, what is unpacked beside it,
 * the fuses flipped, and the packaged main bundle started from that layout under the electron
 * double. The stand-in is not Electron; test/e2e/electron-app.e2e.ts launches a real package
 * wherever the binary exists.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @electron/asar is what electron-builder packs with (a dependency of app-builder-lib).
import * as asar from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageApp, ROOT, standInElectronDist, type PackagedApp } from '../../support/package-app';
import { startMainProcess, type MainProcess } from '../../support/electron-double/main-process';
import { packagesImported, resolvePackage, type Pkg } from '../../support/production-tree';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-package-'));
let pkg: PackagedApp;
let entries: Set<string>;
const running: MainProcess[] = [];

const filesUnder = (dir: string): string[] =>
  fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));

const isUnpacked = (file: string) => (asar.statFile(pkg.asar, file) as { unpacked?: boolean }).unpacked === true;

beforeAll(async () => {
  const started = Date.now();
  pkg = await packageApp({ outDir: path.join(tmp, 'dist'), electronDist: standInElectronDist(path.join(tmp, 'electron-dist')) });
  entries = new Set(asar.listPackage(pkg.asar, { isPack: false }).map((p) => p.replace(/^[\\/]/, '').split(path.sep).join('/')));
  console.log(`electron-builder packed ${entries.size} entries in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 300_000);

afterAll(async () => {
  await Promise.all(running.map((m) => m.close()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the packaged app', () => {
  it('holds the built app, the guideline rules and the letter wording inside app.asar, byte for byte', () => {
    for (const f of ['package.json', 'out/main/index.js', 'out/main/pdf-text.worker.mjs', 'out/preload/preload.cjs', 'out/renderer/index.html']) expect(entries).toContain(f);
    for (const dir of ['cmaps', 'standard_fonts', 'wasm', 'iccs']) expect([...entries].some((e) => e.startsWith(`out/renderer/pdfjs/${dir}/`))).toBe(true);
    const data = [...filesUnder('rules'), ...filesUnder('resources')];
    expect(data).toEqual(expect.arrayContaining(['rules/turnaround.json', 'rules/appeal-rights.json', 'resources/letters/wording.json', 'resources/demo/case.json']));
    for (const file of data) {
      expect(entries).toContain(file);
      // Packed, not unpacked: asar integrity covers them where Electron enforces it.
      expect({ file, unpacked: isUnpacked(file) }).toEqual({ file, unpacked: false });
      expect(asar.extractFile(pkg.asar, file).equals(fs.readFileSync(path.join(ROOT, file)))).toBe(true);
    }
    const manifest = JSON.parse(asar.extractFile(pkg.asar, 'package.json').toString());
    expect([manifest.main, manifest.type]).toEqual(['out/main/index.js', 'module']);
  });

  it('keeps nothing beside the archive but what must be read from real files', () => {
    expect(fs.readdirSync(pkg.resourcesDir).sort()).toEqual(['app.asar', 'app.asar.unpacked']);
    const unpacked = path.join(pkg.resourcesDir, 'app.asar.unpacked');
    for (const file of ['out/main/pdf-text.worker.mjs', 'node_modules/pdfjs-dist/legacy/build/pdf.mjs', 'node_modules/pdfjs-dist/standard_fonts/FoxitSerif.pfb', 'node_modules/pdfjs-dist/cmaps/Adobe-Japan1-UCS2.bcmap', 'node_modules/@napi-rs/canvas/package.json']) {
      expect({ file, unpacked: isUnpacked(file), onDisk: fs.existsSync(path.join(unpacked, file)) }).toEqual({ file, unpacked: true, onDisk: true });
    }
    // The canvas binary for this platform, a real file a worker thread can dlopen.
    const natives = fs.readdirSync(path.join(unpacked, 'node_modules', '@napi-rs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.node'));
    expect(natives.length).toBeGreaterThan(0);
    expect(isUnpacked('out/main/index.js')).toBe(false);
    expect(isUnpacked('out/renderer/index.html')).toBe(false);
  });

  it('carries every package the main bundle and its worker import, with their own dependencies', () => {
    const missing: string[] = [];
    const visit = (name: string, fromDir: string, seen: Set<string>) => {
      const file = resolvePackage(name, fromDir);
      if (!file || seen.has(file)) return;
      seen.add(file);
      const rel = path.relative(ROOT, file).split(path.sep).join('/');
      if (!entries.has(rel)) missing.push(rel);
      const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Pkg;
      for (const dep of Object.keys(p.dependencies ?? {})) visit(dep, path.dirname(file), seen);
    };
    const seen = new Set<string>();
    for (const bundle of ['out/main/index.js', 'out/main/pdf-text.worker.mjs']) {
      for (const name of packagesImported(path.join(ROOT, bundle))) if (name !== 'electron') visit(name, path.join(ROOT, 'out', 'main'), seen);
    }
    expect(seen.size).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it('ships no sources, tests, source maps, Electron itself or development tools', () => {
    const stray = [...entries].filter(
      (e) =>
        /^(main|shared|renderer|test|bench|scripts|docs|\.ci)\//.test(e) ||
        e.endsWith('.map') ||
        /^node_modules\/(electron|electron-builder|electron-vite|vitest|typescript|playwright-core|eslint|vite|tsx|@doyensec)\//.test(e),
    );
    expect(stray).toEqual([]);
  });

  it('has the fuses SECURITY.md lists flipped in the executable', async () => {
    const wire = await getCurrentFuseWire(pkg.executable);
    const on = 49;
    const off = 48;
    expect({
      runAsNode: wire[0],
      enableCookieEncryption: wire[1],
      enableNodeOptionsEnvironmentVariable: wire[2],
      enableNodeCliInspectArguments: wire[3],
      enableEmbeddedAsarIntegrityValidation: wire[4],
      onlyLoadAppFromAsar: wire[5],
      grantFileProtocolExtraPrivileges: wire[7],
    }).toEqual({
      runAsNode: off,
      enableCookieEncryption: on,
      enableNodeOptionsEnvironmentVariable: off,
      enableNodeCliInspectArguments: off,
      enableEmbeddedAsarIntegrityValidation: on,
      onlyLoadAppFromAsar: on,
      grantFileProtocolExtraPrivileges: off,
    });
  });

  it('starts from the packed layout: rules and pages from the archive, record text from the unpacked worker', async () => {
    // The archive as Electron's main thread sees it (every entry readable at app.asar/...), except
    // that the unpacked files are not there: worker threads and native code must find them in
    // app.asar.unpacked, as in the real app. Package manifests stay, as the archive header lists them.
    const resources = path.join(tmp, 'installed', 'resources');
    const appAsar = path.join(resources, 'app.asar');
    asar.extractAll(pkg.asar, appAsar);
    fs.symlinkSync(path.join(pkg.resourcesDir, 'app.asar.unpacked'), path.join(resources, 'app.asar.unpacked'));
    const unpackedDir = path.join(pkg.resourcesDir, 'app.asar.unpacked');
    for (const e of fs.readdirSync(unpackedDir, { recursive: true, withFileTypes: true })) {
      if (e.isFile() && e.name !== 'package.json') fs.rmSync(path.join(appAsar, path.relative(unpackedDir, path.join(e.parentPath, e.name))));
    }
    const userData = path.join(tmp, 'userData');
    fs.mkdirSync(userData);
    const passphraseFile = path.join(tmp, 'passphrase');
    fs.writeFileSync(passphraseFile, 'correct horse battery staple\n', { mode: 0o600 });
    const main = await startMainProcess({
      bundle: path.join(appAsar, 'out', 'main', 'index.js'),
      args: ['--data', path.join(tmp, 'data')],
      env: { WORKBENCH_PASSPHRASE_FILE: passphraseFile },
      double: { userData, isPackaged: true, appPath: appAsar },
    });
    running.push(main);
    const { outcome, state } = await main.ready();
    expect(outcome).toBe('loaded');
    expect(state.windows[0]!.options.webPreferences!.preload).toBe(path.join(appAsar, 'out', 'preload', 'preload.cjs'));
    const page = await main.request('workbench://app/index.html');
    expect(page.body.equals(asar.extractFile(pkg.asar, 'out/renderer/index.html'))).toBe(true);
    const frame = { url: 'workbench://app/index.html' };
    expect(await main.invoke(frame, 'intake.options')).toMatchObject({ ok: true });
    expect(await main.invoke(frame, 'cases.loadDemo')).toEqual({ ok: true, value: { caseId: 'demo-scs-trial' } });
    const opened = (await main.invoke(frame, 'cases.open', { caseId: 'demo-scs-trial' })) as { value: { documents: { sha256: string; name: string }[] } };
    const note = opened.value.documents.find((d) => /progress/i.test(d.name)) ?? opened.value.documents[0]!;
    const text = (await main.invoke(frame, 'text.document', { caseId: 'demo-scs-trial', docSha256: note.sha256 })) as { ok: boolean; value: { pages: { text: string }[] } };
    expect(text.ok).toBe(true);
    expect(text.value.pages.map((p) => p.text).join(' ').length).toBeGreaterThan(200);
    const served = await main.request(`workbench://app/docs/demo-scs-trial/${note.sha256}.pdf`);
    expect(createHash('sha256').update(served.body).digest('hex')).toBe(note.sha256);
    expect(main.stderr()).not.toContain('warm-up-failed');
  }, 120_000);
});
