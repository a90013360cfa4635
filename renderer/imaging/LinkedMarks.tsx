/**
 * The passages linked to a reading or a reconciliation: each shows its quote and page and jumps
 * there; the picker below links more from the marks already made in the record.
 */
import { Autocomplete, Box, IconButton, List, ListItemButton, ListItemText, TextField, Tooltip, Typography } from '@mui/material';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import type { Mark } from '../../shared/case/schema';

interface Props {
  label: string;
  /** Prefix for test ids, e.g. "radiologist". */
  testId: string;
  markIds: string[];
  /** The case's live marks. */
  marks: Mark[];
  docName: (sha256: string) => string;
  readOnly: boolean;
  onJump: (mark: Mark) => void;
  onChange: (markIds: string[]) => void;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function markLabel(m: Mark, docName: (sha256: string) => string): string {
  return `“${m.kind === 'area' ? 'Marked area' : truncate(m.quote, 90)}” — ${docName(m.docSha256)}, p. ${m.page}`;
}

export function LinkedMarks({ label, testId, markIds, marks, docName, readOnly, onJump, onChange }: Props) {
  const linked = markIds.map((id) => marks.find((m) => m.id === id)).filter((m): m is Mark => !!m);
  const missing = markIds.length - linked.length;
  const choices = marks.filter((m) => !markIds.includes(m.id));
  return (
    <Box data-testid={`${testId}-marks`}>
      <List dense disablePadding>
        {linked.map((m) => (
          <ListItemButton key={m.id} onClick={() => onJump(m)} data-testid={`${testId}-mark`}
            sx={{ borderLeft: 3, borderColor: 'primary.light', pl: 1, py: 0.25, mb: 0.5, bgcolor: 'grey.50', alignItems: 'flex-start' }}>
            <ListItemText
              primary={<Typography variant="body2" sx={{ fontStyle: 'italic' }}>“{m.kind === 'area' ? 'Marked area' : truncate(m.quote, 160)}”</Typography>}
              secondary={`${docName(m.docSha256)}, page ${m.page}`}
            />
            {!readOnly && (
              <Tooltip title="Unlink this passage (the mark stays in the record)">
                <IconButton size="small" edge="end" aria-label="Unlink passage" onClick={(e) => { e.stopPropagation(); onChange(markIds.filter((id) => id !== m.id)); }}>
                  <LinkOffIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            )}
          </ListItemButton>
        ))}
      </List>
      {missing > 0 && <Typography variant="caption" color="warning.main">{missing} linked {missing === 1 ? 'mark was' : 'marks were'} removed from the record.</Typography>}
      {!readOnly && (
        <Autocomplete
          size="small"
          options={choices}
          value={null}
          blurOnSelect
          clearOnBlur
          getOptionLabel={(m) => markLabel(m, docName)}
          onChange={(_e, m) => m && onChange([...markIds, m.id])}
          noOptionsText="No other marks: select the passage in the record and save a mark first."
          renderOption={(props, m) => (
            <li {...props} key={m.id}>
              <Typography variant="body2">{markLabel(m, docName)}</Typography>
            </li>
          )}
          renderInput={(params) => <TextField {...params} label={label} placeholder="Pick a marked passage" />}
          slotProps={{ listbox: { 'data-testid': `${testId}-mark-options` } as object }}
          data-testid={`${testId}-link`}
        />
      )}
    </Box>
  );
}
