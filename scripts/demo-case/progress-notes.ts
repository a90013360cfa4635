/**
 * The pain clinic's records for the SCS trial request: five encounters printed from
 * the clinic's EHR, newest first, as they arrive with a prior-authorization request.
 *
 * The content is written so each SCS-trial criterion and each Preface requirement can
 * be proven (or challenged) from the page; in particular the physician's own MRI reading
 * disagrees with the radiologist's report (see mri-report.ts) and is never reconciled.
 */
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { clinic, painPhysician, patient, patientBannerName, plan, psychologist, spineSurgeon, surgeryCenter } from './people.js';
import { fieldGrid, fixedInfo, rule, smallCaps } from './pdf-common.js';

/** The sentences the demo walkthrough and tests look for. */
export const KEY_PASSAGES = {
  discrepantMri: 'MRI lumbar spine 03/03/2026 shows severe L4-5 stenosis compressing the L5 nerve root.',
  conservativeCare:
    'He has completed more than six consecutive months of physician-supervised conservative management',
  ptLittleImprovement: 'physical therapy 2x/week since January 2026 with little improvement',
  psychClearance: 'cleared to proceed with a spinal cord stimulator trial',
  signature: 'Electronically signed by Elena M. Vasquez, MD, 10/28/2026 16:42',
} as const;

const PAGE_WIDTH = 612;
const SIDE = 54;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * SIDE;
const PRINTED = '11/18/2026 10:37';

type Cell = string | { text: string; bold?: boolean };

const h = (text: string): Content => ({ text: text.toUpperCase(), style: 'heading', headlineLevel: 1 });
const p = (text: string | Content[]): Content => ({ text, style: 'body' });
const kv = (label: string, text: string): Content => ({ text: [{ text: `${label}: `, bold: true }, text], style: 'body' });
const bullets = (items: string[]): Content => ({ ul: items, style: 'body', margin: [8, 0, 0, 4] });
const numbered = (items: Array<string | Content>): Content => ({ ol: items, style: 'body', margin: [8, 0, 0, 4] });

function grid(widths: Array<number | string>, head: string[], rows: Cell[][]): Content {
  return {
    table: {
      headerRows: 1,
      widths,
      body: [head.map((t) => ({ text: t, style: 'th' })), ...rows.map((r) => r.map((c) => (typeof c === 'string' ? { text: c, style: 'td' } : { ...c, style: 'td' })))],
    },
    layout: {
      hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0.3),
      vLineWidth: () => 0,
      hLineColor: () => '#666666',
      fillColor: (row: number) => (row === 0 ? '#e8ecef' : null),
      paddingTop: () => 2,
      paddingBottom: () => 2,
    },
    margin: [0, 2, 0, 6],
  };
}

function encounterHeader(title: string, fields: Array<[string, string, string?, string?]>): Content[] {
  return [
    {
      headlineLevel: 2,
      unbreakable: true,
      stack: [
        rule(CONTENT_WIDTH, 2, '#1f3a5f', [0, 0, 0, 5]),
        { text: title, style: 'encounterTitle' },
        rule(CONTENT_WIDTH, 0.5, '#999999', [0, 0, 0, 4]),
        fieldGrid(fields, 8.5),
      ],
    },
  ];
}

function signature(by: string, when: string, extra?: string): Content {
  return {
    margin: [0, 8, 0, 0],
    unbreakable: true,
    stack: [
      rule(200, 0.5, '#999999'),
      { text: `Electronically signed by ${by}, ${when}`, bold: true, fontSize: 9 },
      ...(extra ? [{ text: extra, fontSize: 8, color: '#444444' }] : []),
    ],
  };
}

const physicianLine = `${painPhysician.name} | ${painPhysician.specialty} | NPI ${painPhysician.npi}`;

