/**
 * The synthetic people and organisations of the demo case. None of them exist:
 * names are invented, phone numbers are in the 555-01xx range reserved for fiction,
 * and NPIs are made-up numbers given a valid check digit so the app's NPI checks pass.
 */

/**
 * NPI check digit: Luhn over the 9-digit base, with the constant 24 standing in for
 * the "80840" issuer prefix (CMS, "Requirements for NPI check digit").
 */
export function npiWithCheckDigit(base9: string): string {
  if (!/^\d{9}$/.test(base9)) throw new Error('an NPI base is 9 digits');
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    // Counting from the right of the base, every first, third, ... digit is doubled.
    let d = Number(base9[8 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return base9 + String((10 - (sum % 10)) % 10);
}

export const patient = {
  first: 'Jordan',
  middleInitial: 'A',
  last: 'Mercer',
  dobIso: '1971-04-17',
  dob: '04/17/1971',
  sex: 'male' as const,
  memberId: 'HHS884120357',
  mrn: 'RSP-0048213',
  phone: '(614) 555-0171',
  /** Where the decision letter is mailed (a fictional street). */
  address: ['418 Linden Avenue', 'Columbus, OH 43215'],
};
export const patientDisplayName = `${patient.first} ${patient.middleInitial}. ${patient.last}`;
export const patientBannerName = `${patient.last.toUpperCase()}, ${patient.first.toUpperCase()} ${patient.middleInitial}`;

export const plan = { name: 'Harborline Health Select PPO', lineOfBusiness: 'commercial' as const, group: 'GRP 004417' };

export const clinic = {
  name: 'Riverbend Spine & Pain Associates',
  street: '2200 Cedar Hollow Parkway, Suite 310',
  city: 'Westbrook, OH 43086',
  phone: '(614) 555-0142',
  fax: '(614) 555-0143',
  groupNpi: npiWithCheckDigit('164829307'),
  taxId: '31-7740215',
};

export const painPhysician = {
  name: 'Elena M. Vasquez, MD',
  npi: npiWithCheckDigit('184736205'),
  specialty: 'Pain Medicine (Anesthesiology)',
};

export const psychologist = {
  name: 'Marcus T. Holloway, PhD',
  credential: 'Licensed Psychologist, OH #7731',
};

export const spineSurgeon = { name: 'Raymond K. Osei, MD', specialty: 'Orthopaedic Spine Surgery' };

export const surgeryCenter = {
  name: 'Riverbend Ambulatory Surgery Center',
  npi: npiWithCheckDigit('152093847'),
  specialty: 'Ambulatory Surgical Center',
};

export const imagingCenter = {
  name: 'Lakeside Diagnostic Imaging',
  street: '915 Harbor View Drive',
  city: 'Columbus, OH 43219',
  phone: '(614) 555-0190',
  fax: '(614) 555-0191',
  npi: npiWithCheckDigit('129384756'),
  accreditation: 'ACR-accredited MRI facility',
};

export const radiologist = { name: 'Priya N. Raman, MD', credential: 'Diagnostic Radiology, ABR certified' };

export const ptClinic = {
  name: 'Capital City Physical Therapy',
  street: '48 Eastgate Commons',
  city: 'Westbrook, OH 43086',
  phone: '(614) 555-0188',
  fax: '(614) 555-0189',
};

export const therapist = { name: 'Karen L. Dubois, PT, DPT' };
