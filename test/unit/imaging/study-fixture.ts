/** Imaging studies for the tests: an MRI with both readings linked, to vary one field at a time. */
import { ImagingStudy } from '../../../shared/imaging/schema';

export const RADIOLOGIST_MARK = 'mark-radiologist';
export const PROVIDER_MARK = 'mark-provider';
export const RECONCILING_MARK = 'mark-addendum';

export function mri(overrides: Record<string, unknown> = {}): ImagingStudy {
  return ImagingStudy.parse({
    id: 'study-1',
    modality: 'mri',
    bodyRegion: 'lumbar spine',
    date: '2026-03-03',
    facility: 'Lakeside Diagnostic Imaging',
    radiologistReading: { summary: 'Mild left foraminal narrowing at L4-5, no root compression', markIds: [RADIOLOGIST_MARK] },
    providerReading: { summary: 'Severe L4-5 stenosis compressing L5', markIds: [PROVIDER_MARK], readerName: 'Dr. Vasquez' },
    ...overrides,
  });
}

export const significant = { level: 'significant', aspects: ['severity', 'nerve-root'], description: 'severe vs mild; compression vs none' };