const visit20261028: Content[] = [
  ...encounterHeader('Office Visit - Established Patient', [
    ['Date of service', '10/28/2026 14:15', 'Provider', painPhysician.name],
    ['Visit type', 'Pre-procedure evaluation', 'Location', 'Westbrook clinic, Room 4'],
    ['PCP', 'Thomas W. Greer, DO', 'Insurance', plan.name],
  ]),
  h('Chief complaint'),
  p('Chronic low back pain with burning left leg pain. Here to finalize plans for a spinal cord stimulator trial.'),
  h('History of present illness'),
  p(
    'Mr. Mercer is a 55-year-old man with failed back surgery syndrome who returns for a pre-procedure evaluation for a spinal cord stimulator (SCS) trial. He underwent a left L4-5 laminotomy and microdiscectomy in 06/2019 at an outside hospital for a left L4-5 disc herniation, with about 18 months of good relief of his leg pain. Since 2021 he has had gradually recurrent low back pain and left leg pain, markedly worse since the fall of 2025. The leg pain is burning and electric, radiates from the left buttock down the lateral thigh and calf to the dorsum of the foot and great toe, with numbness and tingling in the same distribution. Leg pain is worse than back pain (about 70% leg, 30% back). Pain is worse with standing more than 15 minutes, walking more than one block and sitting more than 30 minutes, and wakes him three to four times a night.',
  ),
  p(
    'Today he rates his average pain 8/10 on the numeric rating scale (NRS), 9/10 at worst and 6/10 at best. Oswestry Disability Index (ODI) today is 62%. He denies bowel or bladder dysfunction, saddle anesthesia, fever, chills, night sweats or unintentional weight loss, and reports no new weakness since his last visit.',
  ),
  p(
    `He has been under my care since 01/06/2026. ${KEY_PASSAGES.conservativeCare} without meaningful or lasting benefit (summary below): ${KEY_PASSAGES.ptLittleImprovement}, gabapentin titrated to 600 mg three times daily, NSAIDs (naproxen, then meloxicam), a trial of duloxetine, topical lidocaine, a home exercise program with activity modification, and a left L4-5 transforaminal epidural steroid injection on 04/14/2026 that gave about 30% relief lasting about 10 days. He has been on medical leave from his job as a warehouse supervisor since 02/2026.`,
  ),
  h('Conservative treatment to date'),
  grid(
    [128, 92, 62, '*'],
    ['Treatment', 'Dates', 'Supervised by', 'Response'],
    [
      ['Physical therapy, Capital City PT, 2x/week', '01/12/2026 - 07/28/2026 (48 visits)', 'Dr. Vasquez', 'Little improvement; discharged 07/30/2026 with no functional improvement (ODI 58% at start, 60% at discharge)'],
      ['Gabapentin 300 mg TID, titrated to 600 mg TID', '01/06/2026 - present', 'Dr. Vasquez', '10-20% relief of burning pain; dizziness prevents further titration'],
      ['Naproxen 500 mg BID, changed to meloxicam 15 mg daily', '01/06/2026 - present', 'Dr. Vasquez', 'Minimal benefit; no GI or renal adverse effects'],
      ['Duloxetine 30 mg, increased to 60 mg daily', '03/10/2026 - 05/19/2026', 'Dr. Vasquez', 'No pain benefit; stopped for nausea'],
      ['Lidocaine 5% patch', '05/19/2026 - present', 'Dr. Vasquez', 'Minimal benefit'],
      ['Left L4-5 transforaminal epidural steroid injection', '04/14/2026', 'Dr. Vasquez', 'About 30% relief for about 10 days, then back to baseline'],
      ['Home exercise program, activity modification', '01/2026 - present', 'PT / Dr. Vasquez', 'Adherent; no lasting benefit'],
    ],
  ),
  p([
    { text: 'Duration: ', bold: true },
    'physician-supervised conservative care 01/06/2026 through 08/04/2026 (7 consecutive months) and continued since, without improvement in pain or function.',
  ]),
  h('Past medical history'),
  bullets(['Hypertension, controlled', 'Hyperlipidemia', 'Obesity (BMI 30.7)', 'Mild obstructive sleep apnea, uses CPAP nightly', 'No diabetes, bleeding disorder, immunosuppression or implanted cardiac device']),
  h('Past surgical history'),
  bullets(['Left L4-5 laminotomy and microdiscectomy, 06/2019 (outside hospital)', 'Right knee arthroscopy, 2012', 'Appendectomy, 1990']),
  h('Current medications'),
  grid(
    [150, 150, 70, '*'],
    ['Medication', 'Dose / route / frequency', 'Started', 'Notes'],
    [
      ['Gabapentin', '600 mg PO three times daily', '01/06/2026', 'Neuropathic pain'],
      ['Meloxicam', '15 mg PO daily', '02/17/2026', 'Hold 5 days before procedure'],
      ['Lidocaine 5% patch', '1 patch, 12 h on / 12 h off', '05/19/2026', 'Left lateral leg'],
      ['Lisinopril', '20 mg PO daily', '2018', 'PCP'],
      ['Atorvastatin', '20 mg PO nightly', '2020', 'PCP'],
      ['Omeprazole', '20 mg PO daily', '02/17/2026', 'GI protection with NSAID'],
    ],
  ),
  p('No anticoagulant or antiplatelet medication. No opioid or benzodiazepine prescriptions.'),
  kv('Allergies', 'Sulfa antibiotics (hives). No latex allergy.'),
  h('Social history'),
  p(
    'Married, lives with his wife, who will help with the trial. Warehouse supervisor, on medical leave since 02/2026. Never smoker. Alcohol 1-2 beers per week. No illicit drug use and no history of alcohol or drug dependence or substance use treatment. Ohio PDMP (OARRS) reviewed today: no opioid or benzodiazepine prescriptions in the past 24 months. Urine drug test today consistent with prescribed medications.',
  ),
  kv('Family history', 'Father: coronary artery disease. Mother: type 2 diabetes. No bleeding disorders.'),
  h('Review of systems'),
  p(
    'Constitutional: negative for fever, chills, weight loss. Cardiovascular and respiratory: negative. GI/GU: no bowel or bladder incontinence or retention. Musculoskeletal: low back pain. Neurologic: left leg numbness and tingling; no falls. Skin: no rashes or wounds. Psychiatric: frustrated by pain; denies depressed mood most days, denies suicidal ideation. All other systems reviewed and negative.',
  ),
  h('Vital signs'),
  grid(
    ['*', '*', '*', '*', '*', '*', '*', '*', '*'],
    ['BP', 'Pulse', 'Resp', 'Temp', 'SpO2', 'Height', 'Weight', 'BMI', 'Pain'],
    [['132/84', '76', '14', '98.2 °F', '98% RA', '5\' 10"', '214 lb', '30.7', 'NRS 8/10']],
  ),
  h('Physical examination'),
  kv('General', 'Alert, oriented, cooperative. Mild distress from pain; shifts position frequently while seated.'),
  kv('Skin', 'Well-healed 4 cm midline lumbar incision. No rash, wound or sign of infection over the thoracic or lumbar spine.'),
  kv('Thoracic spine', 'Normal alignment, no tenderness T6 to T12.'),
  kv(
    'Lumbar spine',
    'Paraspinal tenderness L4 to S1, left greater than right. Flexion limited to 40 degrees with pain; extension 10 degrees, increases left leg pain.',
  ),
  kv(
    'Neurologic',
    'Strength 5/5 in both lower extremities except left great toe extension and ankle dorsiflexion 4+/5. Sensation decreased to light touch and pinprick over the left L5 dermatome (lateral calf, dorsum of foot). Reflexes: patellar 2+ and symmetric; Achilles 2+ right, 1+ left. Straight leg raise positive on the left at 40 degrees, reproducing pain below the knee; negative on the right. No clonus; Babinski downgoing; Hoffmann negative.',
  ),
  kv('Gait', 'Antalgic; heel walking difficult on the left.'),
  h('Diagnostic studies'),
  p([{ text: KEY_PASSAGES.discrepantMri, bold: false }, ' Post-surgical changes of the left L4-5 laminotomy with epidural scar; no recurrent disc herniation. Images personally reviewed.']),
  bullets([
    'EMG/NCS left lower extremity 05/05/2026 (A. Brennan, MD, PM&R): chronic left L5 radiculopathy without active denervation.',
    'Lumbar flexion-extension radiographs 01/06/2026: post-surgical changes at L4-5; no dynamic instability.',
    'Urine drug test 10/28/2026: consistent with prescribed medications.',
  ]),
  h('Behavioral health'),
  p(
    `Pre-SCS psychological evaluation completed 09/22/2026 by ${psychologist.name} (report in chart): no evidence of an inadequately controlled mental health problem, no alcohol or drug dependence, realistic expectations; cleared to proceed with a spinal cord stimulator trial. PHQ-9 today: 6.`,
  ),
  h('Surgical opinion'),
  p(
    `Evaluated by ${spineSurgeon.name} (${spineSurgeon.specialty.toLowerCase()}) on 08/25/2026, who does not recommend further surgical intervention: no instability and no recurrent herniation, and revision surgery is not expected to improve his predominantly neuropathic leg pain.`,
  ),
  h('Assessment'),
  numbered(['Postlaminectomy syndrome, lumbar (failed back surgery syndrome) - M96.1', 'Radiculopathy, lumbar region, left L5 - M54.16', 'Other chronic pain - G89.29']),
  p(
    '55-year-old man with failed back surgery syndrome and intractable neuropathic left leg pain in an L5 distribution (NRS 8/10, ODI 62%) despite more than six consecutive months of physician-supervised conservative management, including physical therapy, pharmacotherapy and an epidural steroid injection. Surgical intervention is not indicated per spine surgery. Psychological evaluation shows no inadequately controlled mental health condition. He is an appropriate candidate for a percutaneous spinal cord stimulator trial.',
  ),
  h('Plan'),
  numbered([
    `Percutaneous spinal cord stimulator trial: two percutaneous epidural leads (CPT 63650 x 2) placed under fluoroscopy with the tips at about T8, at ${surgeryCenter.name}, scheduled 12/07/2026 pending authorization. Trial duration 5 to 7 days; leads removed in clinic.`,
    'Trial success defined as at least 50% reduction in pain on the NRS with improved function (walking and sitting tolerance, sleep, ODI), recorded in a daily pain diary.',
    'Contraindications reviewed: none. No active infection, no bleeding disorder, no anticoagulant or antiplatelet use, no implanted cardiac device, no untreated substance use; he is able to operate the external device. Hold meloxicam 5 days before the procedure. CBC and PT/INR ordered.',
    'Education and agreement: we discussed the nature, purpose, risks (infection, bleeding, lead migration, dural puncture, nerve or spinal cord injury, inadequate stimulation), benefits and alternatives of the trial, including that the trial is temporary and that permanent implantation would be considered only after a successful trial. He met the device representative on 10/14/2026 for education. He understands and agrees with the plan and wishes to proceed. All questions answered.',
    'Continue gabapentin 600 mg TID, lidocaine patch and home exercise program.',
    'Follow-up: lead removal and trial review 12/14/2026, sooner as needed.',
  ]),
  p('Total time on the date of the encounter: 42 minutes, more than half in counseling and care coordination.'),
  signature(painPhysician.name, '10/28/2026 16:42', physicianLine),
];

