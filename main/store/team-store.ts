/**
 * The team store: one department's cases in PostgreSQL (resources/team-migrations/), implementing
 * the store contract of main/store/case-store-contract.ts like the local store does.
 *
 * A change is read, applied to a copy, and written as `UPDATE … WHERE id = $1 AND version = $2`
 * in one transaction that also inserts its audit event (chained after the head the case row
 * records), its idempotency key and the things it touched. When another reviewer's change landed
 * first the update finds no row: the case is read again and the mutator applied again, so no
 * change is lost and none is applied on a version it did not see. The database checks the rest
 * (triggers and row-level security): the version and the audit head move by one, signed revisions
 * are never edited, an adverse determination is signed only by a physician reviewer, a case
 * someone has taken is read-only to others.
 *
 * Record PDFs and the kept copies of decision letters are rows (every reviewer sees the same bytes,
 * the database checks each hash). Text and OCR caches stay on this machine, encrypted with the
 * local data key (`caseDir`).
 * A promise resolves only after COMMIT answered: when the database cannot be reached the call
 * fails with 'unavailable' and nothing is acknowledged that was not committed.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { CaseFile, type CaseSummary, summarizeCase } from '../../shared/case/schema';
import { AuditEvent, type AuditEventInput } from '../../shared/audit/audit-event';
import { WorkbenchError } from '../../shared/api/errors';
import { describeZodError } from '../../shared/api/describe-zod-error';
import { changedThings, thingInWords } from '../../shared/case/changed-things';
import { DATABASE_ROLE, TEAM_ROLES, type CaseAssignment, type StoreUser, type TeamRole } from '../../shared/team/team-roles';
import { chainEvent, verifyEvents, type AuditHead } from '../audit/audit-log';
import type { FileCipher } from '../crypto/file-cipher';
import { silentLog, type Log } from '../log';
import { checkRevisionId, type AuditTrail, type CaseStore, type ChangeRecord } from './case-store-contract';
import { CLAIM_TTL, createTeamQueue, HOLDER_OF_C } from './team-queue';
import { createShownVersions, type ShownView } from './shown-versions';
import { memberKey } from '../../shared/case/member-key';
import { describeDatabase, isUnreachable, poolConfig, toWorkbenchError, type TeamDatabase } from '../team/team-connection';

const CASE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SHA256 = /^[a-f0-9]{64}$/;
/** Re-reads on version conflicts before giving up (each one means someone else's change landed). */
const MAX_ATTEMPTS = 200;

export interface TeamStoreOptions {
  database: TeamDatabase;
  password: string;
  /** The local data folder and its cipher: the text and OCR caches stay here, encrypted. */
  dataDir: string;
  cipher: FileCipher;
  log?: Log;
  /** Connections in the pool (default 4). */
  poolSize?: number;
}

/** The columns a case is stored in; `rest` keeps every other field, known or not. */
export interface CaseRow {
  id: string;
  version: string | number;
  request: unknown;
  marks: unknown;
  findings: unknown;
  imaging: unknown;
  determination: unknown;
  revisions: unknown;
  rest: Record<string, unknown>;
  audit_seq: number;
  audit_hash: string;
  assigned_to: string | null;
  assigned_at: Date | null;
  last_activity_at: Date | null;
  claim_expired: boolean;
  expires_at: Date | null;
}

const CASE_COLUMNS = `id, version, request, marks, findings, imaging, determination, revisions, rest, audit_seq, audit_hash,
  assigned_to, assigned_at, last_activity_at, workbench_claim_expired(last_activity_at) AS claim_expired,
  last_activity_at + make_interval(mins => (SELECT (value #>> '{}')::int FROM workbench_settings WHERE key = 'claimExpiryMinutes')) AS expires_at`;

const COLUMN_NAMES = [
  'member_name', 'member_id', 'line_of_business', 'codes', 'guideline_id', 'urgency', 'received_at', 'date_of_service', 'status', 'updated_at',
  'summary', 'request', 'marks', 'findings', 'imaging', 'determination', 'revisions', 'rest',
] as const;

