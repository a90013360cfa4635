/**
 * Bundles that bend the profiles (a Practitioner in the care team, HCPCS under the Blue Button
 * system, a URL-only document, Claim.priority without a level of service): what the importer reads,
 * what becomes a gap, what it refuses, and that nothing is filled in.
 */
import { describe, expect, it } from 'vitest';
import { importPasBundle } from '../../../shared/fhir/pas-import';
import { requestGaps } from '../../../shared/case/request-gaps';
import { SYSTEM } from '../../../shared/fhir/pas-profiles';
import { pasRequestBundle, type BundleOptions } from './pas-fixtures';

const pdfBytes = new TextEncoder().encode('%PDF-1.4 test bytes');
/** Like main's lookup in the rule files: every guideline that lists any of the codes. */
const guidelines = (codes: string[]) => [...new Set(codes.flatMap((c) => (c.startsWith('636') ? ['CMM-211'] : c.startsWith('623') ? ['CMM-210'] : [])))];
const read = (o: BundleOptions = {}) => importPasBundle(pasRequestBundle(o), { guidelinesForCodes: guidelines });
const errorsOf = (r: ReturnType<typeof read>) => r.problems.filter((p) => p.severity === 'error');

describe('PAS import of Bundles that bend the profiles', () => {
  it('maps the Claim: member from the Patient identifier MB, HCPCS under another system, Claim.priority stat as expedited', () => {
    const r = read({
      items: [
        { code: '63650', units: 2, modifiers: ['lt'], date: '2026-10-05' },
        { code: 'L8680', system: SYSTEM.hcpcs[1], units: 1, date: '2026-10-05' },
      ],
      levelOfService: null,
      priority: 'stat',
      sopt: '111',
    });
    expect(errorsOf(r)).toEqual([]);
    const req = r.request!;
    expect(req.member).toMatchObject({ id: 'W998877665', name: 'Morgan T Sample', dateOfBirth: '1968-02-11', sex: 'female' });
    expect(req.plan).toEqual({ name: 'Open Access Plus', lineOfBusiness: 'medicare-advantage' });
    expect(req.servicingProvider).toMatchObject({ name: 'Dr. Casey Lin', npi: '1234567810' });
    expect(req.codes).toEqual([
      { code: '63650', units: 2, modifiers: ['LT'] },
      { code: 'L8680', units: 1, modifiers: [] },
    ]);
    expect(req.urgency).toBe('expedited');
    expect(r.problems.map((p) => p.message)).toContain('The member id W998877665 is read from the Patient: the Coverage has no memberid identifier.');
  });

  it('takes the PDFs attached to the DocumentReferences in supportingInfo, and lists the rest', () => {
    const r = read({ pdfs: [{ title: 'Progress note', bytes: pdfBytes }, { title: 'Photo', bytes: new Uint8Array([1, 2, 3]), contentType: 'image/jpeg' }], urlOnlyDocument: true });
    expect(r.attachments).toEqual([{ contentType: 'application/pdf', title: 'Progress note.pdf', data: Buffer.from(pdfBytes).toString('base64'), supportingInfoSequence: 1 }]);
    expect(r.source.documents.map((d) => [d.title, d.status])).toEqual([['Progress note', 'attached'], ['Photo', 'not-a-pdf'], ['Operative plan', 'by-reference']]);
    const warnings = r.problems.filter((p) => p.severity === 'warning').map((p) => p.message).join('\n');
    expect(warnings).toMatch(/"Photo" is image\/jpeg, not a PDF/);
  });

  it('what the profiles leave optional becomes a gap, never a guess', () => {
    const cases: [BundleOptions, string][] = [
      [{ birthDate: null }, 'member.dateOfBirth'],
      [{ sopt: null }, 'plan.lineOfBusiness'],
      [{ sopt: '1' }, 'plan.lineOfBusiness'],
      [{ items: [{ code: '63650', units: 1 }] }, 'dateOfService'],
      [{ diagnoses: ['XYZ'] }, 'diagnoses'],
      [{ items: [{ code: '63650', units: 2.5, date: '2026-10-05' }] }, 'codes.0.units'],
      [{ items: [{ code: '64490', units: 1, date: '2026-10-05' }] }, 'guidelineId'],
    ];
    for (const [opts, field] of cases) {
      const r = read(opts);
      expect(errorsOf(r), field).toEqual([]);
      expect(requestGaps(r.request!).map((g) => g.field), field).toEqual([field]);
    }
    const noQuantity = read({ items: [{ code: '63650', date: '2026-10-05' }] });
    expect(noQuantity.request!.codes[0]).toMatchObject({ units: 1, unitsAssumed: true });
    const noUrgency = read({ levelOfService: null, priority: null });
    expect(noUrgency.request!.urgency).toBe('standard');
    expect(noUrgency.problems.map((p) => p.message).join('\n')).toMatch(/handled as standard/);
    const conflict = read({ levelOfService: 'U', priority: 'normal' });
    expect(errorsOf(conflict)).toEqual([]);
    expect(conflict.request!.urgency).toBe('expedited');
  });

  it('keeps a code from an unknown system as a service not reviewed; refuses a requesting provider whose NPI fails its check digit', () => {
    const local = read({ items: [{ code: '99999', system: 'http://example.org/local-codes', units: 1, date: '2026-10-05' }] });
    expect(errorsOf(local)).toEqual([]);
    expect(local.request!.otherServices).toEqual([expect.objectContaining({ code: '99999', kind: 'code from http://example.org/local-codes' })]);
    const npi = read({ providerNpi: '1234567890' });
    expect(errorsOf(npi).map((p) => p.message)).toEqual(["The requesting provider's NPI 1234567890 fails its check digit."]);
  });
});
