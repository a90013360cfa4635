/**
 * A throwaway PostgreSQL 15 cluster for a test file or a benchmark: initdb in a temp folder, TLS
 * with a CA made for the run (so the team store connects with sslmode=verify-full, as in a
 * department), listening on 127.0.0.1 only, stopped and removed by `stop()`.
 *
 * initdb refuses to run as root, so as root the cluster is made and run as an unprivileged user
 * (`WORKBENCH_PG_USER`, else `nobody`) with runuser. No server binaries is an error, never a skip:
 * `.ci/run` installs Debian's `postgresql`.
 */
import { execFile as execFileCb, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFile = promisify(execFileCb);

export interface PgCluster {
  host: string;
  port: number;
  /** The cluster's superuser (the department's database administrator in the tests). */
  adminUser: string;
  adminPassword: string;
  database: string;
  /** The CA that signed the server's certificate: what sslmode=verify-full checks against. */
  caFile: string;
  /** A connection URL with TLS verified: postgres://user@127.0.0.1:port/db?sslmode=verify-full&sslrootcert=… (no password). */
  url(user?: string, database?: string): string;
  /** Runs SQL as the superuser through psql (setup only). */
  psql(sql: string, database?: string): Promise<string>;
  /** Stops the server at once and removes its folder. */
  stop(): Promise<void>;
  /** Stops (cleanly) and starts the server again (a database that went away and came back). */
  restart(): Promise<void>;
  /** Stops the server cleanly, keeping its folder (the database cannot be reached until `start`). */
  pause(): Promise<void>;
  start(): Promise<void>;
}

const BIN_DIRS = [process.env.WORKBENCH_PG_BIN, '/usr/lib/postgresql/15/bin', '/usr/local/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'].filter(Boolean) as string[];

/** The folder holding initdb and pg_ctl; throws (never skips) when there is none. */
export function findPgBin(dirs: readonly string[] = BIN_DIRS, pgConfig = 'pg_config'): string {
  for (const dir of dirs) if (fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
  const fromConfig = spawnSync(pgConfig, ['--bindir'], { encoding: 'utf8' });
  const dir = fromConfig.status === 0 ? fromConfig.stdout.trim() : '';
  if (dir && fs.existsSync(path.join(dir, 'initdb'))) return dir;
  throw new Error(
    'No PostgreSQL server binaries (initdb, pg_ctl) were found. Team-mode tests start their own server: install PostgreSQL 15 (Debian: apt-get install -y postgresql; `bash .ci/run` does) or set WORKBENCH_PG_BIN to the folder holding initdb.',
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A CA and a server certificate for 127.0.0.1/localhost, made with openssl for this cluster only. */
async function makeCertificates(dir: string): Promise<void> {
  const o = (args: string[]) => execFile('openssl', args, { cwd: dir });
  await o(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=workbench test CA', '-keyout', 'ca.key', '-out', 'ca.crt', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await o(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr']);
  await fsp.writeFile(path.join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await o(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'server.crt', '-extfile', 'server.ext']);
}

function asUser(): string | null {
  if (process.getuid?.() !== 0) return null;
  return process.env.WORKBENCH_PG_USER || 'nobody';
}

async function run(bin: string, args: string[], user: string | null, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const cmd = user ? 'runuser' : bin;
  const full = user ? ['-u', user, '--', bin, ...args] : args;
  const { stdout } = await execFile(cmd, full, { env: { ...process.env, ...env, LC_ALL: 'C.UTF-8' }, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export async function startPgCluster(opts: { name?: string } = {}): Promise<PgCluster> {
  const bin = findPgBin();
  const user = asUser();
  // Under /tmp rather than a root-only folder: the unprivileged user must reach it.
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), `wb-pg-${opts.name ?? 'test'}-`));
  const data = path.join(root, 'data');
  const certs = path.join(root, 'certs');
  await fsp.mkdir(certs);
  await makeCertificates(certs);
  // Not one of the schema's own role names (workbench_*): the cluster's superuser is the DBA.
  const adminUser = 'dba';
  const adminPassword = randomBytes(18).toString('base64url');
  await fsp.writeFile(path.join(root, 'pw'), adminPassword, { mode: 0o600 });
  if (user) {
    const { stdout } = await execFile('id', ['-u', user]);
    const { stdout: gid } = await execFile('id', ['-g', user]);
    const uid = Number(stdout.trim());
    const g = Number(gid.trim());
    for (const p of [root, certs, path.join(root, 'pw'), path.join(certs, 'server.key'), path.join(certs, 'server.crt')]) fs.chownSync(p, uid, g);
  }
  await fsp.chmod(root, 0o700);
  await fsp.chmod(path.join(certs, 'server.key'), 0o600);
  await run(path.join(bin, 'initdb'), ['-D', data, '-U', adminUser, '--pwfile', path.join(root, 'pw'), '--auth=scram-sha-256', '-E', 'UTF8', '--no-instructions'], user);
  await fsp.rm(path.join(root, 'pw'));
  const port = await freePort();
  const conf = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${root}'`,
    'ssl = on',
    `ssl_cert_file = '${path.join(certs, 'server.crt')}'`,
    `ssl_key_file = '${path.join(certs, 'server.key')}'`,
    'max_connections = 200',
    'shared_buffers = 128MB',
    // A throwaway cluster: durability is the store's concern in its own tests, not the disk's here.
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    "log_min_messages = 'warning'",
  ];
  await fsp.appendFile(path.join(data, 'postgresql.conf'), `\n${conf.join('\n')}\n`);
  // TLS only, passwords only: no trust, no plain TCP.
  await fsp.writeFile(path.join(data, 'pg_hba.conf'), 'local all all scram-sha-256\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 0.0.0.0/0 reject\n');
  const log = path.join(root, 'server.log');
  const start = () => run(path.join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', 'start'], user);
  const stopNow = () => run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], user);
  // A server that goes away cleanly: with synchronous_commit off, an immediate stop would also lose the last commits.
  const stopClean = () => run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], user);
  await start();
  let stopped = false;

  const cluster: PgCluster = {
    host: '127.0.0.1',
    port,
    adminUser,
    adminPassword,
    database: 'postgres',
    caFile: path.join(certs, 'ca.crt'),
    url: (u = adminUser, db = 'postgres') => `postgres://${encodeURIComponent(u)}@127.0.0.1:${port}/${db}?sslmode=verify-full&sslrootcert=${encodeURIComponent(path.join(certs, 'ca.crt'))}`,
    async psql(sql, db = 'postgres') {
      const psql = fs.existsSync(path.join(bin, 'psql')) ? path.join(bin, 'psql') : 'psql';
      const { stdout } = await execFile(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', adminUser, '-d', db, '-At', '-c', sql], {
        env: { ...process.env, PGPASSWORD: adminPassword, PGSSLMODE: 'verify-full', PGSSLROOTCERT: path.join(certs, 'ca.crt') },
      });
      return stdout;
    },
    async pause() {
      await stopClean();
    },
    async start() {
      await start();
    },
    async restart() {
      await stopClean();
      await start();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopNow().catch(() => undefined);
      await fsp.rm(root, { recursive: true, force: true });
    },
  };
  return cluster;
}