/** A case as its columns hold it, in COLUMN_NAMES' order (position is each reviewer's own, kept apart). */
export function caseColumns(c: CaseFile): unknown[] {
  const { request, marks, findings, imaging, determination, revisions, position: _p, ...rest } = c;
  const s = summarizeCase(c);
  const row: Record<(typeof COLUMN_NAMES)[number], unknown> = {
    member_name: s.memberName,
    member_id: s.memberId,
    line_of_business: s.lineOfBusiness,
    codes: s.codes,
    guideline_id: s.guidelineId,
    urgency: s.urgency,
    received_at: s.receivedAt,
    date_of_service: s.dateOfService,
    status: s.status,
    updated_at: s.updatedAt,
    summary: JSON.stringify(s),
    request: JSON.stringify(request),
    marks: JSON.stringify(marks),
    findings: JSON.stringify(findings),
    imaging: JSON.stringify(imaging),
    determination: determination === undefined ? null : JSON.stringify(determination),
    revisions: JSON.stringify(revisions),
    rest: JSON.stringify(rest),
  };
  return COLUMN_NAMES.map((k) => row[k]);
}

function caseFromRow(row: CaseRow, position?: { doc_sha256: string; page: number }): CaseFile {
  const raw = {
    ...row.rest,
    request: row.request,
    marks: row.marks,
    findings: row.findings,
    imaging: row.imaging,
    ...(row.determination != null ? { determination: row.determination } : {}),
    revisions: row.revisions,
    ...(position ? { position: { docSha256: position.doc_sha256, page: position.page } } : {}),
  };
  const parsed = CaseFile.safeParse(raw);
  if (!parsed.success) throw new WorkbenchError('damaged', `Case ${row.id} in the team database does not match the case format: ${describeZodError(parsed.error).join('; ')}.`);
  return parsed.data;
}

function assignmentOf(row: Pick<CaseRow, 'assigned_to' | 'assigned_at' | 'last_activity_at' | 'claim_expired' | 'expires_at'>): CaseAssignment | null {
  if (!row.assigned_to || row.claim_expired || !row.assigned_at || !row.last_activity_at || !row.expires_at) return null;
  return { holder: row.assigned_to, since: row.assigned_at.toISOString(), lastActivityAt: row.last_activity_at.toISOString(), expiresAt: row.expires_at.toISOString() };
}

function eventInput(record: ChangeRecord, after: CaseFile): AuditEventInput | null {
  if (record.audit === null) return null;
  const draft = typeof record.audit === 'function' ? record.audit(after) : record.audit;
  return { at: record.at, actor: record.actor, ...draft };
}

const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A change someone committed: the case and its version after it ('*' and 0: anything may have changed). */
export interface CaseChanged {
  caseId: string;
  version: number;
  /** The login that committed it; absent for '*' (the listener reconnected: anything may have changed). */
  by?: string;
}

/** Take, release or (a supervisor) reassign a case. */
export type AssignAction = { kind: 'take' } | { kind: 'release' } | { kind: 'reassign'; to: string };

export interface TeamStore extends CaseStore {
  readonly mode: 'team';
  /** The database as it may be shown: login@host:port/database. */
  readonly where: string;
  /** One query in a pooled connection (team status, push). */
  withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** The database login and the team roles it holds. */
  whoAmI(): Promise<StoreUser>;
  /** Who holds the case now (null: nobody, or their claim lapsed). */
  assignment(caseId: string): Promise<CaseAssignment | null>;
  /** Takes, releases or reassigns the case, audited like any change; resolves with who holds it after. */
  assign(caseId: string, action: AssignAction, record: ChangeRecord): Promise<CaseAssignment | null>;
  /**
   * `team push`: a case from a local store with its whole trail, as it is (signed revisions
   * included), in one transaction. The trail must verify first; the case's version becomes its
   * count of events, and the chain continues from its last event. Needs workbench_admin.
   * Resolves false when the database already has a case with this id (nothing written).
   */
  importCase(caseFile: CaseFile, documents: { sha256: string; bytes: Uint8Array }[], events: AuditEvent[]): Promise<boolean>;
  /**
   * Calls `listener` after each committed change to any case, by anyone (LISTEN workbench_changes
   * on a connection of its own, reconnected with backoff; after a reconnect it reports caseId '*':
   * something may have changed meanwhile). Returns the unsubscribe.
   */
  watch(listener: (change: CaseChanged) => void): () => void;
  close(): Promise<void>;
  /** Version conflicts met (each one re-read and re-applied) since the store opened: for benchmarks and tests. */
  readonly stats: { conflicts: number };
}

