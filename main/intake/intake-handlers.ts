/**
 * The services behind shared/api/intake-api.ts: the queue at 10,000 cases, new cases with
 * checked PDFs, PAS import and export, and earlier related requests. Plain Node: the app, the
 * browser harness and the benchmarks build the same handlers on a data folder.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { HandlersFor } from '../api/dispatch';
import { loadOnce } from '../api/load-once';
import type { intakeApi, AttachmentCheck } from '../../shared/api/intake-api';
import type { CaseStore } from '../store/case-store';
import type { QueueClocks } from '../store/case-store-contract';
import type { RuleSet } from '../../shared/rules/rule-set';
import type { TurnaroundTable } from '../../shared/turnaround/turnaround-table';
import { queueClockOf } from '../../shared/intake/queue-clock';
import { loadTurnaroundTable } from '../turnaround/load-turnaround-table';
import { validateNewCase } from '../../shared/intake/validate-new-case';
import { CodeFamilies, findRelatedRequests } from '../../shared/intake/find-related-requests';
import { earlierRequestsOfMember } from './earlier-requests';
import { dateOfServiceProblem, ruleVersionsOf } from '../../shared/intake/date-of-service-in-effect';
import { importPasBundle, type PasImport } from '../../shared/fhir/pas-import';
import { exportClaimResponse, exportInformationRequest } from '../../shared/fhir/pas-export';
import { applyPasUpdate, updateTargets } from '../../shared/fhir/pas-update';
import { resumeCase } from '../../shared/information-request/pend-and-resume';
import { openInformationRequest } from '../../shared/information-request/schema';
import { requestGaps } from '../../shared/case/request-gaps';
import { ICD10_CM } from '../../shared/case/schema';
import { normalizeIcd10 } from '../../shared/intake/validate-new-case';
import { readReviewerProfile } from '../decision/reviewer-profile-file';
import { listDocuments } from './add-documents';
import { writeFileDurably } from '../store/durable-json-file';
import { WorkbenchError } from '../../shared/api/errors';
import { describeZodError } from '../../shared/api/describe-zod-error';
import { sha256Hex } from '../documents/hash-document';
import { checkPdf } from './check-pdf';
import { HeldAttachments } from './held-attachments';
import { createNewCase, guidelinesForCodes, newCaseId, type NewDocument } from './new-case';
import { auditEvents } from '../audit/audit-events';

export interface IntakeContext {
  store: CaseStore;
  /** Folder holding rules/ (turnaround.json, code-families.json). */
  appRoot: string;
  rules: () => Promise<RuleSet>;
  /** rules/turnaround.json, shared with the case-record handlers; read from appRoot when absent. */
  turnaround?: () => Promise<TurnaroundTable>;
  /** Whoever creates a case, as the audit trail names them. */
  reviewer: () => string;
  /** The reviewer profile's folder, for the NPI a pend response carries. */
  dataDir?: string;
  /** Where to save a PAS response: a native save dialog in the app, a temp folder in tests; null when cancelled. */
  chooseSavePath?: (defaultName: string) => Promise<string | null>;
  now?: () => Date;
}

export async function loadCodeFamilies(appRoot: string): Promise<CodeFamilies> {
  const file = path.join(appRoot, 'rules', 'code-families.json');
  const parsed = CodeFamilies.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
  if (!parsed.success) throw new WorkbenchError('invalid-rules', `${file} is invalid: ${describeZodError(parsed.error).join('; ')}`);
  return parsed.data;
}

/** Checks one file's bytes and, if it is a readable PDF, holds it for cases.create. */
export async function checkAndHold(held: HeldAttachments, name: string, bytes: Uint8Array): Promise<AttachmentCheck> {
  const verdict = await checkPdf(bytes);
  if (!verdict.ok) return { name, ok: false, sizeBytes: bytes.length, problem: verdict.problem, message: verdict.message };
  const sha256 = sha256Hex(bytes);
  held.hold({ sha256, bytes, pageCount: verdict.pageCount });
  const pages = `${verdict.pageCount.toLocaleString('en-US')} page${verdict.pageCount === 1 ? '' : 's'}`;
  return { name, ok: true, sha256, pageCount: verdict.pageCount, sizeBytes: bytes.length, message: verdict.note ? `${pages}. ${verdict.note}` : pages };
}

