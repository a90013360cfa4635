/**
 * A PASClaimUpdate applied to the case of the request it updates: a change of the request, never a
 * second case. The update Claim lists every item of the request, each keeping its sequence
 * (PASClaimUpdate: cancelled items carry infoCancelledFlag and certification type 3, changed ones
 * infoChanged "changed", new ones "added"), so items are matched by sequence and compared.
 * What the director entered to fill a gap (units, date of service, diagnoses) stays unless the
 * update now gives it. The draft determinations follow: a cancelled code's determination goes, a
 * new code has none until the director decides it, changed units are the new requested units.
 */
import type { CaseFile, CaseRequest } from '../case/schema';
import { requestLinesFrom, type PasImport, type PasItem, type PasSource } from './pas-import';
import { isObject } from './pas-profiles';

export interface AppliedUpdate {
  caseFile: CaseFile;
  /** One sentence per change, for the audit trail and the case's history of the request. */
  changes: string[];
}

export function pasSourceOf(c: { request: CaseRequest }): Partial<PasSource> {
  const s = (c.request as Record<string, unknown>).pasSource;
  return isObject(s) ? (s as Partial<PasSource>) : {};
}

/** Does this update name this case's request (by the Claim identifier, or the Claim's fullUrl)? */
export function updateTargets(c: { request: CaseRequest }, imp: PasImport): boolean {
  const s = pasSourceOf(c);
  const rel = imp.relatedClaim;
  if (!rel) return false;
  const ids = [...(s.claimIdentifiers ?? []), ...(s.claimIdentifier ? [s.claimIdentifier] : []), ...(s.priorClaimIdentifiers ?? [])];
  if (rel.value && ids.some((i) => isObject(i) && i.value === rel.value && (!rel.system || !i.system || i.system === rel.system))) return true;
  return Boolean(rel.reference && s.claimFullUrl && (s.claimFullUrl === rel.reference || s.claimFullUrl.endsWith(`/${rel.reference}`)));
}

const describe = (it: PasItem) => `${it.code}${it.units !== undefined ? ` ×${it.units}` : ''}${it.modifiers.length ? ` (${it.modifiers.join(', ')})` : ''}`;

