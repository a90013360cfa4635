/**
 * For a clinically significant discrepancy: do the records sent reconcile it (and where), and
 * the director's note. Only a linked passage counts as the records reconciling it.
 */
import { alpha, Box, FormControlLabel, Switch, TextField, Typography } from '@mui/material';
import type { Mark } from '../../shared/case/schema';
import type { ImagingReconciliation } from '../../shared/imaging/schema';
import { LinkedMarks } from './LinkedMarks';
import { useDraft } from '../app/useDraft';

interface Props {
  reconciliation: ImagingReconciliation | undefined;
  marks: Mark[];
  docName: (sha256: string) => string;
  readOnly: boolean;
  onJump: (mark: Mark) => void;
  onChange: (reconciliation: ImagingReconciliation) => void;
}

export function ReconciliationEditor({ reconciliation, marks, docName, readOnly, onJump, onChange }: Props) {
  const r: ImagingReconciliation = reconciliation ?? { reconciledInRecords: false, markIds: [], note: '' };
  const [note, setNote] = useDraft(r.note);
  return (
    <Box data-testid="reconciliation" sx={{ p: 1, borderRadius: 1, border: 1, borderColor: r.reconciledInRecords ? 'success.light' : 'error.light', bgcolor: (t) => alpha(r.reconciledInRecords ? t.palette.success.main : t.palette.error.main, 0.05) }}>
      <Typography variant="subtitle2">Reconciliation</Typography>
      <FormControlLabel
        sx={{ ml: 0, mr: 0 }}
        control={<Switch size="small" checked={r.reconciledInRecords} disabled={readOnly} onChange={(e) => onChange({ ...r, reconciledInRecords: e.target.checked })}
          slotProps={{ input: { 'data-testid': 'reconciled-in-records' } as object }} />}
        label={<Typography variant="body2">The records sent reconcile the two readings</Typography>}
      />
      {r.reconciledInRecords && (
        <LinkedMarks label="Passage that reconciles them" testId="reconciliation" markIds={r.markIds} marks={marks} docName={docName}
          readOnly={readOnly} onJump={onJump} onChange={(markIds) => onChange({ ...r, markIds })} />
      )}
      <TextField fullWidth size="small" multiline minRows={2} label="Director's reconciliation note" value={note} disabled={readOnly} sx={{ mt: 1 }}
        onChange={(e) => setNote(e.target.value)} onBlur={() => note !== r.note && onChange({ ...r, note })}
        slotProps={{ htmlInput: { 'data-testid': 'reconciliation-note' } }} />
    </Box>
  );
}
