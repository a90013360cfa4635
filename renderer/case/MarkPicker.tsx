/**
 * After a selection in the record: pick the criterion (or criteria) the passage proves or
 * disproves, add a note, press Enter. Escape dismisses without saving.
 */
import { useEffect, useState } from 'react';
import { Autocomplete, Box, Button, Paper, Popper, Stack, TextField, Typography } from '@mui/material';
import type { SelectionDraft } from '../viewer/selection-to-anchor';

export interface CriterionOption {
  id: string;
  text: string;
  group: string;
}

interface Props {
  draft: SelectionDraft | null;
  options: CriterionOption[];
  onSave: (criterionIds: string[], note: string) => void;
  onCancel: () => void;
}

export function MarkPicker({ draft, options, onSave, onCancel }: Props) {
  const [picked, setPicked] = useState<CriterionOption[]>([]);
  const [note, setNote] = useState('');
  useEffect(() => {
    setPicked([]);
    setNote('');
  }, [draft]);
  if (!draft) return null;
  const anchorEl = { getBoundingClientRect: () => new DOMRect(draft.at.x, draft.at.y, 0, 0) };
  const save = () => picked.length > 0 && onSave(picked.map((p) => p.id), note);

  return (
    <Popper open anchorEl={anchorEl} placement="bottom" sx={{ zIndex: 1300 }}>
      <Paper elevation={8} sx={{ p: 1.5, width: 460, mt: 1 }} data-testid="mark-picker" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1, maxHeight: 60, overflow: 'hidden' }}>
          “{draft.anchor.quote.slice(0, 200)}{draft.anchor.quote.length > 200 ? '…' : ''}” — page {draft.anchor.page}
        </Typography>
        <Autocomplete
          multiple
          autoHighlight
          openOnFocus
          options={options}
          groupBy={(o) => o.group}
          getOptionLabel={(o) => o.text}
          value={picked}
          onChange={(_e, v) => setPicked(v)}
          renderOption={(props, o) => (
            <li {...props} key={o.id}>
              <Box>
                <Typography variant="body2">{o.text}</Typography>
                <Typography variant="caption" color="text.secondary">{o.id}</Typography>
              </Box>
            </li>
          )}
          renderInput={(params) => <TextField {...params} autoFocus label="Evidence for criterion" placeholder="Type to filter criteria" />}
          slotProps={{ listbox: { 'data-testid': 'criterion-options' } as object }}
        />
        <TextField fullWidth label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} sx={{ mt: 1 }}
          onKeyDown={(e) => e.key === 'Enter' && save()} />
        <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end',  mt: 1 }}>
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="contained" onClick={save} disabled={picked.length === 0} data-testid="save-mark">Save mark</Button>
        </Stack>
      </Paper>
    </Popper>
  );
}
