/**
 * Pending for information through the real API on an encrypted data folder: asked for, recorded
 * and audited; the clock as rules/turnaround.json says; the notice PDF; the PAS pend response; the
 * case resuming where it was when a PAS update or a record arrives.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openWorkbench, type Workbench } from '../decision/decision-fixture';
import { textPdf, tempDir } from '../text/pdf-fixtures';
import { homeCareBundle, modificationBundle, surgicalBundle } from '../fhir/pas-scenarios';
import { validateFhirBundle } from '../../../main/fhir/validate-fhir';

// Hand-built FHIR JSON is read by path in these tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
let pdf: string;
beforeAll(async () => {
  pdf = Buffer.from(await textPdf([['Operative plan: percutaneous trial, then implant.']])).toString('base64');
});

async function importCase(wb: Workbench, bundle: unknown): Promise<string> {
  const imported = await wb.call('cases.importFhir', { bundleJson: JSON.stringify(bundle) });
  expect(imported.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const created = await wb.call('cases.create', { request: imported.draft, attachments: imported.attachments.filter((a) => a.ok).map((a) => ({ sha256: a.sha256!, name: a.name })) });
  if (!created.ok) throw new Error(JSON.stringify(created.problems));
  return created.caseId;
}

const profile = { name: 'Dana Whitfield', credentials: 'MD', title: 'Medical Director', peerToPeerPhone: '1-800-555-0142 ext. 2210', npi: '1234567893' };

describe('request for additional information', () => {
  it('commercial: the clock stops until the information arrives (ERISA tolling, at least 45 days to respond); a PAS update resumes the case', { timeout: 120_000 }, async () => {
    const wb = await openWorkbench();
    const refusedWithoutProfile = await (async () => {
      const caseId = await importCase(wb, surgicalBundle({ pdfBase64: pdf }));
      return { caseId, error: await wb.refused('informationRequest.create', { caseId, items: [{ kindId: 'progress-note' }], respondBy: new Date(Date.now() + 50 * 86_400_000).toISOString() }) };
    })();
    expect(refusedWithoutProfile.error.message).toMatch(/Complete your reviewer profile/);
    const { caseId } = refusedWithoutProfile;
    await wb.call('settings.setProfile', { profile });

    const options = await wb.call('informationRequest.options', { caseId });
    expect(options.rule).toMatchObject({ effect: 'toll', respondWithin: { amount: 45, unit: 'calendar-days' } });
    expect(options.rule.source).toMatch(/^29 CFR 2560\.503-1\(f\)\(2\)\(iii\)\(A\) and \(f\)\(4\)/);
    expect(options.kinds.map((k) => k.id)).toContain('psychology-records');
    expect(Date.parse(options.defaultRespondBy) - Date.now()).toBeGreaterThan(44 * 86_400_000);

    const tooSoon = await wb.refused('informationRequest.create', { caseId, items: [{ kindId: 'psychology-records' }], respondBy: new Date(Date.now() + 7 * 86_400_000).toISOString() });
    expect(tooSoon.message).toMatch(/at least 45 calendar days/);
    const unknownKind = await wb.refused('informationRequest.create', { caseId, items: [{ kindId: 'horoscope' }], respondBy: options.defaultRespondBy });
    expect(unknownKind.message).toMatch(/not a kind of document/);

    const before = await wb.call('turnaround.get', { caseId });
    const created = await wb.call('informationRequest.create', {
      caseId,
      items: [
        { kindId: 'psychology-records', detail: 'The pre-implant psychological evaluation.', codes: ['63650'] },
        { kindId: 'procedure-note', detail: 'Results of the stimulator trial.' },
      ],
      respondBy: options.defaultRespondBy,
      note: '',
    });
    expect(created.status).toBe('pending-info');
    expect(created.request).toMatchObject({ resumeStatus: 'new', requestedBy: 'Dana Whitfield (unit-reviewer)', dueAtBefore: before.dueAt });

    // The clock is stopped while the provider gathers the records.
    const stopped = await wb.call('turnaround.get', { caseId });
    expect(stopped.stoppedSince).toBe(created.request.requestedAt);
    expect(stopped.informationRequest).toMatch(/^Stopped until the information arrives or the time given to send it ends/);
    const row = (await wb.call('cases.query', {})).rows.find((r) => r.id === caseId)!;
    expect(row.status).toBe('pending-info');
    expect(row.dueAt).toBeUndefined();

    // The notice to the provider, kept with the case as a PDF.
    const bytes = await wb.session.store.readLetter(caseId, created.request.id);
    const dir = tempDir('wb-rfi-');
    fs.writeFileSync(path.join(dir, 'notice.pdf'), bytes!);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'notice.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Request for additional information/);
    expect(text).toMatch(/Psychological evaluation/);
    expect(text).toMatch(/The pre-implant psychological evaluation\./);
    expect(text).toMatch(/Dana Whitfield, MD/);
    expect(text).toMatch(/29 CFR 2560\.503-1/);
    expect(created.noticeUrl).toBe(`letters/${caseId}/${created.request.id}.pdf`);

    // Before signing, the export is the pend: A4 and a CommunicationRequest per document, valid against the profiles.
    const pend = JSON.parse((await wb.call('cases.exportFhir', { caseId })).json) as Json;
    expect(validateFhirBundle(pend).filter((i) => i.severity === 'error')).toEqual([]);
    expect(pend.entry[0].resource.outcome).toBe('partial');
    expect(pend.entry[0].resource.extension[0].extension[1].valueIdentifier.value).toBe('1234567893');
    expect(pend.entry.filter((e: Json) => e.resource.resourceType === 'CommunicationRequest').map((e: Json) => e.resource.payload[0].contentString)).toEqual(['11518-8', '28570-0']);

    // The provider's PAS update answers it: the request changes, the case resumes where it was, the clock runs again.
    const update = await wb.call('cases.importFhir', { bundleJson: JSON.stringify(modificationBundle({ pdfBase64: pdf })) });
    expect(update.kind).toBe('update');
    expect(update.caseId).toBe(caseId);
    expect(update.update).toEqual({ changes: ['Changed 63650 (item 1): units 2 → 1.', 'Cancelled 63685 ×1 (item 2).', 'Date of service 2026-10-12 → 2026-10-19.'], documentsAdded: 0, resumed: true });
    expect((await wb.call('cases.query', {})).rows.filter((r) => r.memberId === 'W998877665')).toHaveLength(1);
    const opened = await wb.call('cases.open', { caseId });
    expect(opened.caseFile.status).toBe('new');
    expect(opened.caseFile.request.codes.map((c) => [c.code, c.units])).toEqual([['63650', 1]]);
    expect(opened.caseFile.informationRequests[0]!.received).toMatchObject({ via: 'claim-update' });
    const resumed = await wb.call('turnaround.get', { caseId });
    expect(resumed.stoppedSince).toBeUndefined();
    const received = Date.parse(opened.caseFile.informationRequests[0]!.received!.at);
    const left = Date.parse(before.dueAt) - Date.parse(created.request.requestedAt);
    expect(Date.parse(resumed.dueAt)).toBe(received + left + 15 * 86_400_000);

    const audit = await wb.call('audit.list', { caseId });
    expect(audit.chain.ok).toBe(true);
    expect(audit.events.map((e) => e.type)).toEqual(expect.arrayContaining(['case-created', 'information-requested', 'request-updated']));
    expect(audit.events.find((e) => e.type === 'request-updated')!.summary).toMatch(/Cancelled 63685.*The request for information is answered\./);
  });

  it('Medicare Advantage: the due date moves by 14 days; a record added to the case answers the request', { timeout: 120_000 }, async () => {
    const wb = await openWorkbench();
    await wb.call('settings.setProfile', { profile });
    const caseId = await importCase(wb, homeCareBundle({ pdfBase64: pdf }));
    const options = await wb.call('informationRequest.options', { caseId });
    expect(options.rule).toMatchObject({ effect: 'extend', extendBy: { amount: 14, unit: 'calendar-days' } });
    expect(options.rule.source).toMatch(/^42 CFR 422\.568\(b\)\(1\)\(i\)/);
    const before = await wb.call('turnaround.get', { caseId });
    const created = await wb.call('informationRequest.create', { caseId, items: [{ kindId: 'plan-of-care', detail: 'Signed plan of care with visit frequency.' }], respondBy: options.defaultRespondBy, note: 'Ask the agency.' });
    const extended = await wb.call('turnaround.get', { caseId });
    expect(Date.parse(extended.dueAt) - Date.parse(before.dueAt)).toBe(14 * 86_400_000);
    expect(created.status).toBe('pending-info');

    const more = await textPdf([['Plan of care, signed.']]);
    const check = await wb.call('cases.validateAttachment', { name: 'plan-of-care.pdf', data: Buffer.from(more).toString('base64') });
    const added = await wb.call('cases.addRecords', { caseId, attachments: [{ sha256: check.sha256!, name: 'plan-of-care.pdf' }] });
    expect(added).toMatchObject({ added: [{ name: 'plan-of-care.pdf', pageCount: 1 }], alreadyInCase: [], resumed: true });
    const opened = await wb.call('cases.open', { caseId });
    expect(opened.caseFile.status).toBe('new');
    expect(opened.caseFile.documents.map((d) => d.name)).toEqual(['Home health plan of care.pdf', 'plan-of-care.pdf']);
    const again = await wb.refused('informationRequest.markReceived', { caseId, requestId: created.request.id, note: '' });
    expect(again.message).toMatch(/already answered/);
  });

  it('fills a request\'s gaps through the API, audited; the evaluation waits for them until then', { timeout: 60_000 }, async () => {
    const wb = await openWorkbench();
    const b = surgicalBundle({ pdfBase64: pdf }) as Json;
    delete b.entry.find((e: Json) => e.resource.resourceType === 'Patient').resource.birthDate;
    delete b.entry.find((e: Json) => e.resource.resourceType === 'Coverage').resource.type;
    const caseId = await importCase(wb, b);
    const waiting = await wb.call('review.evaluate', { caseId });
    expect(waiting.evaluation.codes.map((c) => c.recommendation)).toEqual(['incomplete', 'incomplete']);
    expect(waiting.evaluation.errors[0]!.message).toBe("The request is missing the member's date of birth and line of business: enter them in the case header before the evaluation can decide.");
    const filled = await wb.call('cases.fillGaps', { caseId, dateOfBirth: '1968-02-11', lineOfBusiness: 'commercial' });
    expect(filled).toEqual({ ok: true, filled: ['member.dateOfBirth', 'plan.lineOfBusiness'], remaining: [] });
    const evaluated = await wb.call('review.evaluate', { caseId });
    expect(evaluated.evaluation.errors).toEqual([]);
    const audit = await wb.call('audit.list', { caseId });
    expect(audit.events.find((e) => e.type === 'request-edited')?.summary).toBe('request completed: member.dateOfBirth, plan.lineOfBusiness');
  });
});
