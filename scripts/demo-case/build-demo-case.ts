/**
 * Builds the built-in demo case (synthetic, no real patient) in memory: the pain clinic's
 * notes, the independent MRI report, a scanned PT fax, and the case file listing them.
 * Deterministic, so a test can rebuild it and compare with the committed files.
 */
import { createHash } from 'node:crypto';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { renderPdf } from '../../main/pdf/render-pdf.js';
import { CaseFile, CASE_SCHEMA_VERSION } from '../../shared/case/schema.js';
import { imageOnlyDoc, scanPages } from './fax-scan.js';
import { mriReportDoc } from './mri-report.js';
import { clinic, painPhysician, patient, patientDisplayName, plan, ptClinic, surgeryCenter } from './people.js';
import { progressNotesDoc } from './progress-notes.js';
import { ptNotesDoc } from './pt-notes.js';

export const DEMO_CASE_ID = 'demo-scs-trial';
const RECEIVED_AT = '2026-11-19T14:05:00-05:00';
const SCAN_SEED = 20261118;

export interface DemoCase {
  caseFile: CaseFile;
  /** File name in resources/demo/ -> bytes; case.json documents carry the same `fileName`. */
  files: Map<string, Buffer>;
}

async function pageCount(bytes: Buffer): Promise<number> {
  const task = getDocument({ data: new Uint8Array(bytes) });
  try {
    return (await task.promise).numPages;
  } finally {
    await task.destroy();
  }
}

export async function buildDemoCase(): Promise<DemoCase> {
  const ptText = await renderPdf(ptNotesDoc());
  const docs = [
    {
      fileName: 'progress-note.pdf',
      name: 'Pain clinic progress notes',
      description: `${clinic.name}: office visits, procedure note and psychological evaluation, 01/2026 to 10/2026`,
      bytes: await renderPdf(progressNotesDoc()),
    },
    {
      fileName: 'mri-report.pdf',
      name: 'MRI lumbar spine report (03/03/2026)',
      description: 'Lakeside Diagnostic Imaging, independent radiologist',
      bytes: await renderPdf(mriReportDoc()),
    },
    {
      fileName: 'pt-notes-scanned.pdf',
      name: 'Physical therapy notes (faxed)',
      description: `${ptClinic.name}: initial evaluation, progress report, discharge summary; scanned fax without a text layer`,
      bytes: await renderPdf(imageOnlyDoc(await scanPages(ptText, SCAN_SEED), 'Fax', ptClinic.name, '2026-11-18T09:41:00-05:00')),
    },
  ];

  const files = new Map<string, Buffer>();
  const documents = [];
  for (const d of docs) {
    files.set(d.fileName, d.bytes);
    documents.push({
      sha256: createHash('sha256').update(d.bytes).digest('hex'),
      name: d.name,
      description: d.description,
      pageCount: await pageCount(d.bytes),
      addedAt: RECEIVED_AT,
      fileName: d.fileName,
    });
  }

  const caseFile = CaseFile.parse({
    schemaVersion: CASE_SCHEMA_VERSION,
    id: DEMO_CASE_ID,
    createdAt: RECEIVED_AT,
    updatedAt: RECEIVED_AT,
    status: 'new',
    request: {
      member: { id: patient.memberId, name: patientDisplayName, dateOfBirth: patient.dobIso, sex: patient.sex, address: patient.address },
      plan: { name: plan.name, lineOfBusiness: plan.lineOfBusiness },
      requestingProvider: { name: painPhysician.name, npi: painPhysician.npi, specialty: painPhysician.specialty, organization: clinic.name },
      servicingProvider: { name: surgeryCenter.name, npi: surgeryCenter.npi, specialty: surgeryCenter.specialty },
      // A trial is the percutaneous leads only; the generator (63685) belongs to a later permanent request.
      codes: [{ code: '63650', units: 2, modifiers: [], description: 'Percutaneous implantation of neurostimulator electrode array, epidural (trial, two leads)' }],
      diagnoses: [
        { code: 'M96.1', description: 'Postlaminectomy syndrome, not elsewhere classified' },
        { code: 'M54.16', description: 'Radiculopathy, lumbar region' },
        { code: 'G89.29', description: 'Other chronic pain' },
      ],
      dateOfService: '2026-12-07',
      receivedAt: RECEIVED_AT,
      urgency: 'standard',
      guidelineId: 'CMM-211',
      priorRequests: [],
      exceptionRequested: false,
    },
    documents,
    marks: [],
    findings: {},
    customCriteria: [],
  });
  return { caseFile, files };
}

export function caseJson(c: CaseFile): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}
