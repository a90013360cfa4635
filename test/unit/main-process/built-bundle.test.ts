/**
 * The built main-process files parse and their imports load: every .js/.mjs/.cjs under out/main
 * and out/preload. A bundle that does not parse is an app that shows "A JavaScript error occurred
 * in the main process" and nothing else (issue 12: a module's own `require` collided with the
 * `const require` electron-vite's ESM shim puts at the top of the bundle).
 */
import { spawnSync } from 'node:child_process';
import events from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import timers from 'node:timers';
import url, { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractText } from '../../../main/text/extract-text';
import { API_CHANNEL } from '../../../main/app-protocol';
import { assertBuilt, ROOT } from '../../support/electron-double/main-process';
import { packagesImported, productionTree, resolvePackage } from '../../support/production-tree';

const OUT = path.join(ROOT, 'out');
const builtFiles = () =>
  ['main', 'preload'].flatMap((dir) =>
    fs
      .readdirSync(path.join(OUT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(c|m)?js$/.test(f))
      .map((f) => path.join(OUT, dir, f)),
  );

beforeAll(() => assertBuilt());

describe('the built main process', () => {
  it('every built file parses (node --check)', () => {
    const files = builtFiles();
    expect(files.map((f) => path.relative(OUT, f)).sort()).toEqual(expect.arrayContaining(['main/index.js', 'main/pdf-text.worker.mjs', 'preload/preload.cjs']));
    for (const file of files) {
      const r = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
      expect({ file: path.relative(ROOT, file), stderr: r.stderr.trim() }).toEqual({ file: path.relative(ROOT, file), stderr: '' });
      expect(r.status).toBe(0);
    }
  });

  it('imports only Node builtins, electron and production dependencies, which the package carries', () => {
    const shipped = productionTree(ROOT);
    const imported = builtFiles()
      .filter((f) => f.includes(`${path.sep}main${path.sep}`))
      .flatMap((file) => packagesImported(file).map((name) => ({ file: path.relative(ROOT, file), name })));
    expect(imported.map((i) => i.name)).toEqual(expect.arrayContaining(['electron', 'zod', 'pdfjs-dist']));
    for (const { file, name } of imported.filter((i) => i.name !== 'electron')) {
      const resolved = resolvePackage(name, path.join(ROOT, file));
      expect({ file, name, shipped: resolved !== null && shipped.has(resolved) }).toEqual({ file, name, shipped: true });
    }
  });

  it('the text worker beside the bundle loads pdf.js and reads a record', async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(ROOT, 'resources', 'demo', 'progress-note.pdf')));
    const doc = await extractText(bytes, { workerUrl: pathToFileURL(path.join(OUT, 'main', 'pdf-text.worker.mjs')) });
    expect(doc.pages.length).toBeGreaterThan(0);
    expect(doc.pages.map((p) => p.text).join(' ')).toMatch(/physical therapy/i);
  });
});

describe('the built preload', () => {
  /**
   * Electron's sandboxed preload gets a `require` that only knows electron's renderer modules,
   * events, timers and url (Electron docs, "Process Sandboxing": preload scripts). Run under the
   * same restriction, it must expose one function and nothing else.
   */
  it('runs with only the sandbox require and exposes window.workbench.invoke over the API channel', async () => {
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: { invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve({ ok: true, value: 'answer' })) },
    };
    const allowed: Record<string, unknown> = { electron, events, timers, url };
    const required: string[] = [];
    const sandboxRequire = (id: string) => {
      required.push(id);
      if (!Object.hasOwn(allowed, id)) throw new Error(`a sandboxed preload cannot require ${id}`);
      return allowed[id];
    };
    const source = fs.readFileSync(path.join(OUT, 'preload', 'preload.cjs'), 'utf8');
    const module = { exports: {} };
    const wrapper = vm.runInNewContext(`(function (exports, require, module) {\n${source}\n})`, {}, { filename: 'preload.cjs' });
    wrapper(module.exports, sandboxRequire, module);
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['workbench']);
    const bridge = exposed.workbench as { invoke: (m: string, r: unknown) => Promise<unknown> };
    expect(Object.keys(bridge)).toEqual(['invoke']);
    await expect(bridge.invoke('cases.list', {})).resolves.toEqual({ ok: true, value: 'answer' });
    expect(invoked).toEqual([[API_CHANNEL, 'cases.list', {}]]);
  });
});
