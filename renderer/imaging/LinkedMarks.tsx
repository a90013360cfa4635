/**
 * The passages linked to a reading or a reconciliation: each shows its quote and page and jumps
 * there; the picker below links more from the marks already made in the record. Marks made for
 * the imaging requirement come first, the ones not linked anywhere in the study before those that
 * are; typing filters by words of the quote or the document, and Enter links the first match.
 */
import { useId } from 'react';
import { Autocomplete, Box, IconButton, List, ListItem, ListItemButton, ListItemText, TextField, Tooltip, Typography } from '@mui/material';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import type { Mark } from '../../shared/case/schema';
import { IMAGING_LEAF_ID } from '../../shared/imaging/reconcile-imaging';
import { renderListboxGroup } from '../app/listbox-group';

interface Props {
  label: string;
  /** Prefix for test ids, e.g. "radiologist". */
  testId: string;
  markIds: string[];
  /** The case's live marks. */
  marks: Mark[];
  /** Marks the study already uses elsewhere (the other reading, the reconciliation): offered last. */
  usedElsewhere?: ReadonlySet<string>;
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

const GROUP_IMAGING = 'Marked for the imaging requirement';
const GROUP_OTHER = 'Other marks';

export function LinkedMarks({ label, testId, markIds, marks, usedElsewhere, docName, readOnly, onJump, onChange }: Props) {
  const listId = useId();
  const linked = markIds.map((id) => marks.find((m) => m.id === id)).filter((m): m is Mark => !!m);
  const missing = markIds.length - linked.length;
  const rank = (m: Mark) => (m.criterionIds.includes(IMAGING_LEAF_ID) ? 0 : 2) + (usedElsewhere?.has(m.id) ? 1 : 0);
  const choices = marks
    .filter((m) => !markIds.includes(m.id))
    .map((m, i) => ({ m, i }))
    .sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i)
    .map(({ m }) => m);
  return (
    <Box data-testid={`${testId}-marks`}>
      <List dense disablePadding>
        {linked.map((m) => (
          <ListItem key={m.id} disablePadding data-testid={`${testId}-mark`} sx={{ borderLeft: 3, borderColor: 'primary.light', mb: 0.5, bgcolor: 'grey.50', alignItems: 'flex-start' }}
            secondaryAction={readOnly ? undefined : (
              <Tooltip title="Unlink this passage (the mark stays in the record)">
                <IconButton size="small" edge="end" aria-label="Unlink passage" onClick={() => onChange(markIds.filter((id) => id !== m.id))}>
                  <LinkOffIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            )}>
            <ListItemButton onClick={() => onJump(m)} sx={{ pl: 1, py: 0.25, pr: readOnly ? 1 : 5, alignItems: 'flex-start' }}>
              <ListItemText
                primary={<Typography variant="body2" sx={{ fontStyle: 'italic' }}>“{m.kind === 'area' ? 'Marked area' : truncate(m.quote, 160)}”</Typography>}
                secondary={`${docName(m.docSha256)}, page ${m.page}`}
              />
            </ListItemButton>
          </ListItem>
        ))}
      </List>
      {missing > 0 && <Typography variant="caption" color="warning.main">{missing} linked {missing === 1 ? 'mark was' : 'marks were'} removed from the record.</Typography>}
      {!readOnly && (
        <Autocomplete
          size="small"
          options={choices}
          value={null}
          autoHighlight
          blurOnSelect
          clearOnBlur
          groupBy={(m) => (m.criterionIds.includes(IMAGING_LEAF_ID) ? GROUP_IMAGING : GROUP_OTHER)}
          renderGroup={renderListboxGroup(listId)}
          getOptionLabel={(m) => markLabel(m, docName)}
          filterOptions={(opts, state) => {
            const words = state.inputValue.toLowerCase().split(/\s+/).filter(Boolean);
            return words.length ? opts.filter((m) => words.every((w) => markLabel(m, docName).toLowerCase().includes(w) || m.quote.toLowerCase().includes(w))) : opts;
          }}
          onChange={(_e, m) => m && onChange([...markIds, m.id])}
          noOptionsText="No other marks: select the passage in the record and save a mark first."
          renderOption={(props, m) => {
            const { key, ...rest } = props as typeof props & { key: string };
            return (
              <li key={key} {...rest}>
                <Typography variant="body2">{markLabel(m, docName)}</Typography>
              </li>
            );
          }}
          renderInput={(params) => <TextField {...params} label={label} placeholder="Type words of the passage, Enter links" />}
          slotProps={{ listbox: { 'data-testid': `${testId}-mark-options`, 'aria-label': label } as object, popper: { 'data-suspend-shortcuts': true } as object }}
          data-testid={`${testId}-link`}
        />
      )}
    </Box>
  );
}
