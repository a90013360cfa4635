/**
 * The queue's query in SQL for the team store: the same answer shared/intake/query-cases.ts gives
 * over every summary, without moving a department's 100,000 summaries to each desktop. The page's
 * rows, the total, the counts per status, the overdue count and the guidelines come back in one
 * statement; only the page's summaries are read.
 *
 * The due dates are the clocks of resources/team-migrations/002-queue-and-letters.sql. Before the query,
 * every case whose clock is missing, or was computed from an older version, gets one (computed
 * here with the app's turnaround table): after a change elsewhere that is one case, on a database
 * no app version has queried yet it is all of them, once.
 */
import type pg from 'pg';
import type { CaseQuery, CaseQueryResult, QueueRow, QueueSort } from '../../shared/intake/query-cases';
import type { CaseSummary } from '../../shared/case/schema';
import type { QueueClocks } from './case-store-contract';

/** The claim's lifetime as a CTE `ttl` (workbench_settings), for HOLDER_OF_C. */
export const CLAIM_TTL = `ttl AS (SELECT make_interval(mins => (value #>> '{}')::int) AS ttl FROM workbench_settings WHERE key = 'claimExpiryMinutes')`;
/** Who holds case `c` and until when, as the queue's row shows it (jsonb, empty when nobody or the claim lapsed). */
export const HOLDER_OF_C = `CASE WHEN c.assigned_to IS NOT NULL AND c.last_activity_at >= now() - ttl.ttl
  THEN jsonb_build_object('assignedTo', c.assigned_to, 'assignmentExpiresAt', to_char((c.last_activity_at + ttl.ttl) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
  ELSE '{}'::jsonb END`;

/** Clocks written per statement while catching up. */
const CLOCK_BATCH = 5_000;

/** Brings the clocks of `clocks.rulesSha256` up to every case's current version. */
async function catchUpClocks(client: pg.ClientBase, clocks: QueueClocks): Promise<number> {
  const stale = await client.query<{ id: string; version: string; summary: CaseSummary }>(
    `SELECT c.id, c.version::text AS version, c.summary FROM cases c
     LEFT JOIN queue_clocks k ON k.rules_sha256 = $1 AND k.case_id = c.id AND k.case_version = c.version
     WHERE k.case_id IS NULL`,
    [clocks.rulesSha256],
  );
  for (let i = 0; i < stale.rows.length; i += CLOCK_BATCH) {
    const batch = stale.rows.slice(i, i + CLOCK_BATCH);
    const computed = batch.map((r) => clocks.clockOf(r.summary));
    await client.query(
      `INSERT INTO queue_clocks (rules_sha256, case_id, case_version, due_at, stopped_until)
       SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::timestamptz[], $5::timestamptz[])
       ON CONFLICT (rules_sha256, case_id) DO UPDATE
         SET case_version = EXCLUDED.case_version, due_at = EXCLUDED.due_at, stopped_until = EXCLUDED.stopped_until
         WHERE queue_clocks.case_version < EXCLUDED.case_version`,
      [clocks.rulesSha256, batch.map((r) => r.id), batch.map((r) => r.version), computed.map((c) => c.dueAt ?? null), computed.map((c) => c.stoppedUntil ?? null)],
    );
  }
  return stale.rows.length;
}

/**
 * ORDER BY for each sort, as compare() in shared/intake/query-cases.ts orders; the listing's own
 * order (received, then id) breaks ties, as the stable sort over listCases does there.
 * Names sort by the ICU root collation, as String.prototype.localeCompare does.
 */
function orderBy(sort: QueueSort, descending: boolean, of = ''): string {
  const dir = descending ? 'DESC' : 'ASC';
  const [status, due, receivedAt, memberName, memberId, updatedAt, id] = ['status', 'due', 'received_at', 'member_name', 'member_id', 'updated_at', 'id'].map((c) => of + c);
  // A missing due date sorts after every date for 'due' ('9999' there), before them for 'status' ('').
  const keys: Record<QueueSort, string> = {
    due: `(${status} = 'signed') ${dir}, ${due} ${dir} NULLS ${descending ? 'FIRST' : 'LAST'}, ${receivedAt} ${dir}`,
    received: `${receivedAt} ${dir}`,
    member: `${memberName} COLLATE "und-x-icu" ${dir}, ${memberId} COLLATE "und-x-icu" ${dir}`,
    status: `CASE ${status} WHEN 'pending-info' THEN 0 WHEN 'new' THEN 1 WHEN 'in-review' THEN 2 ELSE 3 END ${dir}, ${due} ${dir} NULLS ${descending ? 'LAST' : 'FIRST'}`,
    updated: `${updatedAt} ${dir}`,
  };
  return `${keys[sort]}, ${receivedAt}, ${id}`;
}

