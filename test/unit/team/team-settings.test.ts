/**
 * The team settings screen's services through the real dispatcher, on a director's local store,
 * against a PostgreSQL server this file starts: a typed connection is tested and said in
 * sentences (a URL holding the password, without verify-full, a wrong password, a server that
 * does not answer, a database without the schema, a login without a team role), saved only when
 * ready, the password never in plaintext on disk; the next start opens the team store from it;
 * WORKBENCH_DATABASE_URL wins; forgetting it returns to the local store.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkbenchDispatch } from '../../../main/workbench-api';
import { openCaseStore } from '../../../main/store/case-store';
import { createFileCipher } from '../../../main/crypto/file-cipher';
import { chooseTeamMode } from '../../../main/team/team-mode';
import { silentLog } from '../../../main/log';
import { describeStartupFailure, StartupError } from '../../../main/startup-failure';
import type { ApiMethod, ApiResponse } from '../../../shared/api/contract';
import { withIdempotencyKey } from '../../support/with-idempotency-key';
import { startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { createTeamDatabase, REPO_ROOT } from '../../support/team-database';

let cluster: PgCluster;
let dataDir: string;
let url: string;
let password: string;
let unmigratedUrl: string;
let noRoleUrl: string;
let noRolePassword: string;
const cipher = createFileCipher(randomBytes(32));
let call: <M extends ApiMethod>(method: M, request: object) => Promise<ApiResponse<M>>;

const noSession = Object.fromEntries(
  ['session.status', 'session.unlock', 'session.lock', 'session.setPassphrase', 'session.setPin', 'settings.setIdleLock'].map((m) => [m, () => Promise.reject(new Error(`${m} is not driven by this test`))]),
);

beforeAll(async () => {
  cluster = await startPgCluster({ name: 'team-settings' });
  const db = await createTeamDatabase(cluster);
  const login = await db.login('director', ['physician-reviewer']);
  ({ password } = login);
  url = cluster.url(login.user, db.name);
  const bare = `bare_${process.pid}`;
  await cluster.psql(`CREATE DATABASE ${bare}`);
  await cluster.psql(`GRANT CONNECT ON DATABASE ${bare} TO ${login.user}`);
  unmigratedUrl = cluster.url(login.user, bare);
  const nobody = await db.login('norole', []);
  noRoleUrl = cluster.url(nobody.user, db.name);
  noRolePassword = nobody.password;
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-team-settings-'));
  const store = await openCaseStore(dataDir, { cipher });
  const dispatch = createWorkbenchDispatch({ store, appRoot: REPO_ROOT, dataDir, reviewer: () => 'director' }, noSession);
  call = async (method, request) => {
    const r = await dispatch(method, withIdempotencyKey(method, request as never, randomUUID));
    if (!r.ok) throw new Error(`${method} refused: ${r.error.code} ${r.error.message}`);
    return r.value as never;
  };
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('team settings: a director connects a workbench to the team database', () => {
  it('says what the local store is, and that nothing is saved yet', async () => {
    expect(await call('team.connection', {})).toEqual({ mode: 'local', source: null, database: null, saved: null });
  });

  it('says in a sentence what is wrong with a typed connection, and saves nothing', async () => {
    const typed = new URL(url);
    typed.password = password;
    const withPassword = typed.toString();
    const cases: [string, string, RegExp][] = [
      ['not a url', password, /is not a URL/],
      [withPassword, password, /must not hold the password/],
      [url.replace('sslmode=verify-full', 'sslmode=require'), password, /verify-full/],
      [url, `${password}-wrong`, /refused this login/],
      [url.replace(/:(\d+)\//, ':1/'), password, /cannot be reached/],
      [unmigratedUrl, password, /team init/],
      [noRoleUrl, noRolePassword, /holds no team role/],
    ];
    for (const [u, p, said] of cases) {
      const r = await call('team.saveConnection', { url: u, password: p });
      expect(r.saved, u).toBe(false);
      expect(r.problem, `${u}: ${r.problem}`).toMatch(said);
      expect(r.problem).not.toContain(p);
    }
    await expect(fs.readdir(path.join(dataDir, 'settings')).catch(() => [])).resolves.not.toContain('team-database.json');
  });

  it('tests a working connection and says what it found, then saves it with the password encrypted', async () => {
    const tested = await call('team.testConnection', { url, password });
    expect(tested.probe?.ready, JSON.stringify(tested)).toBe(true);
    expect(tested.probe?.lines.join('\n')).toMatch(/TLS TLSv1\.[23], certificate verified \(verify-full\)[\s\S]*Schema version 2, up to date[\s\S]*physician-reviewer/);
    expect(await call('team.connection', {})).toMatchObject({ saved: null });

    const saved = await call('team.saveConnection', { url, password });
    expect(saved).toMatchObject({ saved: true });
    expect(await call('team.connection', {})).toMatchObject({ mode: 'local', saved: { url } });
    // Nothing on disk holds the password as it was typed, and nothing is readable by others.
    for (const f of await fs.readdir(path.join(dataDir, 'settings'))) {
      const file = path.join(dataDir, 'settings', f);
      expect((await fs.readFile(file)).includes(Buffer.from(password)), f).toBe(false);
      expect((await fs.stat(file)).mode & 0o077, f).toBe(0);
    }
  });

  it('opens the team store from the saved connection at the next start; the environment wins over it', async () => {
    const mode = await chooseTeamMode({}, dataDir);
    expect(mode).toMatchObject({ source: 'settings' });
    const store = await mode!.open({ dataDir, cipher, log: silentLog });
    try {
      expect(await store.whoAmI()).toMatchObject({ mode: 'team', roles: ['physician-reviewer'] });
    } finally {
      await store.close();
    }
    const pwFile = path.join(dataDir, 'pw');
    await fs.writeFile(pwFile, `${noRolePassword}\n`, { mode: 0o600 });
    expect(await chooseTeamMode({ WORKBENCH_DATABASE_URL: noRoleUrl, WORKBENCH_DATABASE_PASSWORD_FILE: pwFile }, dataDir)).toMatchObject({ source: 'environment', database: { user: expect.stringMatching(/^norole_/) } });
  });

  it('a damaged saved connection stops the start with the file to delete; forgetting it returns to the local store', async () => {
    const file = path.join(dataDir, 'settings', 'team-database.json');
    const good = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, '{"url": 42');
    const failure = await chooseTeamMode({}, dataDir).catch((e: unknown) => e);
    expect(describeStartupFailure(new StartupError('team-database', failure), { dataDir, teamFromEnvironment: false }).message).toMatch(/delete .*settings\/team-database\.json to start on this machine's own store/s);
    await fs.writeFile(file, good);

    expect(await call('team.forgetConnection', {})).toEqual({ removed: true });
    expect(await chooseTeamMode({}, dataDir)).toBeNull();
    expect(await call('team.connection', {})).toMatchObject({ saved: null });
    expect(await call('team.forgetConnection', {})).toEqual({ removed: false });
  });
});