export function applyPasUpdate(caseFile: CaseFile, imp: PasImport, at: Date): AppliedUpdate {
  const c: CaseFile = structuredClone(caseFile);
  const old = pasSourceOf(c);
  const before = new Map((old.items ?? []).map((it) => [it.sequence, it]));
  const changes: string[] = [];
  for (const it of imp.source.items) {
    const prev = before.get(it.sequence);
    if (!prev) {
      if (!it.cancelled) changes.push(`Added ${describe(it)} (item ${it.sequence}).`);
      continue;
    }
    if (it.cancelled && !prev.cancelled) changes.push(`Cancelled ${describe(prev)} (item ${it.sequence}).`);
    else if (!it.cancelled && prev.cancelled) changes.push(`Requested again: ${describe(it)} (item ${it.sequence}).`);
    else if (!it.cancelled) {
      const diffs: string[] = [];
      if (prev.code !== it.code) diffs.push(`code ${prev.code} → ${it.code}`);
      if (prev.units !== it.units) diffs.push(`units ${prev.units ?? 'not stated'} → ${it.units ?? 'not stated'}`);
      if (prev.modifiers.join(',') !== it.modifiers.join(',')) diffs.push(`modifiers ${prev.modifiers.join(', ') || 'none'} → ${it.modifiers.join(', ') || 'none'}`);
      if ((prev.date ?? '') !== (it.date ?? '') || (prev.dateEnd ?? '') !== (it.dateEnd ?? '')) diffs.push(`dates ${prev.date ?? '–'}${prev.dateEnd ? ` to ${prev.dateEnd}` : ''} → ${it.date ?? '–'}${it.dateEnd ? ` to ${it.dateEnd}` : ''}`);
      if (diffs.length) changes.push(`Changed ${prev.code} (item ${it.sequence}): ${diffs.join('; ')}.`);
    }
  }
  // Items the update leaves out are kept as they were (the profile says it lists them all; nothing is dropped on a guess).
  const bySequence = new Map(imp.source.items.map((it) => [it.sequence, it]));
  const merged = [...imp.source.items, ...(old.items ?? []).filter((it) => !bySequence.has(it.sequence))].sort((a, b) => a.sequence - b.sequence);
  const live = merged.filter((it) => !it.cancelled);
  const { codes, otherServices, itemSequences } = requestLinesFrom(live);

  const r = c.request;
  const filledUnits = new Map(r.codes.filter((x) => x.units !== undefined && !x.unitsAssumed).map((x) => [x.code, x.units!]));
  for (const line of codes) if (line.units === undefined && filledUnits.has(line.code)) line.units = filledUnits.get(line.code)!;
  r.codes = codes;
  r.otherServices = otherServices;

  const next = imp.request ?? (imp.draft as Partial<CaseRequest>);
  if (next.diagnoses && next.diagnoses.length > 0 && next.diagnoses.map((d) => d.code).join(',') !== r.diagnoses.map((d) => d.code).join(',')) {
    changes.push(`Diagnoses ${r.diagnoses.map((d) => d.code).join(', ') || 'none'} → ${next.diagnoses.map((d) => d.code).join(', ')}.`);
    r.diagnoses = next.diagnoses;
  }
  if (next.dateOfService && next.dateOfService !== r.dateOfService) {
    changes.push(`Date of service ${r.dateOfService ?? 'not stated'} → ${next.dateOfService}.`);
    r.dateOfService = next.dateOfService;
  }
  if (next.urgency && next.urgency !== r.urgency) {
    changes.push(`Urgency ${r.urgency} → ${next.urgency}.`);
    r.urgency = next.urgency;
  }
  if (next.guidelineId && !r.guidelineId) r.guidelineId = next.guidelineId;
  if (next.member?.dateOfBirth && !r.member.dateOfBirth) r.member.dateOfBirth = next.member.dateOfBirth;
  if (next.plan?.lineOfBusiness && !r.plan.lineOfBusiness) r.plan.lineOfBusiness = next.plan.lineOfBusiness;

  const knownMessages = new Set((old.messages ?? []).map((m) => (typeof m === 'string' ? m : m.text)));
  const newMessages = imp.source.messages.filter((m) => !knownMessages.has(m.text));
  if (newMessages.length) changes.push(`${newMessages.length === 1 ? 'A new message' : `${newMessages.length} new messages`} from the provider.`);
  const knownDocs = new Set((old.documents ?? []).map((d) => `${d.sequence}|${d.title}|${d.status}`));
  const newDocs = imp.source.documents.filter((d) => !knownDocs.has(`${d.sequence}|${d.title}|${d.status}`));
  for (const d of newDocs) changes.push(d.status === 'attached' ? `Added document "${d.title}".` : d.status === 'cancelled' ? `Withdrew document "${d.title}".` : `Named document "${d.title}" (${d.note ?? d.status}).`);
  if (changes.length === 0) changes.push('The update changes nothing in the request.');

  // The response answers the latest submission (the update), and a later update may name either Claim.
  const source: PasSource = {
    ...(old as PasSource),
    ...(imp.source.claimIdentifier ? { claimIdentifier: imp.source.claimIdentifier } : {}),
    ...(imp.source.claimIdentifiers?.length ? { claimIdentifiers: imp.source.claimIdentifiers } : {}),
    ...(imp.source.claimFullUrl ? { claimFullUrl: imp.source.claimFullUrl } : {}),
    ...(imp.source.bundleIdentifier ? { bundleIdentifier: imp.source.bundleIdentifier } : {}),
    priorClaimIdentifiers: [...(old.priorClaimIdentifiers ?? []), ...(old.claimIdentifiers ?? [])],
    items: merged,
    itemSequences,
    messages: [...(old.messages ?? []).map((m) => (typeof m === 'string' ? { text: m, receivedAt: r.receivedAt } : m)), ...newMessages],
    documents: [...(old.documents ?? []), ...newDocs],
    resources: old.resources ?? imp.source.resources,
    // The notes describe how the request as it now stands was read.
    notes: imp.source.notes,
    updates: [
      ...(old.updates ?? []),
      {
        receivedAt: String(imp.draft.receivedAt ?? at.toISOString()),
        ...(imp.source.claimIdentifier ? { claimIdentifier: imp.source.claimIdentifier.value } : {}),
        ...(imp.certificationType ? { certificationType: imp.certificationType } : {}),
        changes,
      },
    ],
  };
  (r as Record<string, unknown>).pasSource = source;

  // The draft follows the request: no determination for a code no longer requested, new units for changed ones.
  if (c.determination) {
    const requested = new Map(r.codes.map((x) => [x.code, x]));
    c.determination.determinations = c.determination.determinations
      .filter((d) => requested.has(d.code))
      .map((d) => {
        const units = requested.get(d.code)!.units;
        return units !== undefined && units !== d.requestedUnits ? { ...d, requestedUnits: units } : d;
      });
    c.determination.updatedAt = at.toISOString();
  }
  if (c.status === 'signed') c.status = 'in-review';
  c.updatedAt = at.toISOString();
  return { caseFile: c, changes };
}
