/** The lint rules that keep the process boundaries: a wrong import must fail `npm test`. */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

async function ruleIdsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'fatal');
}

describe('layering lint rules', () => {
  it('refuses Node, Electron, DOM and main/ in shared/', async () => {
    expect(await ruleIdsFor('shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toContain('no-restricted-imports');
    expect(await ruleIdsFor('shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIdsFor('shared/x.ts', "import { x } from '../main/store/case-store';\nexport const a = x;\n")).toContain('no-restricted-imports');
    expect(await ruleIdsFor('shared/x.ts', 'export const a = document.title;\n')).toContain('no-restricted-globals');
    expect(await ruleIdsFor('shared/x.ts', "import { z } from 'zod';\nexport const a = z.string();\n")).toEqual([]);
  });

  it('lets only main/index.ts, preload.ts and ipc.ts import electron', async () => {
    expect(await ruleIdsFor('main/store/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIdsFor('main/ipc.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n")).toEqual([]);
  });

  it('keeps the renderer away from Node and main/', async () => {
    expect(await ruleIdsFor('renderer/x.ts', "import path from 'path';\nexport const a = path;\n")).toContain('no-restricted-imports');
    expect(await ruleIdsFor('renderer/x.ts', "import { x } from '../main/store/case-store';\nexport const a = x;\n")).toContain('no-restricted-imports');
  });
});
