/**
 * `team init`, `team status`, `team push` and `audit verify --database` through the CLI's entry
 * (runCli), against a PostgreSQL server this file starts, as the department's DBA would run them.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli';
import { openStoreForCli } from '../../../main/cli/open-store';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import { startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { REPO_ROOT } from '../../support/team-database';

let cluster: PgCluster;
let dir: string;
let url: string;
let passwordFile: string;
let dataDir: string;
let keyFile: string;
let caseId: string;

beforeAll(async () => {
  cluster = await startPgCluster({ name: 'cli' });
  await cluster.psql('CREATE DATABASE department');
  url = cluster.url(cluster.adminUser, 'department');
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-team-cli-'));
  passwordFile = path.join(dir, 'db-password');
  await fs.writeFile(passwordFile, `${cluster.adminPassword}\n`, { mode: 0o600 });
  dataDir = path.join(dir, 'data');
  keyFile = path.join(dir, 'passphrase');
  await fs.writeFile(keyFile, 'team cli passphrase\n');
  await fs.mkdir(dataDir, { mode: 0o700 });
  const local = await openStoreForCli({ dataDir, keyFile, env: {} });
  caseId = await loadDemoCase(local, path.join(REPO_ROOT, 'resources'));
  await local.updateCase(caseId, (c) => void (c.status = 'in-review'), { actor: 'dana (local)', at: new Date().toISOString(), audit: { type: 'finding-set', summary: 'reviewed locally' } });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const db = () => ['--database', url, '--password-file', passwordFile];

describe('team CLI', () => {
  it('team status says the schema is missing, team init creates it once, then status reports it', async () => {
    const before = await cli('team', 'status', ...db());
    expect(before.code).toBe(1);
    expect(before.out).toMatch(/Schema version 0 \(this workbench has 2: run team init\)/);
    expect(before.out).toMatch(/TLS TLSv1\.[23], certificate verified/);
    const init = await cli('team', 'init', ...db());
    expect(init).toMatchObject({ code: 0 });
    expect(init.out).toMatch(/Applied 1-team-schema, 2-queue-and-letters\./);
    expect((await cli('team', 'init', ...db())).out).toMatch(/already up to date/);
    const after = await cli('team', 'status', ...db());
    expect(after.code).toBe(0);
    expect(after.out).toMatch(/Schema version 2, up to date/);
    expect(after.out).toMatch(/Queue: 0 cases, 0 taken/);
  });

  it('team push moves the local cases with their trails; audit verify checks the chain in the database', async () => {
    const push = await cli('team', 'push', '--data', dataDir, '--key-file', keyFile, ...db());
    expect(push.err).toBe('');
    expect(push.out).toMatch(new RegExp(`${caseId}: pushed with 3 records and 2 audit events; the chain verifies`));
    expect((await cli('team', 'push', '--data', dataDir, '--key-file', keyFile, ...db())).out).toMatch(/already in the team database/);
    const verify = await cli('audit', 'verify', caseId, '--data', dataDir, '--key-file', keyFile, ...db());
    expect(verify).toMatchObject({ code: 0 });
    expect(verify.out).toBe(`Audit trail of ${caseId}: intact, 2 events.`);
    const list = await cli('cases', 'list', '--data', dataDir, '--key-file', keyFile, ...db());
    expect(list.out).toMatch(new RegExp(`^${caseId}\tin-review`));
  });

  it('audit verify names the first altered event of a trail changed in the database behind the store', async () => {
    // The DBA (superuser) can do what no team role may: change an event's text in place.
    await cluster.psql(`ALTER TABLE audit_events DISABLE TRIGGER USER; UPDATE audit_events SET event = replace(event, 'reviewed locally', 'reviewed elsewhere') WHERE case_id = '${caseId}' AND seq = 2`, 'department');
    const verify = await cli('audit', 'verify', caseId, '--data', dataDir, '--key-file', keyFile, ...db());
    expect(verify.code).toBe(1);
    expect(verify.err).toMatch(/BROKEN at event 2, which was changed after it was written/);
  });

  it('refuses a URL with a password in it, or without verify-full, in a sentence', async () => {
    const withPw = await cli('team', 'status', '--database', url.replace('dba@', 'dba:secret@'), '--password-file', passwordFile);
    expect(withPw).toMatchObject({ code: 1 });
    expect(withPw.err).toMatch(/must not hold the password/);
    expect(withPw.err).not.toContain('secret');
    const noVerify = await cli('team', 'status', '--database', url.replace('verify-full', 'require'), '--password-file', passwordFile);
    expect(noVerify.err).toMatch(/add sslmode=verify-full \(it says require\)/);
  });

  it('says the database cannot be reached when it is down, and nothing else', async () => {
    await cluster.pause();
    try {
      const down = await cli('team', 'status', ...db());
      expect(down.code).toBe(1);
      expect(down.err).toMatch(/cannot be reached/);
    } finally {
      await cluster.start();
    }
  });
});