export function createIntakeHandlers(ctx: IntakeContext): HandlersFor<typeof intakeApi> {
  const now = () => (ctx.now ? ctx.now() : new Date());
  const { store } = ctx;
  const held = new HeldAttachments();
  const turnaround = ctx.turnaround ?? loadOnce(() => loadTurnaroundTable(ctx.appRoot));
  const codeFamilies = loadOnce(() => loadCodeFamilies(ctx.appRoot));
  /** How the queue's clocks are computed, named by the turnaround table they come from (the team database keeps them by it). */
  const queueClocks = loadOnce(async (): Promise<QueueClocks> => {
    const t = await turnaround();
    return { rulesSha256: sha256Hex(Buffer.from(JSON.stringify(t))), clockOf: (s) => queueClockOf(s, t) };
  });

  const earlierRequestsOf = (memberId: string) => earlierRequestsOfMember(store, memberId);

  /** The case whose request a PASClaimUpdate names: among the member's cases, the one with that Claim identifier. */
  async function caseUpdatedBy(imp: PasImport): Promise<string | undefined> {
    const memberId = String((imp.draft.member as { id?: string } | undefined)?.id ?? '').trim();
    const candidates = memberId ? await store.listCasesOfMember(memberId) : (await store.listCases()).filter((s) => !s.damaged);
    for (const s of candidates) if (updateTargets(await store.getCase(s.id), imp)) return s.id;
    return undefined;
  }

  /** The update applied to the case, its PDFs added, an open request for information answered: one change, one event. */
  async function applyUpdate(caseId: string, imp: PasImport, idempotencyKey: string): Promise<{ changes: string[]; added: number; resumed: boolean; checks: AttachmentCheck[] }> {
    const checks: AttachmentCheck[] = [];
    const docs: NewDocument[] = [];
    for (const a of imp.attachments) {
      const bytes = Buffer.from(a.data, 'base64');
      const check = await checkAndHold(held, a.title, bytes);
      checks.push(check);
      if (check.ok && check.sha256) docs.push({ sha256: check.sha256, name: a.title, pageCount: check.pageCount ?? 0, bytes });
    }
    // Set by the change, which the store may run again on a conflict: the last run is what was saved.
    let changes: string[] = [];
    let added = 0;
    let resumed = false;
    const at = now();
    await store.addDocuments(
      caseId,
      docs,
      (c) => {
        const applied = applyPasUpdate(c, imp, at);
        changes = applied.changes;
        added = listDocuments(applied.caseFile, docs, at);
        const r = resumeCase(applied.caseFile, 'claim-update', ctx.reviewer(), at, `PAS update ${imp.source.claimIdentifier?.value ?? ''}`.trim());
        resumed = r.resumed;
        return r.caseFile;
      },
      { idempotencyKey, actor: ctx.reviewer(), at: at.toISOString(), audit: () => auditEvents.requestUpdated(changes, added, resumed) },
    );
    for (const d of docs) held.release(d.sha256);
    return { changes, added, resumed, checks };
  }

  const handlers: HandlersFor<typeof intakeApi> = {
    // The local store sorts its queue in memory, the team store in SQL (100,000 cases).
    'cases.query': async (q) => store.queryQueue(q, now(), await queueClocks()),

    'cases.validateAttachment': async ({ name, data }) => checkAndHold(held, name, Buffer.from(data, 'base64')),

    'cases.create': async ({ idempotencyKey, request, attachments }) => {
      const v = validateNewCase(request, now());
      if (!v.ok) return { ok: false as const, problems: v.problems };
      // A date of service no Preface version covers cannot be reviewed: said here, not in the opened case.
      const dos = v.request.dateOfService ? dateOfServiceProblem(v.request.dateOfService, v.request.guidelineId ?? '', ruleVersionsOf(await ctx.rules())) : undefined;
      if (dos?.severity === 'error') return { ok: false as const, problems: [{ field: 'dateOfService', message: dos.message }] };
      const by = { actor: ctx.reviewer(), idempotencyKey };
      // A retry of a create that went through (its PDFs were released then): the store answers with that case.
      if (await store.hasCase(newCaseId(v.request.receivedAt, idempotencyKey))) {
        return { ok: true as const, caseId: (await createNewCase(store, v.request, [], now(), by)).id };
      }
      const problems: { field: string; message: string }[] = [];
      const docs = attachments.flatMap((a, i) => {
        const file = held.get(a.sha256);
        if (!file) {
          problems.push({ field: `attachments.${i}`, message: `"${a.name}" was not checked or is no longer held; add it again.` });
          return [];
        }
        return [{ sha256: a.sha256, name: a.name, pageCount: file.pageCount, bytes: file.bytes }];
      });
      if (problems.length > 0) return { ok: false as const, problems };
      const created = await createNewCase(store, v.request, docs, now(), by);
      for (const d of docs) held.release(d.sha256);
      return { ok: true as const, caseId: created.id };
    },

    'cases.addRecords': async ({ caseId, idempotencyKey, attachments }) => {
      const existing = await store.getCase(caseId);
      const alreadyInCase: { name: string; existingName: string }[] = [];
      const fresh = new Map<string, { sha256: string; name: string; pageCount: number; bytes: Uint8Array }>();
      const missing: string[] = [];
      for (const a of attachments) {
        // Checked against the case first, so a retried call (whose files were released) answers "already in the case".
        const known = existing.documents.find((d) => d.sha256 === a.sha256) ?? fresh.get(a.sha256);
        if (known) {
          alreadyInCase.push({ name: a.name, existingName: known.name });
          continue;
        }
        const file = held.get(a.sha256);
        if (!file) missing.push(`"${a.name}"`);
        else fresh.set(a.sha256, { sha256: a.sha256, name: a.name, pageCount: file.pageCount, bytes: file.bytes });
      }
      if (missing.length > 0) {
        const one = missing.length === 1;
        throw new WorkbenchError('invalid-request', `${missing.join(', ')} ${one ? 'was' : 'were'} not checked or ${one ? 'is' : 'are'} no longer held; add ${one ? 'it' : 'them'} again. Nothing was added.`);
      }
      const added = [...fresh.values()];
      let resumed = false;
      if (added.length > 0) {
        const at = now().toISOString();
        const listed = added.map(({ sha256, name, pageCount }) => ({ sha256, name, pageCount }));
        await store.addDocuments(
          caseId,
          added,
          (c) => {
            listDocuments(c, added, new Date(at));
            // Records that arrive while the case waits for information answer the request: it resumes where it was.
            const r = resumeCase(c, 'document-added', ctx.reviewer(), new Date(at));
            resumed = r.resumed;
            return r.caseFile;
          },
          { idempotencyKey, actor: ctx.reviewer(), at, audit: () => auditEvents.recordsAdded(listed, existing.status === 'signed', resumed) },
        );
        for (const d of added) held.release(d.sha256);
      }
      return { added: added.map(({ sha256, name, pageCount }) => ({ sha256, name, pageCount })), alreadyInCase, signed: existing.status === 'signed', resumed };
    },

    'cases.importFhir': async ({ idempotencyKey, bundleJson }) => {
      let bundle: unknown;
      try {
        bundle = JSON.parse(bundleJson);
      } catch (e) {
        return { kind: 'request' as const, draft: {}, attachments: [], problems: [{ severity: 'error' as const, where: 'file', message: `The file is not JSON (${(e as Error).message}).` }] };
      }
      const rules = await ctx.rules();
      const result = importPasBundle(bundle, { guidelinesForCodes: (codes) => guidelinesForCodes(rules, codes) });
      if (result.kind === 'update' && !result.problems.some((p) => p.severity === 'error')) {
        const target = await caseUpdatedBy(result);
        if (target) {
          const applied = await applyUpdate(target, result, idempotencyKey);
          return { kind: 'update' as const, draft: {}, problems: result.problems, attachments: applied.checks, caseId: target, update: { changes: applied.changes, documentsAdded: applied.added, resumed: applied.resumed } };
        }
        result.problems.push({ severity: 'warning', where: 'Claim.related', message: `This update names request ${result.relatedClaim?.value ?? result.relatedClaim?.reference ?? '(unnamed)'}, which is not in the workbench: it opens as a new request.` });
      }
      const checks: AttachmentCheck[] = [];
      for (const a of result.attachments) checks.push(await checkAndHold(held, a.title, Buffer.from(a.data, 'base64')));
      return { kind: 'request' as const, draft: result.draft, problems: result.problems, attachments: checks };
    },

    'cases.fillGaps': async ({ caseId, idempotencyKey, ...values }) => {
      let filled: string[] = [];
      const saved = await store.updateCase(caseId, (c) => {
        filled = [];
        if (c.status === 'signed') throw new WorkbenchError('conflict', 'This case is signed: amend it to change the request.');
        const r = c.request;
        if (values.dateOfBirth) {
          if (values.dateOfBirth >= now().toISOString().slice(0, 10)) throw new WorkbenchError('invalid-request', 'The date of birth must be in the past.');
          r.member.dateOfBirth = values.dateOfBirth;
          filled.push('member.dateOfBirth');
        }
        if (values.lineOfBusiness) {
          r.plan.lineOfBusiness = values.lineOfBusiness;
          filled.push('plan.lineOfBusiness');
        }
        if (values.dateOfService) {
          r.dateOfService = values.dateOfService;
          filled.push('dateOfService');
        }
        if (values.diagnoses) {
          const codes = values.diagnoses.map(normalizeIcd10);
          const bad = codes.filter((x) => !ICD10_CM.test(x));
          if (bad.length) throw new WorkbenchError('invalid-request', `${bad.join(', ')}: not an ICD-10-CM code (M54.16, G89.4).`);
          r.diagnoses = [...new Set(codes)].map((code) => ({ code }));
          filled.push('diagnoses');
        }
        if (values.guidelineId) {
          r.guidelineId = values.guidelineId;
          filled.push('guidelineId');
        }
        for (const [code, units] of Object.entries(values.units ?? {})) {
          const line = r.codes.find((x) => x.code === code);
          if (!line) throw new WorkbenchError('invalid-request', `${code} is not requested in this case.`);
          line.units = units;
          delete line.unitsAssumed;
          filled.push(`codes.${r.codes.indexOf(line)}.units`);
          const d = c.determination?.determinations.find((x) => x.code === code);
          if (d) d.requestedUnits = units;
        }
      }, { idempotencyKey, actor: ctx.reviewer(), at: now().toISOString(), audit: (after) => auditEvents.requestCompleted(filled, requestGaps(after.request).map((g) => g.field)) });
      return { ok: true as const, filled, remaining: requestGaps(saved.request).map((g) => g.field) };
    },

    'cases.related': async (req) => {
      const fams = await codeFamilies();
      const windowDays = req.windowDays ?? fams.window.defaultDays;
      if ('caseId' in req) {
        const c = await store.getCase(req.caseId);
        // The case's own listed prior requests come along with the member's cases; the case itself is left out.
        const earlier = await earlierRequestsOf(c.request.member.id);
        const query = { memberId: c.request.member.id, codes: c.request.codes.map((x) => x.code), date: c.request.dateOfService ?? c.request.receivedAt.slice(0, 10), excludeCaseId: c.id, windowDays };
        const related = findRelatedRequests(query, earlier, fams);
        return { windowDays, related };
      }
      const earlier = await earlierRequestsOf(req.memberId);
      return { windowDays, related: findRelatedRequests({ memberId: req.memberId, codes: req.codes, date: req.dateOfService, windowDays }, earlier, fams) };
    },

    'intake.options': async () => {
      const [rules, fams] = await Promise.all([ctx.rules(), codeFamilies()]);
      const guidelines = rules.catalogue.entries
        .map((e) => ({ id: e.id, title: e.title, encoded: e.encodedRuleIds.length > 0 }))
        .sort((a, b) => Number(b.encoded) - Number(a.encoded) || a.title.localeCompare(b.title));
      return { guidelines, defaultWindowDays: fams.window.defaultDays, ruleVersions: ruleVersionsOf(rules) };
    },

    'cases.saveFhirResponse': async ({ caseId, idempotencyKey, informationRequestId }) => {
      const exported = await handlers['cases.exportFhir']({ caseId, ...(informationRequestId ? { informationRequestId } : {}) });
      if (!ctx.chooseSavePath) throw new WorkbenchError('internal', 'Saving a response needs a save dialog, which this way of running the workbench does not have.');
      const target = await ctx.chooseSavePath(exported.fileName);
      if (!target) return { saved: false, fileName: exported.fileName };
      await writeFileDurably(path.resolve(target), `${exported.json}\n`);
      const outcome = (JSON.parse(exported.json) as { entry?: { resource?: { outcome?: string } }[] }).entry?.[0]?.resource?.outcome;
      // Nothing in the case changes: the event records that the response left the workbench, and where to.
      await store.updateCase(caseId, () => undefined, { idempotencyKey, actor: ctx.reviewer(), at: now().toISOString(), audit: auditEvents.pasResponseSaved(outcome, exported.fileName.includes('pended')) });
      return { saved: true, fileName: path.basename(target), ...(outcome ? { outcome } : {}) };
    },

    'cases.exportFhir': async ({ caseId, informationRequestId }) => {
      const c = await store.getCase(caseId);
      // Before signing, the pend is the answer to send; after signing, the signed determination.
      const pend = informationRequestId ? c.informationRequests.find((r) => r.id === informationRequestId) : c.revisions.length === 0 ? openInformationRequest(c.informationRequests) : undefined;
      if (informationRequestId && !pend) throw new WorkbenchError('not-found', 'This case has no such request for information.');
      if (pend) {
        const npi = ctx.dataDir ? (await readReviewerProfile(ctx.dataDir))?.npi : undefined;
        const { bundle } = exportInformationRequest(c, pend, { newUuid: randomUUID, now: now(), reviewerNpi: npi || undefined });
        return { fileName: `${caseId}-pended-claimresponse.json`, json: JSON.stringify(bundle, null, 2) };
      }
      const { bundle } = exportClaimResponse(c, { newUuid: randomUUID, now: now() });
      return { fileName: `${caseId}-claimresponse.json`, json: JSON.stringify(bundle, null, 2) };
    },
  };
  return handlers;
}

