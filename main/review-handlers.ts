/**
 * The services behind the API table, built on a data folder. Nothing here knows Electron,
 * so the browser harness and the CLI build the same handlers on a temp folder.
 */
import type { HandlersFor } from './api/dispatch';
import type { reviewApi } from '../shared/api/review-api';
import type { CaseStore } from './store/case-store';
import { WorkbenchError } from '../shared/api/errors';
import type { CaseFile, Mark } from '../shared/case/schema';
import { loadDemoCase } from './demo/load-demo-case';
import type { RuleSet } from '../shared/rules/rule-set';
import { evaluateCase } from '../shared/rules/evaluate-case';
import { leavesOf } from '../shared/rules/schema';
import type { CriterionDetail } from '../shared/api/review-api';
import { evaluationOptions } from './rules/evaluation-options';
import { checkAnswerProblems, criterionIdProblems, findingProblems, indicationProblems, knownNamesForCase } from '../shared/rules/check-case-names';
import type { ReviewProblem } from '../shared/rules/evaluation';
import { auditEvents, changeRecorder } from './audit/audit-events';
import { unknownIdMessage } from '../shared/validation/nearest-id';
import { assertDocumentOf } from './api/known-ids';

export interface ReviewContext {
  store: CaseStore;
  /** Folder holding demo/ and other bundled resources. */
  resourcesDir: string;
  /** The reviewer's display name, recorded on every change. */
  reviewer: () => string;
  /** The guideline rules; loaded once, and an invalid rule file is a clear error, not a crash. */
  rules: () => Promise<RuleSet>;
  now?: () => Date;
}

export function documentUrl(caseId: string, sha256: string): string {
  return `docs/${caseId}/${sha256}.pdf`;
}

/** Each leaf's documentation, source and search terms, for the rule versions the evaluation used. */
function criterionDetails(rules: RuleSet, used: { ruleId: string; version: string }[]): Record<string, CriterionDetail> {
  const out: Record<string, CriterionDetail> = {};
  for (const u of used) {
    const file = rules.ruleFiles.find((r) => r.id === u.ruleId && r.version === u.version);
    if (!file) continue;
    for (const leaf of leavesOf(file.criteria)) {
      out[leaf.id] = { ruleId: file.id, proves: leaf.proves, searchTerms: leaf.searchTerms, notMetSentence: leaf.notMetSentence, remedy: leaf.remedy, source: leaf.source };
    }
  }
  return out;
}

function assertEditable(c: CaseFile) {
  if (c.status === 'signed') throw new WorkbenchError('read-only', 'This case is signed and read-only. Amend the determination to change it.');
}

/** A call naming what the case's rules do not know is refused, every problem listed, nothing saved. */
function refuseUnknown(problems: readonly ReviewProblem[]): void {
  if (problems.length === 0) return;
  const issues = problems.map((p) => `${p.where}: ${p.message}${p.expected ? ` Expected: ${p.expected}.` : ''}`);
  throw new WorkbenchError('invalid-request', problems.length === 1 ? problems[0]!.message : `${problems.length} problems: ${problems.map((p) => p.message).join(' ')}`, issues);
}

function findMark(c: CaseFile, markId: string): Mark {
  const mark = c.marks.find((m) => m.id === markId);
  if (!mark) throw new WorkbenchError('not-found', unknownIdMessage('mark', markId, c.marks.map((m) => m.id), 'in this case'));
  return mark;
}

