/**
 * The packages electron-builder packs into the app: everything reachable from package.json's
 * "dependencies" (optional ones where installed), resolved the way Node resolves them.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

export interface Pkg {
  name: string;
  version?: string;
  license?: string | { type?: string };
  licenses?: { type?: string }[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** The package.json Node finds for `name` from a folder, or null. */
export function resolvePackage(name: string, fromDir: string): string | null {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(candidate)) return candidate;
    if (dir === path.dirname(dir)) return null;
  }
}

/** package.json path -> its contents, for every package that ships. */
export function productionTree(root: string): Map<string, Pkg> {
  const top = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Pkg;
  const seen = new Map<string, Pkg>();
  const queue: [string, string][] = Object.keys(top.dependencies ?? {}).map((n) => [n, root]);
  while (queue.length) {
    const [name, from] = queue.pop()!;
    const file = resolvePackage(name, from);
    if (!file || seen.has(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as Pkg;
    seen.set(file, pkg);
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) queue.push([dep, path.dirname(file)]);
  }
  return seen;
}

/** Package names a built file imports (static, dynamic, require): not relative paths, not Node builtins. */
export function packagesImported(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  const names = info.importedFiles.map((f) => f.fileName).filter((s) => !s.startsWith('.') && !s.startsWith('/') && !s.startsWith('node:') && !builtinModules.includes(s));
  return [...new Set(names.map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!)))];
}
