/**
 * The independent radiologist's report of the 03/03/2026 lumbar MRI, from a separate
 * imaging center. Its impression ("mild ... without nerve root compression") is the
 * reading the pain physician's note contradicts.
 */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { imagingCenter, painPhysician, patient, patientBannerName, radiologist } from './people.js';
import { fixedInfo, rule, smallCaps } from './pdf-common.js';

export const MRI_KEY_PASSAGES = {
  impression: 'Mild left foraminal narrowing at L4-5 without nerve root compression.',
  independent: 'independent interpretation',
  signature: `Electronically signed by ${radiologist.name}, 03/03/2026 14:27`,
} as const;

const SIDE = 60;
const CONTENT_WIDTH = 612 - 2 * SIDE;

const section = (title: string): Content => ({ text: `${title}:`, style: 'section' });
const para = (text: string | Content[]): Content => ({ text, style: 'para' });
const level = (name: string, text: string): Content => ({ text: [{ text: `${name}: `, bold: true }, text], style: 'level' });

const findings: Content[] = [
  section('Findings'),
  para(
    'Alignment: Normal lumbar lordosis. No spondylolisthesis. Five lumbar-type vertebral bodies are assumed for numbering, with the lowest rib-bearing vertebra at T12.',
  ),
  para(
    'Vertebral bodies and marrow: Vertebral body heights are maintained. No fracture. Mild type 2 degenerative endplate signal at L4-5. No suspicious marrow lesion.',
  ),
  para('Conus: The conus medullaris terminates at the L1 level and is normal in signal. The cauda equina nerve roots are normally distributed.'),
  para('Paraspinal soft tissues: Post-surgical changes in the left posterior paraspinal soft tissues at L4-5. No fluid collection. No abnormal enhancement beyond the epidural space as described below.'),
  { text: 'Level by level:', style: 'para', bold: true, margin: [0, 2, 0, 2] },
  level('T12-L1', 'No disc herniation, spinal canal stenosis or foraminal narrowing.'),
  level('L1-L2', 'No disc herniation, spinal canal stenosis or foraminal narrowing.'),
  level('L2-L3', 'Minimal disc desiccation. No disc herniation, spinal canal stenosis or foraminal narrowing.'),
  level('L3-L4', 'Mild disc desiccation and minimal diffuse disc bulge. Mild bilateral facet arthropathy. No spinal canal stenosis. Neural foramina are patent.'),
  level(
    'L4-L5',
    'Post-surgical changes of a left laminotomy. Mild enhancing epidural fibrosis along the left laminotomy site, surrounding the left lateral recess and contacting, but not displacing or compressing, the traversing left L5 nerve root. No recurrent or residual disc herniation; the enhancing tissue is consistent with scar. Mild disc height loss with a small diffuse disc bulge. Mild bilateral facet arthropathy with ligamentum flavum thickening. The spinal canal is patent, with no central canal stenosis (AP dimension of the thecal sac 12 mm). Mild left foraminal narrowing; the exiting left L4 nerve root is not compressed. Right foramen patent.',
  ),
  level('L5-S1', 'Mild disc desiccation without herniation. Mild bilateral facet arthropathy. No spinal canal stenosis or foraminal narrowing. The S1 nerve roots are normal.'),
  para('Sacroiliac joints, as visualized: Unremarkable.'),
  para('Other: Visualized retroperitoneal structures are unremarkable. No abdominal aortic aneurysm in the imaged segment.'),
];

const impression: Content[] = [
  section('Impression'),
  {
    ol: [
      'Post-surgical changes of prior left L4-5 laminotomy with mild enhancing epidural fibrosis around the left lateral recess. No recurrent disc herniation.',
      MRI_KEY_PASSAGES.impression,
      'No central spinal canal stenosis at any lumbar level.',
      'Mild multilevel facet arthropathy, L3-4 through L5-S1.',
    ],
    style: 'para',
    bold: true,
    margin: [10, 0, 0, 6],
  },
];