export function createReviewHandlers(ctx: ReviewContext): HandlersFor<typeof reviewApi> {
  const clock = () => (ctx.now ? ctx.now() : new Date());
  const now = () => clock().toISOString();
  const record = changeRecorder(ctx.reviewer, clock);
  const { store } = ctx;

  return {
    'cases.list': async () => store.listCases(),

    'cases.open': async ({ caseId }) => {
      const caseFile = await store.getCase(caseId, { shown: 'case' });
      return {
        caseFile,
        documents: caseFile.documents.map((d) => ({ sha256: d.sha256, name: d.name, pageCount: d.pageCount, url: documentUrl(caseId, d.sha256) })),
        reviewer: ctx.reviewer(),
      };
    },

    'review.evaluate': async ({ caseId }) => {
      const [caseFile, rules] = await Promise.all([store.getCase(caseId), ctx.rules()]);
      const evaluation = evaluateCase(caseFile, rules, await evaluationOptions(store, caseFile));
      return { evaluation, criteria: criterionDetails(rules, evaluation.rules) };
    },

    'cases.loadDemo': async () => ({ caseId: await loadDemoCase(store, ctx.resourcesDir, { actor: ctx.reviewer(), at: now() }) }),

    'cases.setPosition': async ({ caseId, idempotencyKey, docSha256, page }) => {
      await store.updateCase(
        caseId,
        (c) => {
          assertDocumentOf(c, docSha256);
          c.position = { docSha256, page };
        },
        // Where the reviewer left off reading is not part of the review: not in the trail.
        { idempotencyKey, audit: null },
      );
      return { ok: true as const };
    },

    'marks.add': async ({ caseId, idempotencyKey, anchor, criterionIds, note }) => {
      const rules = await ctx.rules();
      // Named after the call's key, so a retried call finds the mark the first one made.
      const markId = `mark-${idempotencyKey}`;
      const updated = await store.updateCase(
        caseId,
        (c) => {
          assertEditable(c);
          assertDocumentOf(c, anchor.docSha256);
          refuseUnknown(criterionIdProblems(knownNamesForCase(c, rules), criterionIds, (i) => `criterionIds[${i}]`));
          if (c.marks.some((m) => m.id === markId)) throw new WorkbenchError('conflict', `Mark ${markId} already exists; send a new request id for a new mark.`);
          c.marks.push({ ...anchor, id: markId, criterionIds, note, createdAt: now(), createdBy: ctx.reviewer() });
          if (c.status === 'new') c.status = 'in-review';
        },
        record(idempotencyKey, (after) => auditEvents.markAdded(findMark(after, markId))),
      );
      return findMark(updated, markId);
    },

    'marks.update': async ({ caseId, idempotencyKey, markId, criterionIds, note }) => {
      const rules = criterionIds ? await ctx.rules() : null;
      const updated = await store.updateCase(
        caseId,
        (c) => {
          assertEditable(c);
          const mark = findMark(c, markId);
          if (criterionIds) {
            refuseUnknown(criterionIdProblems(knownNamesForCase(c, rules!), criterionIds, (i) => `criterionIds[${i}]`));
            mark.criterionIds = criterionIds;
          }
          if (note !== undefined) mark.note = note;
          mark.updatedAt = now();
        },
        record(idempotencyKey, (after) => auditEvents.markChanged(findMark(after, markId), { ...(criterionIds ? { criterionIds } : {}), ...(note !== undefined ? { note } : {}) })),
      );
      return findMark(updated, markId);
    },

    'marks.remove': async ({ caseId, idempotencyKey, markId, reason }) => {
      const updated = await store.updateCase(
        caseId,
        (c) => {
          assertEditable(c);
          const mark = findMark(c, markId);
          if (!mark.removed) mark.removed = { at: now(), by: ctx.reviewer(), reason };
        },
        record(idempotencyKey, (after) => auditEvents.markRemoved(findMark(after, markId))),
      );
      return findMark(updated, markId);
    },

    'findings.set': async ({ caseId, idempotencyKey, criterionId, status, facts, factMarkIds, note }) => {
      const rules = await ctx.rules();
      const updated = await store.updateCase(
        caseId,
        (c) => {
          assertEditable(c);
          const liveMarks = new Set(c.marks.filter((m) => !m.removed).map((m) => m.id));
          refuseUnknown(findingProblems(knownNamesForCase(c, rules), criterionId, { facts, factMarkIds }, liveMarks));
          const prev = Object.hasOwn(c.findings, criterionId) ? c.findings[criterionId]! : { status: 'unreviewed' as const, facts: {}, note: '' };
          c.findings[criterionId] = {
            ...prev,
            ...(status ? { status } : {}),
            ...(facts ? { facts } : {}),
            ...(factMarkIds ? { factMarkIds } : {}),
            ...(note !== undefined ? { note } : {}),
            updatedAt: now(),
            updatedBy: ctx.reviewer(),
          };
          if (c.status === 'new') c.status = 'in-review';
        },
        record(idempotencyKey, auditEvents.findingSet(criterionId, { ...(status ? { status } : {}), ...(facts ? { facts } : {}), ...(factMarkIds ? { factMarkIds } : {}) })),
      );
      return updated.findings[criterionId]!;
    },

    'indication.set': async ({ caseId, idempotencyKey, indicationId, note }) => {
      const rules = await ctx.rules();
      const updated = await store.updateCase(caseId, (c) => {
        assertEditable(c);
        if (indicationId === null) {
          delete c.indication;
          return;
        }
        refuseUnknown(indicationProblems(knownNamesForCase(c, rules), indicationId));
        c.indication = { id: indicationId, note: note ?? c.indication?.note ?? '', updatedAt: now(), updatedBy: ctx.reviewer() };
        if (c.status === 'new') c.status = 'in-review';
      }, record(idempotencyKey, auditEvents.indicationSet(indicationId)));
      return { indication: updated.indication ?? null };
    },

    'checks.set': async ({ caseId, idempotencyKey, kind, code, answer, supportedUnits, note }) => {
      const rules = await ctx.rules();
      const updated = await store.updateCase(caseId, (c) => {
        assertEditable(c);
        refuseUnknown(checkAnswerProblems(knownNamesForCase(c, rules), { kind, code }, 'check'));
        const others = c.checks.filter((x) => !(x.kind === kind && (x.code ?? undefined) === code));
        const prev = c.checks.find((x) => x.kind === kind && (x.code ?? undefined) === code);
        if (supportedUnits !== undefined && kind !== 'units-levels') throw new WorkbenchError('invalid-request', 'Only the units-levels check records a number of units supported.');
        const requested = c.request.codes.find((x) => x.code === code)?.units;
        if (supportedUnits !== undefined && requested !== undefined && supportedUnits >= requested) {
          throw new WorkbenchError('invalid-request', `${code} has ${requested} unit${requested === 1 ? '' : 's'} requested: the units supported must be fewer, or answer yes.`);
        }
        c.checks = answer === null ? others : [...others, {
          kind, ...(code ? { code } : {}), answer,
          ...(answer === 'no' && supportedUnits !== undefined ? { supportedUnits } : {}),
          note: note ?? prev?.note ?? '', updatedAt: now(), updatedBy: ctx.reviewer(),
        }];
        if (c.status === 'new') c.status = 'in-review';
      }, record(idempotencyKey, auditEvents.checkAnswered({ kind, ...(code ? { code } : {}), answer, ...(supportedUnits !== undefined ? { supportedUnits } : {}) })));
      return { checks: updated.checks };
    },
  };
}