const psych20260922: Content[] = [
  ...encounterHeader('Behavioral Medicine - Pre-Surgical Psychological Evaluation', [
    ['Date of service', '09/22/2026 13:00', 'Evaluator', psychologist.name],
    ['Referred by', painPhysician.name, 'Procedure', 'Spinal cord stimulator trial'],
    ['Format', 'Face-to-face, 90 minutes', 'Location', 'Westbrook clinic'],
  ]),
  h('Reason for referral'),
  p(
    'Mr. Mercer was referred by Dr. Vasquez for psychological evaluation before a spinal cord stimulator (SCS) trial for failed back surgery syndrome with chronic left leg pain. The evaluation assesses mental health conditions, substance use, expectations and coping that could affect the outcome of neuromodulation.',
  ),
  h('Sources of information'),
  bullets([
    'Face-to-face clinical interview (90 minutes) with the patient; collateral interview with his wife (15 minutes)',
    'Review of pain clinic records 01/06/2026 to 08/04/2026',
    'Testing: PHQ-9, GAD-7, Pain Catastrophizing Scale (PCS), Brief Battery for Health Improvement 2 (BBHI-2), AUDIT-C, DAST-10',
  ]),
  h('Interview findings'),
  p(
    'He describes constant burning left leg pain that limits walking, sitting and sleep and has kept him off work since 02/2026. Mood is frustrated but not persistently depressed; he continues to enjoy time with his grandchildren and fishing from a chair. No history of psychiatric hospitalization, suicide attempts or psychotic symptoms. Denies current or past suicidal ideation. No history of alcohol or drug dependence; alcohol 1-2 beers per week; never used illicit drugs; no misuse of prescribed medications. Sleep is interrupted by pain. He has a supportive marriage and stable housing and finances.',
  ),
  h('Test results'),
  grid(
    [150, 60, '*'],
    ['Measure', 'Score', 'Interpretation'],
    [
      ['PHQ-9', '7', 'Mild depressive symptoms, pain-related'],
      ['GAD-7', '5', 'Mild anxiety'],
      ['Pain Catastrophizing Scale', '18', 'Below clinical threshold (30)'],
      ['BBHI-2', 'Valid profile', 'No elevations of clinical concern; no somatic over-reporting'],
      ['AUDIT-C', '2', 'Low-risk alcohol use'],
      ['DAST-10', '0', 'No drug use problem'],
    ],
  ),
  h('Expectations and understanding'),
  p(
    'He can describe the purpose of a temporary trial, that the goal is meaningful pain reduction (about half) and better function rather than a cure, and that a permanent device would be considered only after a successful trial. His expectations are realistic. He is motivated to continue his home exercise program.',
  ),
  h('Impression'),
  p(
    'Adjustment to chronic pain with mild, pain-related mood and anxiety symptoms that are adequately controlled and do not require treatment before neuromodulation. No evidence of an inadequately controlled mental health problem (including depression, psychosis, or alcohol or drug dependence) that would negatively affect the success of spinal cord stimulation or contraindicate its placement.',
  ),
  h('Recommendation'),
  p(`From a psychological standpoint, Mr. Mercer is ${KEY_PASSAGES.psychClearance}. Offered brief pain-coping sessions during the trial period; he accepted.`),
  signature(psychologist.name, '09/22/2026 15:10', psychologist.credential),
];

