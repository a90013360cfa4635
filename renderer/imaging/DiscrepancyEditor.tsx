/** Whether the two readings differ, how much that matters clinically, and in what. */
import { Box, Chip, Stack, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { DiscrepancyAspect, type DiscrepancyLevel, type ImagingDiscrepancy } from '../../shared/imaging/schema';
import { ASPECT_LABEL } from '../../shared/imaging/reconcile-imaging';
import { useDraft } from '../app/useDraft';

interface Props {
  discrepancy: ImagingDiscrepancy | undefined;
  readOnly: boolean;
  onChange: (discrepancy: ImagingDiscrepancy | null) => void;
}

const LEVELS: { value: DiscrepancyLevel; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'not-significant', label: 'Not significant' },
  { value: 'significant', label: 'Clinically significant' },
];

export function DiscrepancyEditor({ discrepancy, readOnly, onChange }: Props) {
  const [description, setDescription] = useDraft(discrepancy?.description ?? '');
  const aspects = discrepancy?.aspects ?? [];
  const toggleAspect = (a: DiscrepancyAspect) => {
    if (!discrepancy) return;
    onChange({ ...discrepancy, aspects: aspects.includes(a) ? aspects.filter((x) => x !== a) : [...aspects, a] });
  };
  return (
    <Box data-testid="discrepancy">
      <Typography variant="subtitle2" sx={{ mb: 0.5 }}>Discrepancy between the readings</Typography>
      <ToggleButtonGroup exclusive size="small" disabled={readOnly} value={discrepancy?.level ?? null}
        onChange={(_e, v: DiscrepancyLevel | null) => onChange(v ? { level: v, aspects: v === 'none' ? [] : aspects, description } : null)}
        aria-label="Discrepancy">
        {LEVELS.map((l) => (
          <ToggleButton key={l.value} value={l.value} color={l.value === 'significant' ? 'error' : l.value === 'none' ? 'success' : 'standard'}
            sx={{ py: 0.25, px: 1, fontSize: 12, textTransform: 'none' }} data-testid={`discrepancy-${l.value}`}>{l.label}</ToggleButton>
        ))}
      </ToggleButtonGroup>
      {!discrepancy && <Typography variant="caption" color="text.secondary" component="div">Not assessed yet.</Typography>}
      {discrepancy && discrepancy.level !== 'none' && (
        <>
          <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', rowGap: 0.5, mt: 1 }}>
            {DiscrepancyAspect.options.map((a) => (
              <Chip key={a} size="small" label={ASPECT_LABEL[a]} clickable={!readOnly} disabled={readOnly}
                color={aspects.includes(a) ? 'primary' : 'default'} variant={aspects.includes(a) ? 'filled' : 'outlined'}
                onClick={() => toggleAspect(a)} data-testid={`aspect-${a}`} aria-pressed={aspects.includes(a)} />
            ))}
          </Stack>
          <TextField fullWidth size="small" label="What differs" value={description} disabled={readOnly} sx={{ mt: 1 }}
            onChange={(e) => setDescription(e.target.value)}
            onBlur={() => description !== discrepancy.description && onChange({ ...discrepancy, description })} />
        </>
      )}
    </Box>
  );
}
