/**
 * The reasons for one code: prefilled from the evaluation with the guideline, version and
 * criterion they cite; the wording is the director's to edit. A reason the director adds names
 * its own source, since a denial needs at least one cited reason.
 */
import { Box, Button, IconButton, Stack, TextField, Tooltip, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlineOutlined';
import type { DeterminationReason } from '../../shared/determination/schema';
import { citationOf } from './outcome-labels';

interface Props {
  code: string;
  reasons: DeterminationReason[];
  readOnly: boolean;
  /** `save` false while typing. */
  onChange: (reasons: DeterminationReason[], save: boolean) => void;
  onBlur: () => void;
}

export function ReasonsEditor({ code, reasons, readOnly, onChange, onBlur }: Props) {
  const set = (i: number, patch: Partial<DeterminationReason>) => onChange(reasons.map((r, j) => (j === i ? { ...r, ...patch } : r)), false);
  return (
    <Box data-testid={`reasons-${code}`}>
      <Typography variant="overline" color="text.secondary">Reasons</Typography>
      {reasons.length === 0 && <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>No reason yet.</Typography>}
      {reasons.map((r, i) => (
        <Stack key={i} direction="row" spacing={0.5} sx={{ alignItems: 'flex-start', mb: 1 }} data-testid="reason">
          <Box sx={{ flexGrow: 1, minWidth: 0 }}>
            <TextField
              fullWidth
              multiline
              minRows={1}
              size="small"
              value={r.text}
              disabled={readOnly}
              placeholder="The reason, in plain words for the member"
              onChange={(e) => set(i, { text: e.target.value })}
              onBlur={onBlur}
              slotProps={{ htmlInput: { 'aria-label': `Reason ${i + 1} for ${code}` } }}
            />
            {r.guidelineId ? (
              <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 0.25 }} data-testid="reason-citation">
                {citationOf(r)}
              </Typography>
            ) : (
              <TextField
                fullWidth
                size="small"
                variant="standard"
                value={r.source ?? ''}
                disabled={readOnly}
                placeholder="Source cited, e.g. CMM-211 section, benefit plan, regulation"
                onChange={(e) => set(i, { source: e.target.value })}
                onBlur={onBlur}
                slotProps={{ htmlInput: { 'aria-label': `Source of reason ${i + 1} for ${code}`, style: { fontSize: 12 } } }}
              />
            )}
          </Box>
          {!readOnly && (
            <Tooltip title="Remove this reason">
              <IconButton size="small" aria-label={`Remove reason ${i + 1}`} onClick={() => onChange(reasons.filter((_, j) => j !== i), true)}>
                <DeleteOutlineIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          )}
        </Stack>
      ))}
      {!readOnly && (
        <Button size="small" startIcon={<AddIcon />} onClick={() => onChange([...reasons, { text: '', source: '' }], false)}>
          Add reason
        </Button>
      )}
    </Box>
  );
}
