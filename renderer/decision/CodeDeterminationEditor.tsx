/**
 * One requested code: the outcome, units and authorization period when approving, the reasons,
 * the director's clinical rationale, the exception rationale when approving against an unmet
 * criterion, and what would change the outcome.
 */
import { Chip, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import type { CodeDetermination, DeterminationOutcome } from '../../shared/determination/schema';
import { APPROVING, EXPLAINED, OUTCOME_LABEL, OUTCOMES, RECOMMENDATION_LABEL } from './outcome-labels';
import { ReasonsEditor } from './ReasonsEditor';
import { authorizationPeriod } from '../../shared/determination/prefill-determination';
import { DateField } from '../app/DateField';

const isoDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

interface Props {
  determination: CodeDetermination;
  description?: string | undefined;
  dateOfService: string;
  /** Criteria the current evaluation finds not met for this code. */
  unmet: string[];
  readOnly: boolean;
  onChange: (patch: Partial<CodeDetermination>, save: boolean) => void;
  onBlur: () => void;
}

export function CodeDeterminationEditor({ determination: d, description, dateOfService, unmet, readOnly, onChange, onBlur }: Props) {
  const approving = APPROVING.has(d.outcome);
  const text = (label: string, value: string, patch: (v: string) => Partial<CodeDetermination>, testid: string, helper?: string) => (
    <TextField
      label={label}
      fullWidth
      multiline
      minRows={2}
      size="small"
      value={value}
      disabled={readOnly}
      helperText={helper}
      onChange={(e) => onChange(patch(e.target.value), false)}
      onBlur={onBlur}
      slotProps={{ htmlInput: { 'data-testid': testid } }}
    />
  );

  const chooseOutcome = (outcome: DeterminationOutcome) => {
    const patch: Partial<CodeDetermination> = { outcome };
    // An approval starts with the units requested and the usual 90-day period from the date of service.
    if (APPROVING.has(outcome) && d.approvedUnits === undefined) patch.approvedUnits = outcome === 'approved' ? d.requestedUnits : Math.max(0, d.requestedUnits - 1);
    if (APPROVING.has(outcome) && !d.authorization) patch.authorization = authorizationPeriod(dateOfService);
    onChange(patch, true);
  };

  return (
    <Paper variant="outlined" sx={{ p: 1.5, mb: 1.5 }} data-testid={`determination-${d.code}`}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', mb: 1 }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 700 }}>{d.code}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1, minWidth: 0 }} noWrap title={description} data-testid={`service-${d.code}`}>{d.service ?? description}</Typography>
        <Chip size="small" label={`${d.requestedUnits} requested`} />
      </Stack>
      {d.basis && (
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>
          Evaluation recommends: <b>{RECOMMENDATION_LABEL[d.basis.recommendation] ?? d.basis.recommendation}</b>
        </Typography>
      )}
      <Stack spacing={1.5}>
        <TextField
          select
          label="Outcome"
          size="small"
          fullWidth
          value={d.outcome}
          disabled={readOnly}
          onChange={(e) => chooseOutcome(e.target.value as DeterminationOutcome)}
          slotProps={{ select: { SelectDisplayProps: { 'data-testid': `outcome-${d.code}` } as object } }}
        >
          {OUTCOMES.map((o) => <MenuItem key={o} value={o} sx={{ whiteSpace: 'normal' }}>{OUTCOME_LABEL[o]}</MenuItem>)}
        </TextField>
        {approving && (
          <Stack direction="row" spacing={1}>
            <TextField
              label="Units approved"
              type="number"
              size="small"
              sx={{ width: 120 }}
              value={d.approvedUnits ?? ''}
              disabled={readOnly}
              onChange={(e) => onChange({ approvedUnits: e.target.value === '' ? undefined : Math.max(0, Math.trunc(Number(e.target.value))) }, true)}
            />
            <DateField label="From" size="small" value={d.authorization?.start ?? ''} disabled={readOnly}
              onChange={(v) => isoDate(v) && onChange({ authorization: { start: v, end: d.authorization?.end ?? v } }, true)} />
            <DateField label="Through" size="small" value={d.authorization?.end ?? ''} disabled={readOnly}
              onChange={(v) => isoDate(v) && onChange({ authorization: { start: d.authorization?.start ?? v, end: v } }, true)} />
          </Stack>
        )}
        <ReasonsEditor code={d.code} reasons={d.reasons} readOnly={readOnly} onChange={(reasons, save) => onChange({ reasons }, save)} onBlur={onBlur} />
        {text('Clinical rationale for this member', d.clinicalRationale, (v) => ({ clinicalRationale: v }), `rationale-${d.code}`, 'Your clinical judgment applied to this member’s circumstances.')}
        {approving && (unmet.length > 0 || d.exceptionRationale) &&
          text('Exception rationale', d.exceptionRationale ?? '', (v) => ({ exceptionRationale: v }), `exception-${d.code}`, unmet.length > 0 ? `Approving although ${unmet.join(', ')} ${unmet.length === 1 ? 'is' : 'are'} not met.` : undefined)}
        {EXPLAINED.has(d.outcome) &&
          text('What would change the outcome', d.whatWouldChange ?? '', (v) => ({ whatWouldChange: v }), `what-would-change-${d.code}`)}
      </Stack>
    </Paper>
  );
}