export function mriReportDoc(): TDocumentDefinitions {
  return {
    info: fixedInfo('MRI lumbar spine - 03/03/2026', imagingCenter.name, '2026-03-03T14:27:00-05:00'),
    pageSize: 'LETTER',
    pageMargins: [SIDE, 150, SIDE, 60],
    defaultStyle: { font: 'Times', fontSize: 11, lineHeight: 1.2 },
    styles: {
      section: { bold: true, fontSize: 11, decoration: 'underline', margin: [0, 8, 0, 3] },
      para: { margin: [0, 0, 0, 4] },
      level: { margin: [12, 0, 0, 4] },
    },
    header: (currentPage) => ({
      margin: [SIDE, 30, SIDE, 0],
      stack: [
        {
          columns: [
            {
              width: '*',
              stack: [
                smallCaps(imagingCenter.name, 18, { font: 'Times', bold: true }),
                { text: `${imagingCenter.accreditation}  -  MRI  |  CT  |  Ultrasound  |  X-ray`, fontSize: 8.5, italics: true, color: '#444444' },
              ],
            },
            {
              width: 180,
              alignment: 'right',
              fontSize: 8.5,
              stack: [imagingCenter.street, imagingCenter.city, `Phone ${imagingCenter.phone}`, `Fax ${imagingCenter.fax}`, `NPI ${imagingCenter.npi}`],
            },
          ],
        },
        rule(CONTENT_WIDTH, 1.5, '#000000', [0, 5, 0, 1]),
        rule(CONTENT_WIDTH, 0.5, '#000000', [0, 0, 0, 6]),
        {
          fontSize: 9.5,
          table: {
            widths: [70, '*', 70, '*'],
            body: [
              [{ text: 'Patient:', bold: true }, patientBannerName, { text: 'DOB:', bold: true }, patient.dob],
              [{ text: 'Member ID:', bold: true }, patient.memberId, { text: 'Accession:', bold: true }, 'LDI-26-0303-4471'],
              [{ text: 'Exam date:', bold: true }, '03/03/2026 10:14', { text: 'Ordering:', bold: true }, painPhysician.name],
            ],
          },
          layout: 'noBorders',
        },
        ...(currentPage > 1 ? [{ text: 'MRI LUMBAR SPINE WITHOUT AND WITH CONTRAST (continued)', fontSize: 9, italics: true, margin: [0, 2, 0, 0] } as Content] : []),
      ],
    }),
    footer: (currentPage, pageCount) => ({
      margin: [SIDE, 18, SIDE, 0],
      columns: [
        { text: `${imagingCenter.name}  |  Final report  |  Accession LDI-26-0303-4471`, fontSize: 8, color: '#444444' },
        { text: `Page ${currentPage} of ${pageCount}`, alignment: 'right', fontSize: 9, width: 90 },
      ],
    }),
    content: [
      { text: 'MRI LUMBAR SPINE WITHOUT AND WITH CONTRAST', bold: true, fontSize: 13, alignment: 'center', margin: [0, 0, 0, 2] },
      { text: 'CPT 72158  |  FINAL REPORT', fontSize: 9, alignment: 'center', margin: [0, 0, 0, 8] },
      section('Clinical history'),
      para('55-year-old man with chronic low back pain and left leg pain in an L5 distribution. History of left L4-5 laminotomy and microdiscectomy in 2019. Evaluate for recurrent disc herniation, epidural fibrosis or stenosis.'),
      section('Technique'),
      para(
        'Multiplanar, multisequence MRI of the lumbar spine on a 1.5 Tesla magnet: sagittal T1, T2 and STIR; axial T1 and T2 from T12 to S1. Following intravenous administration of 9 mL gadobutrol (Gadavist), sagittal and axial fat-suppressed T1-weighted images were obtained. No immediate contrast reaction.',
      ),
      section('Comparison'),
      para('Outside MRI lumbar spine dated 05/14/2019 (pre-operative), report only; images not available for direct comparison.'),
      ...findings,
      ...impression,
      section('Attestation'),
      para(
        `This study was interpreted by a board-certified radiologist of ${imagingCenter.name}, which is not affiliated with the ordering practice. This report is an independent interpretation of the images and has not been edited by the ordering provider.`,
      ),
      {
        margin: [0, 14, 0, 0],
        unbreakable: true,
        stack: [
          { text: `Interpreting radiologist: ${radiologist.name}, ${radiologist.credential}`, fontSize: 10.5 },
          { text: 'Dictated 03/03/2026 13:52   Transcribed 03/03/2026 14:05', fontSize: 9, color: '#444444' },
          { text: MRI_KEY_PASSAGES.signature, bold: true, margin: [0, 4, 0, 0] },
          { text: `cc: ${painPhysician.name}, Riverbend Spine & Pain Associates, fax (614) 555-0143`, fontSize: 9, margin: [0, 6, 0, 0] },
        ],
      },
    ],
  };
}
