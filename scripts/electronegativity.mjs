#!/usr/bin/env node
// Runs @doyensec/electronegativity over main/, renderer/ and shared/ together (so a navigation
// lock in main/ counts for the renderer), minus the checks excluded with a reason in
// scripts/electronegativity-exclusions.json. Writes test-results/electronegativity.json and .sarif;
// exits 1 on any remaining finding or on a file it could not parse.
import console from 'node:console';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import process from 'node:process';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity/dist/runner.js');
const { excluded } = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'electronegativity-exclusions.json'), 'utf8'));
for (const [check, reason] of Object.entries(excluded)) {
  if (typeof reason !== 'string' || reason.trim().length < 20) throw new Error(`Exclusion ${check} needs a reason.`);
}

// One folder holding the three source trees and package.json (for the Electron version).
const scanDir = fs.mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
for (const dir of ['main', 'renderer', 'shared']) fs.cpSync(path.join(root, dir), path.join(scanDir, dir), { recursive: true });
fs.copyFileSync(path.join(root, 'package.json'), path.join(scanDir, 'package.json'));
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const started = Date.now();
let report;
try {
  report = await run({
    input: scanDir,
    excludeFromScan: Object.keys(excluded),
    electronVersionOverride: electronVersion,
    isRelative: true,
    output: path.join(results, 'electronegativity.sarif'),
    isSarif: true,
  });
} finally {
  fs.rmSync(scanDir, { recursive: true, force: true });
}

const findings = report.issues.map((i) => ({
  check: i.id,
  file: i.file,
  line: i.location?.line ?? 0,
  severity: i.severity?.name,
  confidence: i.confidence?.name,
  manualReview: !!i.manualReview,
  description: i.description,
}));
const parseErrors = report.errors.filter((e) => !e.tolerable).map((e) => ({ file: path.relative(scanDir, e.file), message: e.message }));
fs.writeFileSync(
  path.join(results, 'electronegativity.json'),
  `${JSON.stringify({ electronVersion, checks: { global: report.globalChecks, atomic: report.atomicChecks }, excluded, findings, parseErrors }, null, 2)}\n`,
);

console.log(`electronegativity: ${report.globalChecks + report.atomicChecks} checks over main/, renderer/, shared/ (Electron ${electronVersion}), ${Object.keys(excluded).length} excluded, ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const f of findings) console.error(`  ${f.check} ${f.file}:${f.line} ${f.severity}/${f.confidence}: ${f.description}`);
for (const e of parseErrors) console.error(`  could not parse ${e.file}: ${e.message}`);
if (findings.length || parseErrors.length) {
  console.error(`electronegativity: ${findings.length} finding(s), ${parseErrors.length} unparsed file(s). Fix them, or exclude a false positive with its reason in scripts/electronegativity-exclusions.json and SECURITY.md.`);
  process.exit(1);
}
console.log('electronegativity: no findings');
