/** Edits a mark: the criteria it is evidence for and the reviewer's note. Saved through marks.update. */
import { useEffect, useState } from 'react';
import { Autocomplete, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import type { Mark } from '../../shared/case/schema';
import type { CriterionOption } from '../case/MarkPicker';

interface Props {
  mark: Mark | null;
  options: CriterionOption[];
  onSave: (mark: Mark, criterionIds: string[], note: string) => void;
  onClose: () => void;
}

export function MarkEditDialog({ mark, options, onSave, onClose }: Props) {
  const [picked, setPicked] = useState<CriterionOption[]>([]);
  const [note, setNote] = useState('');
  useEffect(() => {
    setPicked(options.filter((o) => mark?.criterionIds.includes(o.id)));
    setNote(mark?.note ?? '');
  }, [mark, options]);
  if (!mark) return null;
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth data-testid="mark-edit">
      <DialogTitle>Edit mark</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ fontStyle: 'italic', mb: 2 }}>“{mark.kind === 'area' ? mark.quote || 'Marked area' : mark.quote.slice(0, 300)}” — page {mark.page}</Typography>
        <Autocomplete
          multiple
          options={options}
          groupBy={(o) => o.group}
          getOptionLabel={(o) => o.text}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          value={picked}
          onChange={(_e, v) => setPicked(v)}
          renderInput={(params) => <TextField {...params} label="Evidence for criteria" />}
        />
        <TextField fullWidth multiline minRows={2} label="Note" value={note} onChange={(e) => setNote(e.target.value)} sx={{ mt: 2 }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={picked.length === 0} onClick={() => onSave(mark, picked.map((p) => p.id), note)} data-testid="mark-edit-save">Save</Button>
      </DialogActions>
    </Dialog>
  );
}
