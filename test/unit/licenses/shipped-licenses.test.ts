/**
 * Only permissive licences ship in the app: every package reachable from package.json's
 * "dependencies" (what electron-builder packs) must carry one. Dev tools are not shipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionTree, type Pkg } from '../../support/production-tree';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const PERMISSIVE = new Set(['MIT', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'BlueOak-1.0.0', 'CC0-1.0', 'Unlicense', 'Zlib', 'OFL-1.1', 'CC-BY-4.0']);
/** Packages whose package.json names no licence, checked by hand against their LICENSE file. */
const REVIEWED: Record<string, string> = { 'png-js': 'MIT' };

function permissive(expression: string): boolean {
  const ids = expression.split(/[()\s]+|\bOR\b|\bAND\b/).filter(Boolean);
  return ids.length > 0 && ids.every((id) => PERMISSIVE.has(id));
}

function licenseOf(p: Pkg): string {
  if (typeof p.license === 'string') return p.license;
  if (p.license?.type) return p.license.type;
  return p.licenses?.map((l) => l.type).join(' OR ') ?? 'UNKNOWN';
}

function shippedPackages(): string[] {
  return [...productionTree(root).values()].map((pkg) => `${pkg.name}: ${REVIEWED[pkg.name] ?? licenseOf(pkg)}`);
}

describe('licences of what ships', () => {
  it('are all permissive (no GPL, AGPL or unknown)', () => {
    const shipped = shippedPackages();
    expect(shipped.length).toBeGreaterThan(20);
    const offending = shipped.filter((entry) => !permissive(entry.slice(entry.lastIndexOf(': ') + 2)));
    expect(offending).toEqual([]);
  });

  it('leave out the test tools, such as axe-core (MPL-2.0), which the accessibility tests use and the app never loads', () => {
    const shipped = [...shippedPackages().values()].map((e) => e.slice(0, e.lastIndexOf(': ')));
    const top = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Pkg & { devDependencies?: Record<string, string> };
    expect(Object.keys(top.devDependencies ?? {})).toContain('@axe-core/playwright');
    expect(shipped).not.toContain('axe-core');
    expect(shipped).not.toContain('@axe-core/playwright');
  });
});