const visit20260804: Content[] = [
  ...encounterHeader('Office Visit - Established Patient', [
    ['Date of service', '08/04/2026 15:30', 'Provider', painPhysician.name],
    ['Visit type', 'Follow-up', 'Location', 'Westbrook clinic, Room 2'],
  ]),
  h('Interval history'),
  p(
    'Mr. Mercer returns after completing physical therapy. He attended PT twice weekly from 01/12/2026 and was discharged on 07/30/2026 with no functional improvement (therapist discharge summary reviewed). He continues gabapentin 600 mg TID and meloxicam 15 mg daily with minimal benefit; duloxetine was stopped in May for nausea. The 04/14/2026 epidural steroid injection helped about 30% for about 10 days. Average pain 8/10 (NRS), ODI 60%. Burning left leg pain remains the dominant complaint. No bowel or bladder changes, no new weakness.',
  ),
  h('Vital signs'),
  grid(['*', '*', '*', '*', '*', '*'], ['BP', 'Pulse', 'Temp', 'SpO2', 'Weight', 'Pain'], [['128/82', '78', '98.0 °F', '98% RA', '216 lb', 'NRS 8/10']]),
  h('Examination'),
  p(
    'Antalgic gait. Lumbar flexion 40 degrees with pain. Left ankle dorsiflexion and great toe extension 4+/5, otherwise 5/5. Decreased sensation left L5 dermatome. Left straight leg raise positive at 45 degrees. Incision well healed.',
  ),
  h('Assessment'),
  p(
    'Failed back surgery syndrome with chronic left L5 radicular pain (M96.1, M54.16, G89.29). He has now failed 7 consecutive months of physician-supervised conservative care (01/06/2026 - 08/04/2026): physical therapy, gabapentin, NSAIDs, duloxetine and an epidural steroid injection.',
  ),
  h('Plan'),
  numbered([
    'Discussed spinal cord stimulation; he is interested. Educational material given.',
    `Referral to ${psychologist.name} for pre-SCS psychological evaluation.`,
    `Referral to ${spineSurgeon.name}, spine surgery, for an opinion on whether further surgery is indicated.`,
    'Continue gabapentin, meloxicam, lidocaine patch and home exercise program.',
    'Return after both evaluations.',
  ]),
  signature(painPhysician.name, '08/04/2026 17:05', physicianLine),
];