export async function openTeamStore(opts: TeamStoreOptions): Promise<TeamStore> {
  const log = opts.log ?? silentLog;
  const stats = { conflicts: 0 };
  const watchers = new Set<(change: CaseChanged) => void>();
  let listener: pg.Client | null = null;
  let listening: Promise<void> | null = null;
  /** Ends the listener's wait between reconnections at once (close() must not wait out a back-off). */
  let wakeListener: (() => void) | null = null;
  let closed = false;
  const config = await poolConfig(opts.database, opts.password, { max: opts.poolSize ?? 4 });
  const pool = new pg.Pool(config);
  // An idle connection the server dropped is not a crash of the app.
  pool.on('error', (e) => log.warn('team.connection-lost', { errorName: e.name }));
  const cacheRoot = path.join(opts.dataDir, 'team-cache', createHash('sha256').update(describeDatabase(opts.database)).digest('hex').slice(0, 16));
  let me: Promise<StoreUser> | null = null;
  const shown = createShownVersions();
  const queryTeamQueue = createTeamQueue();

  async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      throw toWorkbenchError(e);
    }
    let broken = false;
    try {
      return await fn(client);
    } catch (e) {
      broken = isUnreachable(e);
      throw toWorkbenchError(e);
    } finally {
      client.release(broken);
    }
  }

  /** BEGIN … COMMIT; resolves only once COMMIT answered. */
  async function inTransaction<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
    await client.query('BEGIN');
    try {
      const out = await fn();
      await client.query('COMMIT');
      return out;
    } catch (e) {
      if (!isUnreachable(e)) await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  function checkCaseId(caseId: string) {
    if (typeof caseId !== 'string' || !CASE_ID.test(caseId)) throw new WorkbenchError('invalid-request', 'A case id is letters, digits, - and _.');
  }

  async function readRow(client: pg.ClientBase, caseId: string): Promise<CaseRow> {
    checkCaseId(caseId);
    const r = await client.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [caseId]);
    if (r.rowCount === 0) throw new WorkbenchError('not-found', `There is no case ${caseId}.`);
    return r.rows[0]!;
  }

  async function readPosition(client: pg.ClientBase, caseId: string) {
    const r = await client.query<{ doc_sha256: string; page: number }>('SELECT doc_sha256, page FROM reading_positions WHERE case_id = $1 AND db_user = current_user', [caseId]);
    return r.rows[0];
  }

  async function readCase(client: pg.ClientBase, caseId: string, view?: ShownView): Promise<CaseFile> {
    const [row, position] = await Promise.all([readRow(client, caseId), readPosition(client, caseId)]);
    if (view) shown.shownAt(caseId, view, Number(row.version));
    return caseFromRow(row, position);
  }

  /**
   * Refuses a change to something another login changed after the version this reviewer was
   * shown: their change is named and the reviewer decides again (the screens show the case again).
   * A change to other things goes through (re-applied on the newer version, nothing lost).
   */
  async function refuseIfChangedSinceShown(client: pg.ClientBase, caseId: string, current: number, things: string[]) {
    for (const { since, things: mine } of shown.toCheck(caseId, things)) {
      if (current <= since) continue;
      const r = await client.query<{ actor: string; things: string[]; at: Date }>(
        `SELECT actor, things, at FROM case_changes
         WHERE case_id = $1 AND version > $2 AND version <= $3 AND db_user <> current_user AND things && $4::text[]
         ORDER BY version DESC LIMIT 1`,
        [caseId, since, current, mine],
      );
      const theirs = r.rows[0];
      if (!theirs) continue;
      const both = theirs.things.filter((t) => mine.includes(t));
      // Told now: the same change sent again is their decision, made knowing the other one.
      shown.told(caseId, both, current);
      throw new WorkbenchError(
        'conflict',
        `${theirs.actor} changed ${both.map(thingInWords).join(', ')} at ${theirs.at.toISOString().slice(11, 16)} UTC, after you opened the case. Yours was not saved: look at their change, then decide again.`,
      );
    }
  }

  async function keyApplied(client: pg.ClientBase, caseId: string, key: string | undefined): Promise<boolean> {
    if (!key) return false;
    const r = await client.query('SELECT 1 FROM case_changes WHERE case_id = $1 AND idempotency_key = $2', [caseId, key]);
    return (r.rowCount ?? 0) > 0;
  }

  async function user(): Promise<StoreUser> {
    me ??= withClient(async (client) => {
      const names = TEAM_ROLES.map((r) => DATABASE_ROLE[r]);
      const r = await client.query<{ login: string; roles: string[] }>(
        `SELECT current_user AS login, array(SELECT r FROM unnest($1::text[]) r WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) AND pg_has_role(current_user, r, 'MEMBER')) AS roles`,
        [names],
      );
      const row = r.rows[0]!;
      const roles = TEAM_ROLES.filter((t) => row.roles.includes(DATABASE_ROLE[t]));
      return { mode: 'team' as const, login: row.login, roles };
    }).catch((e: unknown) => {
      me = null;
      throw e;
    });
    return me;
  }

  const has = (u: StoreUser, role: TeamRole) => u.roles.includes(role);

  /** A case someone else holds is read-only to everyone but them and a supervisor (the database says the same). */
  function refuseIfHeld(row: CaseRow, u: StoreUser) {
    const a = assignmentOf(row);
    if (a && a.holder !== u.login && !has(u, 'supervisor')) {
      throw new WorkbenchError('read-only', `${a.holder} has taken this case; it is read-only for you until they release it, their claim lapses or a supervisor reassigns it.`);
    }
  }

  interface Planned {
    next: CaseFile;
    event: AuditEventInput;
    things: string[];
    /** Set for take/release/reassign: who holds the case after. */
    assignment?: { to: string | null };
    /** Rows written in the same transaction, after the case row (an addendum's PDFs). */
    alsoWrite?: (client: pg.PoolClient) => Promise<void>;
  }

  /**
   * One change: read, apply, write conditionally on the version read; on a conflict read again.
   * `prepare` returns the new case (or null: nothing to write, answer with the case as it is).
   */
  async function change(
    caseId: string,
    record: ChangeRecord,
    apply: (current: CaseFile, row: CaseRow, u: StoreUser, client: pg.PoolClient) => Promise<Planned | null>,
  ): Promise<CaseFile> {
    const u = await user();
    return withClient(async (client) => {
      for (let attempt = 1; ; attempt++) {
        if (await keyApplied(client, caseId, record.idempotencyKey)) return readCase(client, caseId);
        const row = await readRow(client, caseId);
        const current = caseFromRow(row);
        const planned = await apply(current, row, u, client);
        if (!planned) return readCase(client, caseId);
        const { next, event: input, things } = planned;
        await refuseIfChangedSinceShown(client, caseId, Number(row.version), things);
        const head: AuditHead = { seq: row.audit_seq, hash: row.audit_hash };
        const event = chainEvent(input, head);
        const version = Number(row.version) + 1;
        const cols = caseColumns(next);
        const sets = COLUMN_NAMES.map((c, i) => `${c} = $${i + 5}`).join(', ');
        const assignment = planned.assignment;
        const written = await inTransaction(client, async () => {
          const r = await client.query(
            `UPDATE cases SET ${sets}, version = $2 + 1, audit_seq = $3, audit_hash = $4,
               ${assignment ? `assigned_to = $${COLUMN_NAMES.length + 5}, assigned_at = CASE WHEN $${COLUMN_NAMES.length + 5}::text IS NULL THEN NULL ELSE now() END, last_activity_at = CASE WHEN $${COLUMN_NAMES.length + 5}::text IS NULL THEN NULL ELSE now() END`
                 : `last_activity_at = CASE WHEN assigned_to = current_user THEN now() ELSE last_activity_at END`}
             WHERE id = $1 AND version = $2`,
            [caseId, row.version, event.seq, event.hash, ...cols, ...(assignment ? [assignment.to] : [])],
          );
          if (r.rowCount === 0) return false;
          await planned.alsoWrite?.(client);
          await client.query('INSERT INTO audit_events (case_id, seq, type, event, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6)', [caseId, event.seq, event.type, JSON.stringify(event), event.prevHash, event.hash]);
          await client.query('INSERT INTO case_changes (case_id, version, idempotency_key, actor, things) VALUES ($1, $2, $3, $4, $5)', [caseId, version, record.idempotencyKey ?? null, event.actor, things]);
          return true;
        }).catch((e: unknown) => {
          // The same key committed by a twin call a moment ago: answer as a replay.
          if ((e as { code?: string }).code === '23505' && String((e as { constraint?: string }).constraint) === 'case_changes_key') return 'replayed' as const;
          throw e;
        });
        if (written === 'replayed') return readCase(client, caseId);
        if (written) {
          shown.advanced(caseId, Number(row.version), version);
          return next;
        }
        // No row: either another change landed first (re-read, re-apply), or row-level security hid it.
        const now = await readRow(client, caseId);
        if (Number(now.version) === Number(row.version)) {
          refuseIfHeld(now, u);
          throw new WorkbenchError('not-permitted', 'The team database did not let you change this case.');
        }
        stats.conflicts++;
        if (attempt >= MAX_ATTEMPTS) throw new WorkbenchError('conflict', `Case ${caseId} is changing too quickly to save this; try again.`);
        await new Promise((res) => setTimeout(res, Math.random() * Math.min(50, attempt * 5)));
      }
    });
  }

  function validated(caseId: string, current: CaseFile, changed: CaseFile): CaseFile {
    changed.updatedAt = new Date().toISOString();
    const parsed = CaseFile.safeParse(changed);
    if (!parsed.success) throw new WorkbenchError('invalid-request', `The change would make the case invalid: ${describeZodError(parsed.error).join('; ')}`);
    if (parsed.data.id !== caseId) throw new WorkbenchError('invalid-request', 'A change cannot move a case to another id.');
    return parsed.data;
  }

  async function savePosition(caseId: string, next: CaseFile): Promise<CaseFile> {
    return withClient(async (client) => {
      const p = next.position;
      if (p) {
        await client.query(
          `INSERT INTO reading_positions (case_id, db_user, doc_sha256, page) VALUES ($1, current_user, $2, $3)
           ON CONFLICT (case_id, db_user) DO UPDATE SET doc_sha256 = EXCLUDED.doc_sha256, page = EXCLUDED.page`,
          [caseId, p.docSha256, p.page],
        );
      }
      return readCase(client, caseId);
    });
  }

  function startListening() {
    if (listening || closed) return;
    listening = (async () => {
      // Once started the connection stays until close(): the renderer's live loop subscribes again every few seconds.
      for (let delay = 500; !closed; delay = Math.min(delay * 2, 15_000)) {
        const client = new pg.Client(config);
        // Set before connecting, so close() ends a connection attempt too instead of waiting for its timeout.
        listener = client;
        try {
          const ended = new Promise<void>((resolve) => {
            client.once('error', () => resolve());
            client.once('end', () => resolve());
          });
          await client.connect();
          client.on('notification', (n) => {
            try {
              const change = JSON.parse(n.payload ?? '') as CaseChanged;
              if (typeof change.caseId === 'string' && typeof change.version === 'number') {
                for (const w of watchers) w({ caseId: change.caseId, version: change.version, ...(typeof change.by === 'string' ? { by: change.by } : {}) });
              }
            } catch {
              // Not one of ours: ignored.
            }
          });
          await client.query('LISTEN workbench_changes');
          if (delay > 500) for (const w of watchers) w({ caseId: '*', version: 0 });
          delay = 500;
          await ended;
        } catch {
          // The database is away: try again, more slowly each time.
        } finally {
          listener = null;
          await client.end().catch(() => undefined);
        }
        if (!closed) {
          await new Promise<void>((res) => {
            const timer = setTimeout(res, delay);
            wakeListener = () => {
              clearTimeout(timer);
              res();
            };
          });
          wakeListener = null;
        }
      }
      listening = null;
    })();
  }

  const store: TeamStore = {
    mode: 'team',
    stats,
    where: describeDatabase(opts.database),
    dataDir: opts.dataDir,
    cipher: opts.cipher,
    withClient,

    caseDir(caseId) {
      checkCaseId(caseId);
      return path.join(cacheRoot, caseId);
    },
    documentPath(caseId, sha256) {
      if (typeof sha256 !== 'string' || !SHA256.test(sha256)) throw new WorkbenchError('invalid-request', 'A document id is a SHA-256 in hex.');
      return path.join(store.caseDir(caseId), 'docs', `${sha256}.pdf`);
    },

    async listCases(): Promise<CaseSummary[]> {
      // Every summary with who holds the case: the CLI's list (the queue is queryQueue, in SQL).
      return withClient(async (client) => {
        const r = await client.query<{ list: CaseSummary[] }>(
          `WITH ${CLAIM_TTL} SELECT coalesce(json_agg(c.summary || ${HOLDER_OF_C} ORDER BY c.received_at, c.id), '[]') AS list FROM cases c CROSS JOIN ttl`,
        );
        return r.rows[0]!.list;
      });
    },

    async listCasesOfMember(memberId) {
      // upper(btrim(...)) as memberKey does, by the expression index of migration 002.
      return withClient(async (client) => (await client.query<{ summary: CaseSummary }>('SELECT summary FROM cases WHERE upper(btrim(member_id)) = $1 ORDER BY received_at, id', [memberKey(memberId)])).rows.map((r) => r.summary));
    },

    async queryQueue(query, now, clocks) {
      return withClient((client) => queryTeamQueue(client, query, now, clocks));
    },

    async hasCase(caseId) {
      checkCaseId(caseId);
      return withClient(async (client) => ((await client.query('SELECT 1 FROM cases WHERE id = $1', [caseId])).rowCount ?? 0) > 0);
    },

    async getCase(caseId, opts) {
      return withClient((client) => readCase(client, caseId, opts?.shown));
    },

    async createCase(caseFile, documents, record) {
      const parsed = CaseFile.parse(caseFile);
      checkCaseId(parsed.id);
      for (const d of documents) {
        store.documentPath(parsed.id, d.sha256);
        if (sha256Hex(d.bytes) !== d.sha256) throw new WorkbenchError('invalid-document', "A document's bytes do not match its SHA-256.");
      }
      const u = await user();
      if (!has(u, 'intake') && !has(u, 'supervisor')) throw new WorkbenchError('not-permitted', 'In team mode cases are created by intake (or a supervisor); your login has neither role.');
      const input = eventInput(record, parsed);
      if (!input) throw new WorkbenchError('invalid-request', 'A new case is recorded with its first audit event.');
      const first = chainEvent(input, null);
      const made: CaseFile = { ...parsed };
      delete made.position;
      const cols = caseColumns(made);
      return withClient(async (client) => {
        const created = await inTransaction(client, async () => {
          const r = await client.query(
            `INSERT INTO cases (id, version, audit_seq, audit_hash, ${COLUMN_NAMES.join(', ')}) VALUES ($1, 1, 1, $2, ${COLUMN_NAMES.map((_, i) => `$${i + 3}`).join(', ')}) ON CONFLICT (id) DO NOTHING`,
            [parsed.id, first.hash, ...cols],
          );
          if (r.rowCount === 0) return false;
          for (const d of documents) {
            await client.query('INSERT INTO case_documents (case_id, sha256, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [parsed.id, d.sha256, Buffer.from(d.bytes)]);
          }
          await client.query('INSERT INTO audit_events (case_id, seq, type, event, prev_hash, hash) VALUES ($1, 1, $2, $3, $4, $5)', [parsed.id, first.type, JSON.stringify(first), first.prevHash, first.hash]);
          await client.query('INSERT INTO case_changes (case_id, version, idempotency_key, actor, things) VALUES ($1, 1, $2, $3, $4)', [parsed.id, record.idempotencyKey ?? null, first.actor, ['created']]);
          return true;
        });
        if (created) return made;
        if (await keyApplied(client, parsed.id, record.idempotencyKey)) return readCase(client, parsed.id);
        throw new WorkbenchError('conflict', `A case ${parsed.id} already exists.`);
      });
    },

    async updateCase(caseId, mutate, record) {
      if (record.audit === null) {
        // Where the reviewer left off is theirs alone: not a version of the case, no event.
        const current = await store.getCase(caseId);
        const draft = structuredClone(current);
        const next = validated(caseId, current, mutate(draft) ?? draft);
        return savePosition(caseId, next);
      }
      return change(caseId, record, async (current, row, u) => {
        refuseIfHeld(row, u);
        const draft = structuredClone(current);
        const next = validated(caseId, current, mutate(draft) ?? draft);
        const event = eventInput(record, next)!;
        return { next, event, things: changedThings(current, next) };
      });
    },

    async addDocuments(caseId, documents, mutate, record) {
      for (const d of documents) {
        store.documentPath(caseId, d.sha256);
        if (sha256Hex(d.bytes) !== d.sha256) throw new WorkbenchError('invalid-document', "A document's bytes do not match its SHA-256.");
      }
      // The bytes go in the same transaction as the change that lists them: both land, or neither.
      return change(caseId, record, async (current, row, u, client) => {
        refuseIfHeld(row, u);
        const draft = structuredClone(current);
        const next = validated(caseId, current, mutate(draft) ?? draft);
        const event = eventInput(record, next);
        if (!event) throw new WorkbenchError('invalid-request', 'Records are added with an audit event.');
        void client;
        const alsoWrite = async (c: pg.PoolClient) => {
          for (const d of documents) {
            await c.query('INSERT INTO case_documents (case_id, sha256, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [caseId, d.sha256, Buffer.from(d.bytes)]);
          }
        };
        return { next, event, things: changedThings(current, next), alsoWrite };
      });
    },

    async readAudit(caseId): Promise<AuditTrail> {
      return withClient(async (client) => {
        const row = await readRow(client, caseId);
        const r = await client.query<{ seq: number; event: string }>('SELECT seq, event FROM audit_events WHERE case_id = $1 ORDER BY seq', [caseId]);
        const lines = r.rows.map((x) => {
          try {
            const parsed = AuditEvent.safeParse(JSON.parse(x.event));
            return parsed.success ? parsed.data : undefined;
          } catch {
            return undefined;
          }
        });
        const chain = verifyEvents(lines, { seq: row.audit_seq, hash: row.audit_hash });
        const unreadable = lines.flatMap((e, i) => (e ? [] : [i + 1]));
        return {
          events: lines.filter((e): e is AuditEvent => e !== undefined),
          chain,
          ...(unreadable.length ? { problem: `Event${unreadable.length > 1 ? 's' : ''} ${unreadable.join(', ')} of the trail cannot be read.` } : {}),
        };
      });
    },

    async keepLetter(caseId, revisionId, pdf) {
      checkCaseId(caseId);
      checkRevisionId(revisionId);
      const bytes = Buffer.from(pdf);
      await withClient((client) =>
        client.query('INSERT INTO case_letters (case_id, revision_id, sha256, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [caseId, revisionId, sha256Hex(bytes), bytes]),
      );
    },

    async readLetter(caseId, revisionId, preferSha256) {
      checkCaseId(caseId);
      checkRevisionId(revisionId);
      return withClient(async (client) => {
        const r = await client.query<{ sha256: string; bytes: Buffer }>(
          'SELECT sha256, bytes FROM case_letters WHERE case_id = $1 AND revision_id = $2 ORDER BY (sha256 = $3) DESC, kept_at DESC LIMIT 1',
          [caseId, revisionId, preferSha256 ?? ''],
        );
        const row = r.rows[0];
        if (!row) return null;
        if (sha256Hex(row.bytes) !== row.sha256) throw new WorkbenchError('damaged', `A kept letter of case ${caseId} no longer matches its fingerprint; it has been kept as it is.`);
        return row.bytes;
      });
    },

    async readDocument(caseId, sha256) {
      store.documentPath(caseId, sha256);
      return withClient(async (client) => {
        const r = await client.query<{ bytes: Buffer }>('SELECT bytes FROM case_documents WHERE case_id = $1 AND sha256 = $2', [caseId, sha256]);
        const bytes = r.rows[0]?.bytes;
        if (!bytes) throw new WorkbenchError('not-found', 'That document is not part of this case.');
        if (sha256Hex(bytes) !== sha256) throw new WorkbenchError('damaged', `A record of case ${caseId} no longer matches its fingerprint; it has been kept as it is.`);
        return bytes;
      });
    },

    async importCase(caseFile, documents, events) {
      const parsed = CaseFile.parse(caseFile);
      checkCaseId(parsed.id);
      const chain = verifyEvents(events);
      if (!chain.ok) throw new WorkbenchError('damaged', `The audit trail of ${parsed.id} is broken at event ${chain.firstBad.seq} (${chain.firstBad.reason}); it is not pushed.`);
      if (events.length === 0) throw new WorkbenchError('invalid-request', `Case ${parsed.id} has no audit events; it is not pushed.`);
      for (const d of documents) if (sha256Hex(d.bytes) !== d.sha256) throw new WorkbenchError('damaged', `A record of case ${parsed.id} no longer matches its fingerprint; it is not pushed.`);
      const made: CaseFile = { ...parsed };
      delete made.position;
      const first = events[0]!;
      return withClient(async (client) =>
        inTransaction(client, async () => {
          const r = await client.query(
            `INSERT INTO cases (id, version, audit_seq, audit_hash, ${COLUMN_NAMES.join(', ')}) VALUES ($1, 1, $2, $3, ${COLUMN_NAMES.map((_, i) => `$${i + 4}`).join(', ')}) ON CONFLICT (id) DO NOTHING`,
            [parsed.id, first.seq, first.hash, ...caseColumns(made)],
          );
          if (r.rowCount === 0) return false;
          for (const d of documents) await client.query('INSERT INTO case_documents (case_id, sha256, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [parsed.id, d.sha256, Buffer.from(d.bytes)]);
          // The database's checks hold for history too: the head moves one event at a time, each event at the head.
          for (const [i, e] of events.entries()) {
            if (i > 0) await client.query('UPDATE cases SET version = version + 1, audit_seq = $2, audit_hash = $3 WHERE id = $1', [parsed.id, e.seq, e.hash]);
            await client.query('INSERT INTO audit_events (case_id, seq, type, event, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6)', [parsed.id, e.seq, e.type, JSON.stringify(e), e.prevHash, e.hash]);
            await client.query('INSERT INTO case_changes (case_id, version, idempotency_key, actor, things) VALUES ($1, $2, NULL, $3, $4)', [parsed.id, i + 1, e.actor, i === 0 ? ['created'] : []]);
          }
          return true;
        }),
      );
    },

    whoAmI: user,

    async assignment(caseId) {
      return withClient(async (client) => assignmentOf(await readRow(client, caseId)));
    },

    async assign(caseId, action: AssignAction, record) {
      if (record.audit === null) throw new WorkbenchError('invalid-request', 'An assignment is recorded with an audit event.');
      const actor = record.actor;
      const at = record.at;
      await change(caseId, record, async (current, row, u, client) => {
        const held = assignmentOf(row);
        const lapsed = row.assigned_to && row.claim_expired ? row.assigned_to : null;
        const lapseNote = lapsed ? `the claim of ${lapsed} lapsed without activity; ` : '';
        let to: string | null;
        let summary: string;
        if (action.kind === 'take') {
          if (held?.holder === u.login) return null;
          if (held && !has(u, 'supervisor')) throw new WorkbenchError('read-only', `${held.holder} has already taken this case.`);
          to = u.login;
          summary = `${lapseNote}case taken by ${u.login}${held ? ` from ${held.holder}` : ''}`;
        } else if (action.kind === 'release') {
          if (!held && !lapsed) return null;
          if (held && held.holder !== u.login && !has(u, 'supervisor')) throw new WorkbenchError('read-only', `${held.holder} has this case; only they or a supervisor can release it.`);
          to = null;
          summary = held ? `case released${held.holder !== u.login ? ` from ${held.holder}` : ''} by ${u.login}` : `${lapseNote}case released`;
        } else {
          if (!has(u, 'supervisor')) throw new WorkbenchError('not-permitted', 'Only a supervisor reassigns a case.');
          const target = await client.query<{ ok: boolean }>(
            `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1 AND rolcanlogin) AND (SELECT bool_or(pg_has_role($1, r, 'MEMBER')) FROM unnest($2::text[]) r WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r)) AS ok`,
            [action.to, [DATABASE_ROLE['nurse-reviewer'], DATABASE_ROLE['physician-reviewer']]],
          );
          if (!target.rows[0]?.ok) throw new WorkbenchError('invalid-request', `${action.to} is not a reviewer's login in the team database.`);
          if (held?.holder === action.to) return null;
          to = action.to;
          summary = `${lapseNote}case reassigned to ${action.to}${held ? ` from ${held.holder}` : ''} by ${u.login}`;
        }
        const next = { ...current };
        return {
          next,
          event: { at, actor, type: 'assignment-changed', summary, details: { holder: to, previous: held?.holder ?? lapsed ?? null } },
          things: ['assignment'],
          assignment: { to },
        };
      });
      return store.assignment(caseId);
    },

    watch(fn) {
      watchers.add(fn);
      startListening();
      return () => void watchers.delete(fn);
    },

    async close() {
      closed = true;
      watchers.clear();
      wakeListener?.();
      await listener?.end().catch(() => undefined);
      await listening;
      await pool.end();
    },
  };

  return store;
}
