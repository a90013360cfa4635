/**
 * How the workbench reaches the team database: a URL without a password, TLS verified against
 * a CA file (sslmode=verify-full, the only mode accepted), and the password from a file or the
 * OS keyring (the keyring: not yet, see SECURITY.md), never from the URL, the settings file or a log.
 */
import fs from 'node:fs/promises';
import type pg from 'pg';
import { WorkbenchError } from '../../shared/api/errors';

export interface TeamDatabase {
  host: string;
  port: number;
  database: string;
  user: string;
  caFile: string;
}

export class TeamConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TeamConnectionError';
  }
}

/** postgres://user@host:port/db?sslmode=verify-full&sslrootcert=/path/ca.crt */
export function parseDatabaseUrl(text: string): TeamDatabase {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TeamConnectionError('The team database URL is not a URL. It looks like postgres://login@db.example.org:5432/workbench?sslmode=verify-full&sslrootcert=/path/to/ca.crt');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new TeamConnectionError('The team database URL starts with postgres://.');
  if (url.password) throw new TeamConnectionError('The team database URL must not hold the password: give it from a file (--password-file or WORKBENCH_DATABASE_PASSWORD_FILE).');
  const user = decodeURIComponent(url.username);
  if (!user) throw new TeamConnectionError('The team database URL names no login: postgres://login@host/database.');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new TeamConnectionError('The team database URL names no database: postgres://login@host/database.');
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode !== 'verify-full') throw new TeamConnectionError(`The team database is reached only over TLS with the server's name verified: add sslmode=verify-full (it says ${sslmode ?? 'nothing'}).`);
  const caFile = url.searchParams.get('sslrootcert');
  if (!caFile) throw new TeamConnectionError("Name the certificate authority that signed the database server's certificate: sslrootcert=/path/to/ca.crt in the URL.");
  for (const key of url.searchParams.keys()) {
    if (key !== 'sslmode' && key !== 'sslrootcert') throw new TeamConnectionError(`The team database URL has an option the workbench does not use: ${key}.`);
  }
  const port = url.port ? Number(url.port) : 5432;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port, database, user, caFile };
}

/** The URL as it may be shown or logged: no password is ever in it. */
export function describeDatabase(db: TeamDatabase): string {
  return `${db.user}@${db.host}:${db.port}/${db.database}`;
}

export async function poolConfig(db: TeamDatabase, password: string, extra: Partial<pg.PoolConfig> = {}): Promise<pg.PoolConfig> {
  let ca: Buffer;
  try {
    ca = await fs.readFile(db.caFile);
  } catch (e) {
    throw new TeamConnectionError(`The certificate authority file ${db.caFile} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unreadable'}).`);
  }
  return {
    host: db.host,
    port: db.port,
    database: db.database,
    user: db.user,
    password,
    // Node's TLS checks the chain against this CA and the certificate's name against the host.
    ssl: { ca, rejectUnauthorized: true, servername: /^[\d.:]+$/.test(db.host) ? undefined : db.host },
    application_name: 'reviewer-workbench',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    max: 4,
    ...extra,
  };
}

/** A password file holds one line; the newline an editor adds is not part of it. */
export async function passwordFromFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new TeamConnectionError(`The database password file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unreadable'}).`);
  }
  const pw = text.replace(/\r?\n$/, '');
  if (!pw) throw new TeamConnectionError(`The database password file ${file} is empty.`);
  return pw;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

/** The connection is gone or never came: the outcome of an unanswered commit is unknown. */
export function isUnreachable(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  if (!err) return false;
  if (err.code && UNREACHABLE_CODES.has(err.code)) return true;
  // 57P01-03: the server shut down or restarts; 08xxx: connection exceptions.
  if (err.code && (/^08/.test(err.code) || /^57P0[1-3]$/.test(err.code))) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(err.message ?? '');
}

/**
 * A database error as the reviewer reads it. Messages of ours (raised by the schema's checks)
 * start "workbench:"; other server messages can quote values, so they are not passed on.
 */
export function toWorkbenchError(e: unknown): unknown {
  if (e instanceof WorkbenchError) return e;
  const err = e as { code?: string; message?: string } | null;
  if (isUnreachable(e)) {
    return new WorkbenchError('unavailable', 'The team database cannot be reached. Nothing from this step was saved; what you entered is still on the screen. Try again once the connection is back.');
  }
  if (err?.code === '28P01' || err?.code === '28000') {
    return new WorkbenchError('not-permitted', 'The team database refused this login: check the login and its password in the team settings.');
  }
  if (err?.code === '42501') {
    const ours = err.message?.startsWith('workbench: ') ? `${err.message.slice('workbench: '.length)}.` : 'Your database role does not allow this.';
    return new WorkbenchError('not-permitted', `The team database refused the change: ${ours}`);
  }
  if (err && 'code' in err && typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code)) {
    return new WorkbenchError('internal', `The team database refused the change (error ${err.code}). Nothing was saved.`);
  }
  return e;
}
