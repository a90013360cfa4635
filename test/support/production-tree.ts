/**
 * The packages electron-builder packs into the app: everything reachable from package.json's
 * "dependencies" (optional ones where installed), resolved the way Node resolves them.
 */
import fs from 'node:fs';
import path from 'node:path';

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
