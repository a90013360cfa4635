/**
 * The study itself: modality, body region, date, facility, and whether it counts as advanced
 * imaging (from the modality, unless the director says otherwise and why).
 */
import { useState } from 'react';
import { Box, Button, Checkbox, FormControlLabel, MenuItem, Stack, TextField } from '@mui/material';
import { ADVANCED_MODALITIES, ImagingModality, type AdvancedOverride, type ImagingStudy } from '../../shared/imaging/schema';
import type { ImagingStudyChange } from '../../shared/api/imaging-api';

export const MODALITY_NAME: Record<ImagingModality, string> = {
  'x-ray': 'X-ray', ultrasound: 'Ultrasound', ct: 'CT', mri: 'MRI', myelography: 'Myelography', other: 'Other',
};

type Fields = { modality: ImagingModality; bodyRegion: string; date: string; facility: string; overrideOn: boolean; overrideReason: string };

function fieldsOf(s?: ImagingStudy): Fields {
  return {
    modality: s?.modality ?? 'mri', bodyRegion: s?.bodyRegion ?? '', date: s?.date ?? '', facility: s?.facility ?? '',
    overrideOn: !!s?.advancedOverride, overrideReason: s?.advancedOverride?.reason ?? '',
  };
}

interface Props {
  study?: ImagingStudy;
  saveLabel: string;
  onSave: (change: ImagingStudyChange & { modality: ImagingModality; bodyRegion: string }) => void;
  onCancel: () => void;
}

export function StudyFields({ study, saveLabel, onSave, onCancel }: Props) {
  const [f, setF] = useState<Fields>(() => fieldsOf(study));
  const set = (p: Partial<Fields>) => setF((x) => ({ ...x, ...p }));
  const byModality = ADVANCED_MODALITIES.has(f.modality);
  const override: AdvancedOverride | null = f.overrideOn ? { advanced: !byModality, reason: f.overrideReason.trim() } : null;
  const valid = f.bodyRegion.trim() !== '' && (!f.overrideOn || f.overrideReason.trim() !== '');
  const save = () => valid && onSave({ modality: f.modality, bodyRegion: f.bodyRegion.trim(), date: f.date || null, facility: f.facility.trim(), advancedOverride: override });

  return (
    <Box data-testid="study-form" sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1, p: 1, border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <TextField select size="small" label="Modality" value={f.modality} onChange={(e) => set({ modality: e.target.value as ImagingModality })}
        slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'study-modality' } as object } }}>
        {ImagingModality.options.map((m) => <MenuItem key={m} value={m}>{MODALITY_NAME[m]}</MenuItem>)}
      </TextField>
      <TextField size="small" label="Body region" required value={f.bodyRegion} onChange={(e) => set({ bodyRegion: e.target.value })}
        slotProps={{ htmlInput: { 'data-testid': 'study-region' } }} />
      <TextField size="small" label="Date" type="date" value={f.date} onChange={(e) => set({ date: e.target.value })}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'study-date' } }} />
      <TextField size="small" label="Facility" value={f.facility} onChange={(e) => set({ facility: e.target.value })}
        slotProps={{ htmlInput: { 'data-testid': 'study-facility' } }} />
      <FormControlLabel sx={{ gridColumn: '1 / -1' }}
        control={<Checkbox size="small" checked={f.overrideOn} onChange={(e) => set({ overrideOn: e.target.checked })} />}
        label={`${byModality ? 'Advanced imaging by its modality' : 'Not advanced imaging by its modality'}: count it as ${byModality ? 'not advanced' : 'advanced'}`} />
      {f.overrideOn && (
        <TextField size="small" sx={{ gridColumn: '1 / -1' }} label="Why" required value={f.overrideReason} onChange={(e) => set({ overrideReason: e.target.value })} />
      )}
      <Stack direction="row" spacing={1} sx={{ gridColumn: '1 / -1', justifyContent: 'flex-end' }}>
        <Button size="small" onClick={onCancel}>Cancel</Button>
        <Button size="small" variant="contained" disabled={!valid} onClick={save} data-testid="save-study">{saveLabel}</Button>
      </Stack>
    </Box>
  );
}
