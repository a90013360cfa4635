/**
 * After a selection in the record: pick the criterion (or criteria) the passage proves or
 * disproves, add a note, press Enter. Focused on every new selection; the criterion reached
 * with n/p comes preselected, so Enter alone saves it. Enter in the list picks the highlighted
 * criterion, Enter again saves; Escape cancels. Shown beside the selection, never over it, and
 * while it has focus the one-letter shortcuts are off (typing a filter must not toggle area mode).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Autocomplete, Box, Button, Paper, Popper, Stack, TextField, Typography } from '@mui/material';
import type { SelectionDraft } from '../viewer/selection-to-anchor';
import { renderListboxGroup } from '../app/listbox-group';

export interface CriterionOption {
  id: string;
  text: string;
  group: string;
}

interface Props {
  draft: SelectionDraft | null;
  options: CriterionOption[];
  /** The criterion the reviewer is on (reached with n/p or focused in the panel): picked already. */
  preselect?: string | null;
  onSave: (criterionIds: string[], note: string) => void;
  onCancel: () => void;
}

/** The picker sits below the selection, else above it, else beside it; the gap keeps the highlight in sight. */
const PLACEMENT_MODIFIERS = [
  { name: 'flip', options: { fallbackPlacements: ['top', 'right-start', 'left-start'] } },
  { name: 'offset', options: { offset: [0, 10] } },
  { name: 'preventOverflow', options: { padding: 8, altAxis: true } },
];

export function MarkPicker({ draft, options, preselect, onSave, onCancel }: Props) {
  const [picked, setPicked] = useState<CriterionOption[]>([]);
  const [note, setNote] = useState('');
  const [listOpen, setListOpen] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const headingId = useId();

  // A new selection starts afresh, with the current criterion picked, and takes the focus.
  useEffect(() => {
    const start = options.find((o) => o.id === preselect);
    setPicked(start ? [start] : []);
    setNote('');
    setListOpen(false);
    if (!draft) return;
    // After the popper has mounted and positioned itself.
    const t = setTimeout(() => {
      inputRef.current?.focus({ preventScroll: true });
      if (!start) setListOpen(true);
    }, 0);
    return () => clearTimeout(t);
    // Only a new selection resets the picker; options re-computed on a reload must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);

  if (!draft) return null;
  const box = draft.box ?? { left: draft.at.x, top: draft.at.y, right: draft.at.x, bottom: draft.at.y };
  const anchorEl = { getBoundingClientRect: () => new DOMRect(box.left, box.top, box.right - box.left, box.bottom - box.top) };
  const save = () => {
    if (picked.length > 0) onSave(picked.map((p) => p.id), note);
  };
  const keys = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      save();
    }
  };

  return (
    <Popper open anchorEl={anchorEl} placement="bottom" modifiers={PLACEMENT_MODIFIERS} sx={{ zIndex: 1300 }}>
      <Paper
        elevation={8}
        sx={{ p: 1.5, width: 460, maxWidth: 'calc(100vw - 16px)' }}
        data-testid="mark-picker"
        data-suspend-shortcuts
        role="region"
        aria-labelledby={headingId}
        onKeyDownCapture={keys}
      >
        <Typography id={headingId} variant="caption" color="text.secondary" component="div" sx={{ mb: 1, maxHeight: 60, overflow: 'hidden' }}>
          Mark “{draft.anchor.quote.slice(0, 200) || 'the marked area'}{draft.anchor.quote.length > 200 ? '…' : ''}”, page {draft.anchor.page}
        </Typography>
        <Autocomplete
          multiple
          autoHighlight
          open={listOpen}
          onOpen={() => setListOpen(true)}
          onClose={() => setListOpen(false)}
          options={options}
          groupBy={(o) => o.group}
          getOptionLabel={(o) => o.text}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          value={picked}
          onChange={(_e, v) => setPicked(v)}
          filterOptions={(opts, state) => {
            const words = state.inputValue.toLowerCase().split(/\s+/).filter(Boolean);
            return words.length ? opts.filter((o) => words.every((w) => `${o.text} ${o.id} ${o.group}`.toLowerCase().includes(w))) : opts;
          }}
          renderGroup={renderListboxGroup(headingId)}
          renderOption={(props, o) => {
            const { key, ...rest } = props as typeof props & { key: string };
            return (
              <li key={key} {...rest}>
                <Box>
                  <Typography variant="body2">{o.text}</Typography>
                  <Typography variant="caption" color="text.secondary">{o.id}</Typography>
                </Box>
              </li>
            );
          }}
          renderInput={(params) => (
            <TextField
              {...params}
              inputRef={inputRef}
              label="Evidence for criterion"
              placeholder={picked.length ? 'Enter to save, or type to add another' : 'Type to filter criteria'}
              onKeyDown={(e) => {
                // Enter with the list closed saves; with it open, Autocomplete picks the highlighted criterion.
                if (e.key === 'Enter' && !listOpen && picked.length > 0) {
                  e.preventDefault();
                  save();
                }
              }}
            />
          )}
          slotProps={{ listbox: { 'data-testid': 'criterion-options', 'aria-label': 'Criteria' } as object, popper: { 'data-suspend-shortcuts': true, disablePortal: true } as object }}
        />
        <TextField fullWidth label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} sx={{ mt: 1 }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              save();
            }
          }}
          slotProps={{ htmlInput: { 'data-testid': 'mark-note' } }} />
        <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end', alignItems: 'center', mt: 1 }}>
          <Typography variant="caption" color="text.secondary" sx={{ flexGrow: 1 }}>Enter saves · Esc cancels</Typography>
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="contained" onClick={save} disabled={picked.length === 0} data-testid="save-mark">Save mark</Button>
        </Stack>
      </Paper>
    </Popper>
  );
}
