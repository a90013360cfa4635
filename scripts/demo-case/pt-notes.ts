/**
 * The physical therapist's notes as they were typed, before they were faxed: the
 * demo turns this into an image-only "scanned fax" (see fax-scan.ts), so the
 * reviewer's app has to OCR it to find "discharged from PT".
 */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { painPhysician, patient, patientBannerName, ptClinic, therapist } from './people.js';
import { fixedInfo, rule } from './pdf-common.js';

export const PT_KEY_PASSAGES = {
  discharge: 'Patient discharged from PT with no functional improvement',
} as const;

const SIDE = 58;
const CONTENT_WIDTH = 612 - 2 * SIDE;
export const PT_PAGE_COUNT = 3;

const label = (l: string, v: string): Content => ({ text: [{ text: `${l} `, bold: true }, v], margin: [0, 0, 0, 3] });
const head = (t: string): Content => ({ text: t.toUpperCase(), bold: true, margin: [0, 7, 0, 2] });
const body = (t: string): Content => ({ text: t, margin: [0, 0, 0, 3] });

function noteHeader(title: string, date: string): Content[] {
  return [
    { text: ptClinic.name.toUpperCase(), font: 'Times', bold: true, fontSize: 16, alignment: 'center' },
    { text: `${ptClinic.street}, ${ptClinic.city}  *  Ph ${ptClinic.phone}  *  Fax ${ptClinic.fax}`, font: 'Times', fontSize: 9, alignment: 'center' },
    rule(CONTENT_WIDTH, 1, '#000000', [0, 4, 0, 6]),
    { text: title, bold: true, fontSize: 12, alignment: 'center', margin: [0, 0, 0, 6] },
    {
      table: {
        widths: ['*', '*'],
        body: [
          [`Patient: ${patientBannerName}`, `DOB: ${patient.dob}`],
          [`Member ID: ${patient.memberId}`, `Date: ${date}`],
          [`Referring MD: ${painPhysician.name}`, 'Dx: M96.1, M54.16'],
        ],
      },
      layout: { hLineWidth: () => 0.6, vLineWidth: () => 0.6 },
      fontSize: 9.5,
      margin: [0, 0, 0, 4],
    },
  ];
}

const initialEval: Content[] = [
  ...noteHeader('PHYSICAL THERAPY INITIAL EVALUATION', '01/12/2026'),
  head('Subjective'),
  body(
    'Pt is a 54 y/o male referred for chronic LBP and L LE radicular pain s/p L L4-5 laminotomy/discectomy 2019. Burning pain L buttock to lateral calf and dorsum of foot. Pain 8/10 avg (NRS). Sitting tolerance 20 min, walking tolerance 1 block, sleep disturbed. Goal: "walk my dog and go back to work."',
  ),
  head('Objective'),
  body('Lumbar AROM: flexion 45 deg (pain), extension 10 deg (pain into L leg). L SLR + at 45 deg. MMT: L ankle DF 4+/5, L EHL 4+/5, otherwise 5/5. Sensation decreased L L5 dermatome. Gait antalgic.'),
  body('Oswestry Disability Index: 58%. Six-minute walk: 260 m with 2 rests.'),
  head('Assessment'),
  body('Signs and symptoms consistent with post-laminectomy syndrome with L L5 radiculopathy; impaired mobility, strength and activity tolerance. Good rehab potential for partial improvement.'),
  head('Plan'),
  body('Skilled PT 2x/week x 12 weeks: therapeutic exercise (core stabilization), neural mobilization, manual therapy, gait training, home exercise program. Re-eval at 12 weeks.'),
  label('Goals (12 wk):', 'ODI < 40%; sitting 60 min; walking 30 min; independent HEP.'),
  { text: `Electronically signed by ${therapist.name}, 01/12/2026 17:20`, bold: true, margin: [0, 12, 0, 0] },
];