const procedure20260414: Content[] = [
  ...encounterHeader('Procedure Note', [
    ['Date of service', '04/14/2026 10:40', 'Physician', painPhysician.name],
    ['Procedure', 'Left L4-5 transforaminal ESI', 'Location', surgeryCenter.name],
    ['Anesthesia', 'Local only', 'Guidance', 'Fluoroscopy'],
  ]),
  kv('Pre-procedure diagnosis', 'Lumbar radiculopathy, left L5 (M54.16); postlaminectomy syndrome (M96.1).'),
  kv('Indication', 'Persistent left L5 radicular pain despite physical therapy since 01/2026, gabapentin and NSAIDs.'),
  kv('Consent', 'Risks, benefits and alternatives discussed; written consent obtained. Time-out performed.'),
  h('Description'),
  p(
    'The patient was placed prone. The skin was prepped with chlorhexidine and draped sterilely. Under fluoroscopic guidance the left L4-5 neural foramen was identified in an oblique view. After local anesthesia with 1% lidocaine, a 22-gauge 3.5-inch spinal needle was advanced to the safe triangle. Omnipaque 240, 1 mL, showed epidural spread along the exiting nerve root and into the epidural space without vascular uptake on live fluoroscopy. Dexamethasone 10 mg with 1 mL of 1% preservative-free lidocaine was injected. The needle was removed; no bleeding. Images saved.',
  ),
  kv('Pain before / after', 'NRS 8/10 before, 4/10 fifteen minutes after.'),
  kv('Complications', 'None. Discharged ambulatory in stable condition with written instructions.'),
  signature(painPhysician.name, '04/14/2026 11:58'),
  h('Addendum - telephone follow-up 04/28/2026'),
  p('Patient reports about 30% relief for about 10 days, then a return to baseline pain of 8/10. Not a candidate for repeat injection given the short duration of benefit.'),
  signature(painPhysician.name, '04/28/2026 09:14'),
];

