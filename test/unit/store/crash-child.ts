/**
 * The writer the crash test kills. It makes changes through the real API (marks.add and
 * findings.set, through the dispatcher, the handlers and the encrypted store) and creates cases
 * through the store, printing "try <op>" before each call and "ack <op>" only after the call
 * answered ok, i.e. after the store said the change and its audit event were durable.
 *
 * It kills itself with SIGKILL at the point the test names, on the Nth audit append:
 *   before   the change is in the case file, its line not yet appended
 *   during   part of the line written (and fsynced), the rest never
 *   after    the line appended and fsynced, the call not yet answered
 *   random   not at an append: the test kills it at a random moment
 *   settle   no kill: only the retry op is sent, then the child exits
 * The faults are injected by wrapping fs.promises.open for audit.jsonl, so the store runs as shipped.
 *
 * Run: node --import tsx crash-child.ts <appRoot> <dataDir> <keyHex> <run> <point> <nth> [<retry op JSON>]
 * (the test runs it bundled by esbuild, which starts in a third of the time).
 * A retry op (the last "try" of the previous run that was never acked) is sent again first, with
 * its idempotency key, as the renderer does when the reviewer clicks "try again".
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { openCaseStore } from '../../../main/store/case-store';
import { createFileCipher } from '../../../main/crypto/file-cipher';
import { createWorkbenchDispatch } from '../../../main/workbench-api';
import { auditEvents } from '../../../main/audit/audit-events';
import type { Handlers } from '../../../main/api/dispatch';
import { apiMethods } from '../../../shared/api/contract';

export type CrashOp =
  | { kind: 'mark'; key: string; criterionId: string }
  | { kind: 'finding'; key: string; criterionId: string; status: 'met' | 'not-met' }
  | { kind: 'case'; key: string; caseId: string };

export const CRITERIA = ['CMM-211.trial.conservative-care', 'CMM-211.trial.mental-health-evaluation', 'CMM-211.trial.surgery-not-indicated'];
const CASE = 'demo-scs-trial';

function injectFault(point: string, nth: number) {
  let appends = 0;
  const open = fs.open;
  const die = (): never => {
    process.kill(process.pid, 'SIGKILL');
    throw new Error('unreachable');
  };
  fs.open = (async (file: string, flags?: string, mode?: number) => {
    const handle: FileHandle = await open(file, flags, mode);
    if (!String(file).endsWith('audit.jsonl') || flags !== 'a' || ++appends !== nth) return handle;
    if (point === 'before') die();
    if (point === 'during') {
      handle.appendFile = (async (text: string) => {
        const cut = 1 + Math.floor(Math.random() * (text.length - 1));
        await handle.write(text.slice(0, cut));
        await handle.sync();
        die();
      }) as FileHandle['appendFile'];
    }
    if (point === 'after') {
      const close = handle.close.bind(handle);
      handle.close = async () => {
        await close();
        die();
      };
    }
    return handle;
  }) as typeof fs.open;
}

async function main() {
  const [appRoot, dataDir, keyHex, run, point, nth, retry] = process.argv.slice(2);
  if (!appRoot || !dataDir || !keyHex || !run || !point || !nth) throw new Error('usage: crash-child <appRoot> <dataDir> <keyHex> <run> <point> <nth> [retry]');
  const store = await openCaseStore(dataDir, { cipher: createFileCipher(Buffer.from(keyHex, 'hex')) });
  // The session's handlers are not part of this test: stand-ins that fail loudly if reached.
  const notHere = Object.fromEntries(apiMethods.map((m) => [m, () => Promise.reject(new Error(`${m} is not under test`))])) as Partial<Handlers>;
  const dispatch = createWorkbenchDispatch({ store, appRoot, dataDir, reviewer: () => 'crash test' }, notHere);
  const base = await store.getCase(CASE);
  const sha = base.documents[0]!.sha256;
  // Rules are loaded once per process; load them before the clock starts.
  await dispatch('review.evaluate', { caseId: CASE });

  async function apply(op: CrashOp) {
    process.stdout.write(`try ${JSON.stringify(op)}\n`);
    if (op.kind === 'case') {
      const now = new Date().toISOString();
      await store.createCase({ ...base, id: op.caseId, marks: [], findings: {}, createdAt: now, updatedAt: now }, [], {
        idempotencyKey: op.key,
        actor: 'crash test',
        at: now,
        audit: auditEvents.caseCreated(0),
      });
    } else {
      const r =
        op.kind === 'mark'
          ? await dispatch('marks.add', {
              caseId: CASE,
              idempotencyKey: op.key,
              anchor: { kind: 'text', docSha256: sha, page: 1, rects: [[0.1, 0.1, 0.3, 0.12]], quote: `quote ${op.key}` },
              criterionIds: [op.criterionId],
            })
          : await dispatch('findings.set', { caseId: CASE, idempotencyKey: op.key, criterionId: op.criterionId, status: op.status });
      if (!r.ok) throw new Error(`${op.kind} refused: ${r.error.code} ${r.error.message}`);
    }
    process.stdout.write(`ack ${JSON.stringify(op)}\n`);
  }

  if (point !== 'random') injectFault(point, Number(nth));
  process.stdout.write('ready\n');
  if (retry) await apply(JSON.parse(retry) as CrashOp);
  if (point === 'settle') return;
  for (let i = 0; ; i++) {
    const key = randomUUID();
    const criterionId = CRITERIA[i % CRITERIA.length]!;
    if (i % 7 === 3) await apply({ kind: 'case', key, caseId: `c-${run}-${i}` });
    else if (i % 2 === 0) await apply({ kind: 'mark', key, criterionId });
    else await apply({ kind: 'finding', key, criterionId, status: i % 4 === 1 ? 'met' : 'not-met' });
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.name}: ${e.message}\n`);
  process.exit(1);
});
