/**
 * Reading a study's modality, region, date, facility and readers from imaging reports written in
 * different styles, as pdf.js extracts them (a letterhead may come after the body). The reports
 * here are written to differ from one another and from the demo: a hospital's labelled header, a
 * faxed all-capitals one, an academic narrative, a one-line X-ray, a CT myelogram, and a clinic
 * note that mentions an MRI but is not a report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStudyFromReport } from '../../../shared/imaging/read-study-from-report';

/** The demo's MRI report as the text extraction orders it: body first, letterhead and header after. */
const LAKESIDE = `MRI LUMBAR SPINE WITHOUT AND WITH CONTRAST
CPT 72158 | FINAL REPORT
Clinical history:
55-year-old man with chronic low back pain and left leg pain in an L5 distribution.
Technique:
Multiplanar, multisequence MRI of the lumbar spine on a 1.5 Tesla magnet: sagittal T1, T2 and STIR.
Comparison:
Outside MRI lumbar spine dated 05/14/2019 (pre-operative), report only.
Findings:
L4-L5: Post-surgical changes of a left laminotomy. Mild left foraminal narrowing.
LAKESIDE DIAGNOSTIC IMAGING
ACR-accredited MRI facility - MRI | CT | Ultrasound | X-ray
915 Harbor View Drive
Columbus, OH 43219
Phone (614) 555-0190
Patient: MERCER, JORDAN A DOB: 04/17/1971
Member ID: HHS884120357 Accession: LDI-26-0303-4471
Exam date: 03/03/2026 10:14 Ordering: Elena M. Vasquez, MD
Lakeside Diagnostic Imaging | Final report | Accession LDI-26-0303-4471 Page 1 of 2
Impression:
Mild left foraminal narrowing at L4-5 without nerve root compression.2.
Attestation:
This study was interpreted by a board-certified radiologist of Lakeside Diagnostic Imaging, which is not
affiliated with the ordering practice.
Interpreting radiologist: Priya N. Raman, MD, Diagnostic Radiology, ABR certified
Dictated 03/03/2026 13:52 Transcribed 03/03/2026 14:05
Electronically signed by Priya N. Raman, MD, 03/03/2026 14:27
cc: Elena M. Vasquez, MD, Riverbend Spine & Pain Associates, fax (614) 555-0143
LAKESIDE DIAGNOSTIC IMAGING`;

const FAXED = `ST. LUKE'S REGIONAL MEDICAL CENTER - DEPT OF RADIOLOGY
PT: DOE, JANE   DOB 01/02/1960   MRN 4471002
EXAM: MR C-SPINE W/O CONT   DOS: 1/5/25
REF MD: K. PATEL MD
HX: NECK PAIN RADIATING TO R ARM
FINDINGS: C5-6 DISC OSTEOPHYTE COMPLEX WITH MOD R FORAMINAL NARROWING.
IMPRESSION: 1. C5-6 DISC OSTEOPHYTE COMPLEX, MOD R FORAMINAL STENOSIS.
READ BY: T. NGUYEN, M.D.   01/05/25 16:40`;

const ACADEMIC = `Department of Radiology, University Hospital of Northfield
Clinical indication: chronic low back pain, prior fusion L4-S1.
Computed tomography of the lumbar spine without intravenous contrast was performed on February 14, 2025.
Comparison is made with radiographs from 2023.
Findings: solid posterolateral fusion from L4 to S1. No hardware loosening.
Impression: Solid fusion L4-S1 without complication.
I have personally reviewed the images and agree with the findings of the resident.
Interpreted by: Maria L. Gonzalez-Ruiz, M.D., Ph.D.
Referring physician: Dr. Alan Brooks`;

const XRAY = `XR KNEE 3 VIEWS LEFT
Date of exam: 2024-11-30
Location: Westside Orthopedic Imaging
Radiologist: Brian O'Connor, DO
Findings: joint space narrowing of the medial compartment.
Impression: Moderate medial compartment osteoarthritis.`;

const MYELOGRAM = `Harbor Imaging Center
Procedure: CT MYELOGRAM LUMBAR
Study Date: 09 Sep 2025
Technique: intrathecal contrast via L2-3 puncture, then CT of the lumbar spine.
Impression: severe central canal stenosis at L3-4.
Electronically signed by: Dr. Ken Watanabe on 09/10/2025`;