const progressReport: Content[] = [
  ...noteHeader('PROGRESS REPORT / RE-CERTIFICATION', '04/20/2026'),
  label('Visits:', '24 attended since 01/12/2026 (2x/week); 1 cancelled (illness).'),
  head('Subjective'),
  body('Pt reports pain unchanged at 8/10, brief relief after injection 04/14/2026 then back to baseline. Still unable to sit > 20 min. Compliant with HEP daily.'),
  head('Objective'),
  body('Lumbar flexion 45 deg. L SLR + at 45 deg. MMT unchanged. ODI 57% (58% at IE). Six-minute walk 275 m.'),
  head('Assessment'),
  body('Minimal improvement after 12 weeks of skilled PT despite good adherence. Goals not met. Per referring MD, continue program with emphasis on graded activity and neural mobilization.'),
  head('Plan'),
  body('Continue PT 2x/week x 12 more weeks. Re-eval at end of certification period.'),
  { text: `Electronically signed by ${therapist.name}, 04/20/2026 16:05`, bold: true, margin: [0, 12, 0, 0] },
  { text: `Plan of care re-certified: ${painPhysician.name}, 04/22/2026`, margin: [0, 4, 0, 0] },
];

const dischargeSummary: Content[] = [
  ...noteHeader('PHYSICAL THERAPY DISCHARGE SUMMARY', '07/30/2026'),
  label('Dates of care:', '01/12/2026 - 07/28/2026, 2x/week. Visits: 48 attended of 52 scheduled.'),
  head('Outcome measures'),
  {
    table: {
      widths: ['*', 90, 90],
      body: [
        [{ text: 'Measure', bold: true }, { text: 'Initial 01/12', bold: true }, { text: 'D/C 07/28', bold: true }],
        ['Pain NRS (avg)', '8/10', '8/10'],
        ['Oswestry Disability Index', '58%', '60%'],
        ['Sitting tolerance', '20 min', '20 min'],
        ['Walking tolerance', '1 block', '1 block'],
        ['Lumbar flexion', '45 deg', '40 deg'],
      ],
    },
    layout: { hLineWidth: () => 0.6, vLineWidth: () => 0.6 },
    fontSize: 9.5,
    margin: [0, 0, 0, 4],
  },
  head('Assessment'),
  body('Pt has plateaued. No meaningful change in pain, ODI or activity tolerance after 6+ months of skilled PT with good attendance and daily HEP. Goals not met.'),
  head('Discharge status'),
  body(`${PT_KEY_PASSAGES.discharge}. Independent with HEP. Returned to referring physician for further management (interventional options per MD).`),
  { text: `Electronically signed by ${therapist.name}, 07/30/2026 18:02`, bold: true, margin: [0, 12, 0, 0] },
];

export function ptNotesDoc(): TDocumentDefinitions {
  const notes = [initialEval, progressReport, dischargeSummary];
  return {
    info: fixedInfo('PT notes', ptClinic.name, '2026-11-18T09:41:00-05:00'),
    pageSize: 'LETTER',
    pageMargins: [SIDE, 70, SIDE, 60],
    defaultStyle: { font: 'Courier', fontSize: 10, lineHeight: 1.15 },
    // The fax machine's transmit line, part of the image once the page is "scanned".
    header: (currentPage, pageCount) => ({
      margin: [24, 16, 24, 0],
      columns: [
        { text: 'NOV-18-2026 09:41  FROM:CAPITAL CITY PT   6145550189', font: 'Courier', fontSize: 8 },
        { text: `TO:16145550143   P.${String(currentPage).padStart(2, '0')}/${String(pageCount).padStart(2, '0')}`, font: 'Courier', fontSize: 8, alignment: 'right' },
      ],
    }),
    footer: (currentPage, pageCount) => ({
      margin: [SIDE, 20, SIDE, 0],
      text: `${ptClinic.name} - ${patientBannerName} - Page ${currentPage} of ${pageCount}`,
      fontSize: 8,
      alignment: 'center',
    }),
    content: notes.flatMap((n, i) => (i === 0 ? n : [{ text: '', pageBreak: 'before' } as Content, ...n])),
  };
}