const consult20260106: Content[] = [
  ...encounterHeader('New Patient Consultation', [
    ['Date of service', '01/06/2026 14:00', 'Provider', painPhysician.name],
    ['Referred by', 'Thomas W. Greer, DO (PCP)', 'Location', 'Westbrook clinic, Room 3'],
  ]),
  kv('Reason for consultation', 'Chronic low back and left leg pain after lumbar surgery.'),
  h('History of present illness'),
  p(
    '54-year-old man with a left L4-5 laminotomy and microdiscectomy in 06/2019, with good relief for about 18 months, followed by recurrent low back and burning left leg pain that has worsened since fall 2025. Pain radiates to the lateral calf and dorsum of the left foot with numbness. NRS 8/10 average. ODI 58%. He has used ibuprofen as needed without benefit. No prior physical therapy since 2020, no injections. No red-flag symptoms.',
  ),
  h('Examination'),
  p(
    'BP 134/86, pulse 80, weight 218 lb. Antalgic gait. Lumbar flexion 45 degrees. Left EHL 4+/5. Decreased sensation left L5 dermatome. Left straight leg raise positive at 45 degrees. Reflexes symmetric at the knees, Achilles reduced on the left.',
  ),
  kv('Imaging today', 'Lumbar flexion-extension radiographs: post-surgical changes at L4-5; no dynamic instability.'),
  h('Assessment'),
  p('Postlaminectomy syndrome with chronic left L5 radiculopathy (M96.1, M54.16).'),
  h('Plan'),
  numbered([
    'Physical therapy 2x/week for 12 weeks (core stabilization, neural mobilization, home program), then re-evaluate; referral to Capital City Physical Therapy.',
    'Start gabapentin 300 mg TID with titration; start naproxen 500 mg BID with food.',
    'MRI lumbar spine without and with contrast.',
    'Activity modification; walking program as tolerated.',
    'Return in 8 weeks, after the MRI.',
  ]),
  signature(painPhysician.name, '01/06/2026 16:20'),
];