const CLINIC_NOTE = `RIVERBEND SPINE & PAIN ASSOCIATES
DIAGNOSTIC STUDIES
MRI lumbar spine 03/03/2026 shows severe L4-5 stenosis compressing the L5 nerve root. Images personally reviewed.
ASSESSMENT
Postlaminectomy syndrome.
Electronically signed by Elena M. Vasquez, MD, 10/28/2026 16:42`;

describe('reading a study from its report', () => {
  it('a hospital report whose letterhead the extraction put after the body', () => {
    expect(readStudyFromReport({ text: LAKESIDE, quote: 'Mild left foraminal narrowing at L4-5 without nerve root compression.' })).toEqual({
      modality: 'mri', bodyRegion: 'lumbar spine', date: '2026-03-03', facility: 'Lakeside Diagnostic Imaging',
      reader: 'Priya N. Raman, MD', orderingProvider: 'Elena M. Vasquez, MD', looksLikeReport: true,
    });
  });

  it('a faxed report in capitals with abbreviations and a two-digit year', () => {
    expect(readStudyFromReport({ text: FAXED })).toEqual({
      modality: 'mri', bodyRegion: 'cervical spine', date: '2025-01-05', facility: "St. Luke's Regional Medical Center",
      reader: 'T. Nguyen, MD', orderingProvider: 'K. Patel, MD', looksLikeReport: true,
    });
  });

  it('an academic narrative with the date in a sentence', () => {
    expect(readStudyFromReport({ text: ACADEMIC })).toEqual({
      modality: 'ct', bodyRegion: 'lumbar spine', date: '2025-02-14', facility: 'University Hospital of Northfield',
      reader: 'Maria L. Gonzalez-Ruiz, MD', orderingProvider: 'Dr. Alan Brooks', looksLikeReport: true,
    });
  });

  it('a one-line X-ray with a side and an ISO date', () => {
    expect(readStudyFromReport({ text: XRAY })).toEqual({
      modality: 'x-ray', bodyRegion: 'left knee', date: '2024-11-30', facility: 'Westside Orthopedic Imaging',
      reader: "Brian O'Connor, DO", looksLikeReport: true,
    });
  });

  it('a CT myelogram is myelography, dated day month year', () => {
    expect(readStudyFromReport({ text: MYELOGRAM })).toEqual({
      modality: 'myelography', bodyRegion: 'lumbar spine', date: '2025-09-09', facility: 'Harbor Imaging Center',
      reader: 'Dr. Ken Watanabe', looksLikeReport: true,
    });
  });

  it('a clinic note that mentions the MRI: the study from the passage, but no radiologist or facility', () => {
    const r = readStudyFromReport({ text: CLINIC_NOTE, quote: 'MRI lumbar spine 03/03/2026 shows severe L4-5 stenosis compressing the L5 nerve root.' });
    expect(r).toEqual({ modality: 'mri', bodyRegion: 'lumbar spine', date: '2026-03-03', looksLikeReport: false });
  });

  it('falls back on the document name, and proposes nothing it cannot read', () => {
    expect(readStudyFromReport({ text: 'Impression: unremarkable.', docName: 'MRI lumbar spine report (03/03/2026)' })).toEqual({
      modality: 'mri', bodyRegion: 'lumbar spine', date: '2026-03-03', looksLikeReport: false,
    });
    expect(readStudyFromReport({ text: '' })).toEqual({ looksLikeReport: false });
  });

  it('the demo MRI report PDF text, if the demo is built', async () => {
    const file = path.resolve(import.meta.dirname, '..', '..', '..', 'resources', 'demo', 'mri-report.pdf');
    if (!fs.existsSync(file)) return;
    const { extractText } = await import('../../../main/text/extract-text');
    const doc = await extractText(fs.readFileSync(file));
    const r = readStudyFromReport({ text: doc.pages.map((p) => p.text).join('\n'), docName: 'MRI lumbar spine report (03/03/2026)' });
    expect(r).toMatchObject({ modality: 'mri', bodyRegion: 'lumbar spine', date: '2026-03-03', facility: 'Lakeside Diagnostic Imaging', reader: 'Priya N. Raman, MD' });
  });
});
