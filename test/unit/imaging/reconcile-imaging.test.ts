import { describe, expect, it } from 'vitest';
import { decideImagingLeaf, formatStudyDate, reconcileImaging, studyLabel } from '../../../shared/imaging/reconcile-imaging';
import { isAdvancedImaging } from '../../../shared/imaging/schema';
import { mri, PROVIDER_MARK, RADIOLOGIST_MARK, RECONCILING_MARK, significant } from './study-fixture';

const LABEL = 'MRI lumbar spine of March 3, 2026';

describe('reconcileImaging: each combination', () => {
  it('no radiologist report linked: not met, naming the study', () => {
    const r = reconcileImaging([mri({ radiologistReading: { summary: 'typed, but no passage', markIds: [] } })]);
    expect(r.status).toBe('not-met');
    expect(r.reasons).toEqual([`${LABEL}: no independent radiologist's report of it is linked from the records.`]);
    expect(r.letterSentence).toBe("The records sent do not include an independent radiologist's report of the MRI of March 3, 2026.");
  });

  it('a radiologist mark that was removed from the case no longer counts', () => {
    const live = new Set([PROVIDER_MARK]);
    expect(reconcileImaging([mri({ discrepancy: { level: 'none' } })], { liveMarkIds: live }).status).toBe('not-met');
    expect(reconcileImaging([mri({ discrepancy: { level: 'none' } })], { liveMarkIds: new Set([RADIOLOGIST_MARK]) }).status).toBe('met');
  });

  it('no discrepancy: met', () => {
    const r = reconcileImaging([mri({ discrepancy: { level: 'none' } })]);
    expect(r.status).toBe('met');
    expect(r.reasons[0]).toBe(`${LABEL}: the radiologist's and Dr. Vasquez's readings agree.`);
    expect(r.letterSentence).toBeUndefined();
  });

  it('a discrepancy that is not clinically significant: met, saying what differs', () => {
    const r = reconcileImaging([mri({ discrepancy: { level: 'not-significant', aspects: ['laterality'] } })]);
    expect(r.status).toBe('met');
    expect(r.reasons[0]).toContain('differ (side), but not in a clinically significant way');
  });

  it('significant and reconciled in the records, with the passage that shows it: met', () => {
    const r = reconcileImaging([mri({ discrepancy: significant, reconciliation: { reconciledInRecords: true, markIds: [RECONCILING_MARK], note: 'Addendum of 4/2 agrees with the radiologist.' } })]);
    expect(r.status).toBe('met');
    expect(r.reasons[0]).toBe(`${LABEL}: the readings differ significantly (severity, nerve root involvement), and the records reconcile them.`);
  });

  it('significant, said to be reconciled but no passage linked: still open', () => {
    const r = reconcileImaging([mri({ discrepancy: significant, reconciliation: { reconciledInRecords: true, markIds: [] } })]);
    expect(r.status).toBe('unreviewed');
    expect(r.reasons[0]).toContain('link the passage');
  });

  it('significant and unreconciled: not met, with the letter sentence naming the reader', () => {
    for (const reconciliation of [undefined, { reconciledInRecords: false, markIds: [], note: 'Called the office; no addendum.' }]) {
      const r = reconcileImaging([mri({ discrepancy: significant, ...(reconciliation ? { reconciliation } : {}) })]);
      expect(r.status).toBe('not-met');
      expect(r.reasons[0]).toBe(`${LABEL}: the radiologist and Dr. Vasquez read it differently in a clinically significant way (severity, nerve root involvement), and the records sent do not reconcile the two readings.`);
      expect(r.letterSentence).toBe('The MRI of March 3, 2026 was read differently by the radiologist and by Dr. Vasquez, and the records sent do not explain the difference.');
    }
  });

  it('readings linked but not yet compared: open; only the radiologist linked: open until the other is linked or "None" is recorded', () => {
    expect(reconcileImaging([mri()]).status).toBe('unreviewed');
    const alone = reconcileImaging([mri({ providerReading: { summary: '', markIds: [] } })]);
    expect(alone.status).toBe('unreviewed');
    expect(alone.reasons[0]).toBe(`${LABEL}: link the treating provider's reading of it, or record "None" as the discrepancy if the records hold no other reading.`);
    const none = reconcileImaging([mri({ providerReading: { summary: '', markIds: [] }, discrepancy: { level: 'none' } })]);
    expect(none.status).toBe('met');
    expect(none.reasons[0]).toBe(`${LABEL}: read by an independent radiologist; no other reading in the records to reconcile.`);
  });

  it('non-advanced modality: the requirement does not apply, whatever the readings', () => {
    const xray = mri({ modality: 'x-ray', radiologistReading: { summary: '', markIds: [] }, discrepancy: significant });
    expect(reconcileImaging([xray])).toMatchObject({ status: 'not-applicable', studies: [{ advanced: false, status: 'not-applicable' }] });
    expect(reconcileImaging([mri({ modality: 'ultrasound', radiologistReading: { summary: '', markIds: [] } })]).status).toBe('not-applicable');
  });

  it('the director may override advanced imaging with a reason, both ways', () => {
    expect(isAdvancedImaging({ modality: 'ct' })).toBe(true);
    expect(isAdvancedImaging({ modality: 'ct', advancedOverride: { advanced: false, reason: 'CT used for needle guidance only' } })).toBe(false);
    const other = mri({ modality: 'other', advancedOverride: { advanced: true, reason: 'PET-CT' }, radiologistReading: { summary: '', markIds: [] } });
    expect(reconcileImaging([other]).status).toBe('not-met');
  });

  it('one failing study decides over a met one; removed studies are left out', () => {
    const ok = mri({ id: 'ok', discrepancy: { level: 'none' } });
    const bad = mri({ id: 'bad', modality: 'ct', date: '2026-05-10', discrepancy: significant });
    const r = reconcileImaging([ok, bad]);
    expect(r.status).toBe('not-met');
    expect(r.reasons).toEqual([expect.stringMatching(/^CT lumbar spine of May 10, 2026: /)]);
    const removed = { ...bad, removed: { at: '2026-11-20T10:00:00Z', by: 'dr', reason: 'duplicate' } };
    expect(reconcileImaging([ok, removed]).status).toBe('met');
  });

  it('names studies by modality, region and date', () => {
    expect(formatStudyDate('2026-03-03')).toBe('March 3, 2026');
    expect(studyLabel({ modality: 'myelography', bodyRegion: ' cervical spine ', date: '2025-12-31' })).toBe('Myelogram cervical spine of December 31, 2025');
    expect(studyLabel({ modality: 'ct', bodyRegion: 'pelvis' })).toBe('CT pelvis');
  });
});

describe('decideImagingLeaf: the studies and the reviewer finding', () => {
  it('no studies: the reviewer decides as before', () => {
    expect(decideImagingLeaf([], 'met')).toBeUndefined();
  });

  it("a reviewer's met does not hide a not-met from the studies", () => {
    expect(decideImagingLeaf([mri({ discrepancy: significant })], 'met')).toMatchObject({ status: 'not-met', decidedBy: 'imaging', letterSentence: expect.stringContaining('read differently') });
  });

  it("a reviewer's stricter finding stands, with the studies' reasons kept", () => {
    const d = decideImagingLeaf([mri({ discrepancy: { level: 'none' } })], 'not-documented');
    expect(d).toMatchObject({ status: 'not-documented', decidedBy: 'reviewer' });
    expect(d!.detail[0]).toContain('agree');
    expect(d!.letterSentence).toBeUndefined();
  });

  it('an unreviewed finding leaves it to the studies', () => {
    expect(decideImagingLeaf([mri({ discrepancy: { level: 'none' } })], 'unreviewed')).toMatchObject({ status: 'met', decidedBy: 'imaging' });
  });
});