/** Cases and the sum of their versions: both change with every case created or changed (versions only grow). */
type QueueState = { rulesSha256: string; cases: string; versions: string };

/**
 * The queue query of one team store: remembers what it last brought the clocks up to, so a query
 * after no change anywhere skips the search for stale clocks (a scan of the versions instead).
 */
export function createTeamQueue() {
  let caughtUp: QueueState | null = null;

  async function ensureClocks(client: pg.ClientBase, clocks: QueueClocks) {
    const r = await client.query<{ cases: string; versions: string }>('SELECT count(*)::text AS cases, coalesce(sum(version), 0)::text AS versions FROM cases');
    const state = { rulesSha256: clocks.rulesSha256, ...r.rows[0]! };
    if (caughtUp && caughtUp.rulesSha256 === state.rulesSha256 && caughtUp.cases === state.cases && caughtUp.versions === state.versions) return;
    await catchUpClocks(client, clocks);
    caughtUp = state;
  }

  return async function queryTeamQueue(client: pg.ClientBase, q: CaseQuery, now: Date, clocks: QueueClocks): Promise<CaseQueryResult> {
    await ensureClocks(client, clocks);
    const params: unknown[] = [clocks.rulesSha256, now.toISOString()];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (q.status.length > 0) where.push(`status = ANY(${param(q.status)}::text[])`);
    if (q.urgency) where.push(`urgency = ${param(q.urgency)}`);
    if (q.lineOfBusiness) where.push(`line_of_business = ${param(q.lineOfBusiness)}`);
    if (q.guidelineId) where.push(`guideline_id = ${param(q.guidelineId)}`);
    if (q.overdueOnly) where.push(`status <> 'signed' AND due < $2::timestamptz`);
    // Every word somewhere in the same haystack the in-memory query searches, lower-cased by ICU as
    // JavaScript's toLowerCase does (the database's own locale may lower only ASCII).
    const words = q.search.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length > 0) {
      const hay = `lower((member_name || ' ' || member_id || ' ' || id || ' ' || array_to_string(codes, ' ') || ' ' || guideline_id) COLLATE "und-x-icu")`;
      for (const w of words) where.push(`strpos(${hay}, ${param(w)}) > 0`);
    }
    const limit = param(q.limit);
    const offset = param(q.offset);
    // One snapshot for the page, the total and the counts; memory enough to keep the joined queue
    // (100,000 narrow rows) off disk.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      await client.query("SET LOCAL work_mem = '64MB'");
      const r = await client.query<{ total: string; rows: QueueRow[]; counts: { status: string; n: number; overdue: number }[] | null; guidelines: string[] }>(
        `WITH ${CLAIM_TTL},
         q AS MATERIALIZED (
           SELECT c.id, c.status, c.urgency, c.line_of_business, c.guideline_id, c.received_at, c.updated_at, c.member_name, c.member_id, c.codes,
             CASE WHEN k.stopped_until > $2::timestamptz THEN NULL ELSE k.due_at END AS due
           FROM cases c LEFT JOIN queue_clocks k ON k.rules_sha256 = $1 AND k.case_id = c.id
         ),
         m AS (SELECT * FROM q${where.length ? ` WHERE ${where.join(' AND ')}` : ''}),
         page AS (SELECT id, status, due, received_at, member_name, member_id, updated_at FROM m ORDER BY ${orderBy(q.sort, q.descending)} LIMIT ${limit} OFFSET ${offset})
         SELECT
           (SELECT count(*) FROM m) AS total,
           (SELECT coalesce(json_agg(c.summary
                || CASE WHEN page.due IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('dueAt', to_char(page.due AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END
                || ${HOLDER_OF_C}
                ORDER BY ${orderBy(q.sort, q.descending, 'page.')}), '[]')
            FROM page JOIN cases c ON c.id = page.id CROSS JOIN ttl) AS rows,
           (SELECT json_agg(s) FROM (SELECT status, count(*) AS n, count(*) FILTER (WHERE status <> 'signed' AND due < $2::timestamptz) AS overdue FROM q GROUP BY status) s) AS counts,
           (SELECT coalesce(array_agg(g.guideline_id ORDER BY g.guideline_id), '{}') FROM (SELECT DISTINCT guideline_id FROM cases WHERE guideline_id <> '') g) AS guidelines`,
        params,
      );
      await client.query('COMMIT');
      const row = r.rows[0]!;
      const countsByStatus: Record<string, number> = { new: 0, 'in-review': 0, 'pending-info': 0, signed: 0 };
      let overdue = 0;
      for (const c of row.counts ?? []) {
        countsByStatus[c.status] = Number(c.n);
        overdue += Number(c.overdue);
      }
      return { total: Number(row.total), offset: q.offset, rows: row.rows, countsByStatus, overdue, guidelines: row.guidelines };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  };
}
