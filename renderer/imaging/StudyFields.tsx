/**
 * The study itself: modality, body region, date, facility, and whether it counts as advanced
 * imaging (from the modality, unless the director says otherwise and why). Recorded from a
 * passage, the fields come prefilled from the report's text (shared/imaging/read-study-from-report.ts)
 * with who read it, and Enter in any field saves.
 */
import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Checkbox, FormControlLabel, MenuItem, Stack, TextField } from '@mui/material';
import { ADVANCED_MODALITIES, ImagingModality, type AdvancedOverride, type ImagingStudy } from '../../shared/imaging/schema';
import type { ImagingStudyChange } from '../../shared/api/imaging-api';
import { DateField } from '../app/DateField';

export const MODALITY_NAME: Record<ImagingModality, string> = {
  'x-ray': 'X-ray', ultrasound: 'Ultrasound', ct: 'CT', mri: 'MRI', myelography: 'Myelography', other: 'Other',
};

type Fields = { modality: ImagingModality; bodyRegion: string; date: string; facility: string; overrideOn: boolean; overrideReason: string; radiologist: string; provider: string };

function fieldsOf(s?: ImagingStudy, initial?: Partial<Fields>): Fields {
  return {
    modality: s?.modality ?? 'mri', bodyRegion: s?.bodyRegion ?? '', date: s?.date ?? '', facility: s?.facility ?? '',
    overrideOn: !!s?.advancedOverride, overrideReason: s?.advancedOverride?.reason ?? '',
    radiologist: s?.radiologistReading.readerName ?? '', provider: s?.providerReading.readerName ?? '',
    ...initial,
  };
}

export type StudyFieldValues = Partial<Fields>;

interface Props {
  study?: ImagingStudy;
  /** Values read from a report, shown for the director to confirm or correct. */
  initial?: StudyFieldValues;
  /** Where the prefill came from, said above the fields. */
  prefilledFrom?: string;
  /** Ask who read the study (a new study recorded from a passage). */
  withReaders?: boolean;
  saveLabel: string;
  onSave: (change: ImagingStudyChange & { modality: ImagingModality; bodyRegion: string }, readers: { radiologist: string; provider: string }) => void;
  onCancel: () => void;
}

export function StudyFields({ study, initial, prefilledFrom, withReaders = false, saveLabel, onSave, onCancel }: Props) {
  const [f, setF] = useState<Fields>(() => fieldsOf(study, initial));
  const set = (p: Partial<Fields>) => setF((x) => ({ ...x, ...p }));
  const byModality = ADVANCED_MODALITIES.has(f.modality);
  const override: AdvancedOverride | null = f.overrideOn ? { advanced: !byModality, reason: f.overrideReason.trim() } : null;
  const dateOk = f.date === '' || /^\d{4}-\d{2}-\d{2}$/.test(f.date);
  const valid = f.bodyRegion.trim() !== '' && dateOk && (!f.overrideOn || f.overrideReason.trim() !== '');
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!valid) return;
    onSave(
      { modality: f.modality, bodyRegion: f.bodyRegion.trim(), date: f.date || null, facility: f.facility.trim(), advancedOverride: override },
      { radiologist: f.radiologist.trim(), provider: f.provider.trim() },
    );
  };

  return (
    <Box component="form" onSubmit={submit} data-testid="study-form" aria-label={saveLabel}
      onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onCancel())}
      sx={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: 1, p: 1, border: 1, borderColor: 'divider', borderRadius: 1, mb: 1.5 }}>
      {prefilledFrom && (
        <Alert severity="info" sx={{ gridColumn: '1 / -1', py: 0 }} data-testid="study-prefilled">
          Read from {prefilledFrom}. Check each field; Enter saves.
        </Alert>
      )}
      <TextField select size="small" label="Modality" id="study-modality" value={f.modality} onChange={(e) => set({ modality: e.target.value as ImagingModality })}
        slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'study-modality' } as object } }}>
        {ImagingModality.options.map((m) => <MenuItem key={m} value={m}>{MODALITY_NAME[m]}</MenuItem>)}
      </TextField>
      <TextField size="small" label="Body region" required autoFocus value={f.bodyRegion} onChange={(e) => set({ bodyRegion: e.target.value })}
        slotProps={{ htmlInput: { 'data-testid': 'study-region' } }} />
      <DateField size="small" label="Date" value={f.date} onChange={(date) => set({ date })} data-testid="study-date" />
      <TextField size="small" label="Facility" value={f.facility} onChange={(e) => set({ facility: e.target.value })}
        slotProps={{ htmlInput: { 'data-testid': 'study-facility' } }} />
      {withReaders && (
        <>
          <TextField size="small" label="Radiologist" value={f.radiologist} onChange={(e) => set({ radiologist: e.target.value })}
            slotProps={{ htmlInput: { 'data-testid': 'study-radiologist' } }} />
          <TextField size="small" label="Ordering / treating provider" value={f.provider} onChange={(e) => set({ provider: e.target.value })}
            slotProps={{ htmlInput: { 'data-testid': 'study-provider' } }} />
        </>
      )}
      <FormControlLabel sx={{ gridColumn: '1 / -1', ml: 0 }}
        control={<Checkbox size="small" checked={f.overrideOn} onChange={(e) => set({ overrideOn: e.target.checked })} />}
        label={`${byModality ? 'Advanced imaging by its modality' : 'Not advanced imaging by its modality'}: count it as ${byModality ? 'not advanced' : 'advanced'}`} />
      {f.overrideOn && (
        <TextField size="small" sx={{ gridColumn: '1 / -1' }} label="Why" required value={f.overrideReason} onChange={(e) => set({ overrideReason: e.target.value })} />
      )}
      <Stack direction="row" spacing={1} sx={{ gridColumn: '1 / -1', justifyContent: 'flex-end' }}>
        <Button size="small" onClick={onCancel}>Cancel</Button>
        <Button size="small" variant="contained" type="submit" disabled={!valid} data-testid="save-study">{saveLabel}</Button>
      </Stack>
    </Box>
  );
}