function letterhead(): Content {
  return {
    margin: [SIDE, 28, SIDE, 0],
    stack: [
      {
        columns: [
          {
            width: '*',
            stack: [
              smallCaps(clinic.name, 15, { bold: true, color: '#1f3a5f' }),
              { text: 'Interventional Pain Medicine  |  Physical Medicine & Rehabilitation', fontSize: 7.5, color: '#555555', margin: [0, 1, 0, 0] },
            ],
          },
          {
            width: 190,
            alignment: 'right',
            fontSize: 7.5,
            color: '#333333',
            stack: [clinic.street, clinic.city, `Tel ${clinic.phone}   Fax ${clinic.fax}`, `Group NPI ${clinic.groupNpi}   TIN ${clinic.taxId}`],
          },
        ],
      },
      rule(CONTENT_WIDTH, 1.2, '#1f3a5f', [0, 4, 0, 4]),
      {
        table: {
          widths: ['*'],
          body: [
            [
              {
                fillColor: '#eef1f4',
                fontSize: 8,
                text: [
                  { text: 'Patient: ', bold: true },
                  `${patientBannerName}     `,
                  { text: 'DOB: ', bold: true },
                  `${patient.dob}     `,
                  { text: 'Sex: ', bold: true },
                  'M     ',
                  { text: 'Member ID: ', bold: true },
                  `${patient.memberId}     `,
                  { text: 'MRN: ', bold: true },
                  patient.mrn,
                ],
              },
            ],
          ],
        },
        layout: { hLineWidth: () => 0.4, vLineWidth: () => 0.4, hLineColor: () => '#b8c2cc', vLineColor: () => '#b8c2cc' },
      },
    ],
  } as Content;
}

export function progressNotesDoc(): TDocumentDefinitions {
  const encounters = [visit20261028, psych20260922, visit20260804, procedure20260414, consult20260106];
  return {
    info: fixedInfo('Progress notes - Mercer, Jordan A', clinic.name, '2026-11-18T10:37:00-05:00'),
    pageSize: 'LETTER',
    pageMargins: [SIDE, 112, SIDE, 52],
    defaultStyle: { font: 'Roboto', fontSize: 8.5, lineHeight: 1.12, color: '#111111' },
    styles: {
      encounterTitle: { fontSize: 12, bold: true, color: '#1f3a5f', margin: [0, 0, 0, 2] },
      heading: { fontSize: 8.5, bold: true, color: '#1f3a5f', characterSpacing: 0.4, margin: [0, 7, 0, 2] },
      body: { margin: [0, 0, 0, 3] },
      th: { bold: true, fontSize: 8 },
      td: { fontSize: 8 },
    },
    header: () => letterhead(),
    footer: (currentPage, pageCount) => ({
      margin: [SIDE, 14, SIDE, 0],
      stack: [
        rule(CONTENT_WIDTH, 0.4, '#999999', [0, 0, 0, 3]),
        {
          columns: [
            { text: `Printed ${PRINTED} by HIM / release of information. Confidential patient information.`, fontSize: 7, color: '#555555' },
            { text: `Page ${currentPage} of ${pageCount}`, alignment: 'right', fontSize: 7.5, width: 80 },
          ],
        },
      ],
    }),
    // Encounters run on as in an EHR chart export; a heading or an encounter banner is never left alone at a page foot.
    pageBreakBefore: (node, queries) =>
      (node.headlineLevel === 1 && queries.getFollowingNodesOnPage().length < 3) ||
      (node.headlineLevel === 2 && (node.startPosition as { verticalRatio?: number }).verticalRatio! > 0.72),
    content: encounters.flatMap((e, i) => (i === 0 ? e : [{ text: '', margin: [0, 10, 0, 0] } as Content, ...e])),
  };
}
