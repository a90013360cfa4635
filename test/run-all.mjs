#!/usr/bin/env node
// npm test: type-check, lint, build, unit tests, end-to-end tests, in that order, stopping at
// the first failure. Ends with one line "N passed, N failed, N skipped" over all vitest tests.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function step(title, cmd, args) {
  console.log(`\n=== ${title}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  console.log(`=== ${title}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return r.status === 0;
}

function browserFound() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
  return candidates.some((p) => fs.existsSync(p));
}

const counts = { passed: 0, failed: 0, skipped: 0 };
function addCounts(file) {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8'));
    counts.passed += j.numPassedTests ?? 0;
    counts.failed += j.numFailedTests ?? 0;
    counts.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  } catch {
    counts.failed += 1;
  }
}

function vitest(project) {
  const out = path.join(results, `vitest-${project}.json`);
  fs.rmSync(out, { force: true });
  const ok = step(`${project} tests`, bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  addCounts(out);
  return ok;
}

let ok =
  step('type-check', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) &&
  step('lint', bin('eslint'), ['.']) &&
  step('electronegativity', process.execPath, ['scripts/electronegativity.mjs']) &&
  step('build', bin('electron-vite'), ['build']) &&
  vitest('unit');

if (ok) {
  if (!browserFound()) {
    console.error('\nNo browser for the end-to-end tests: install Chromium (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.');
    ok = false;
  } else {
    ok = vitest('e2e');
  }
}

console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(ok ? 0 : 1);
