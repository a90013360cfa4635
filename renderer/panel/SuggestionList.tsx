/**
 * Candidate passages for one criterion, found in the record from the rule's search terms and
 * their variants, best first. A click shows the passage in the record; "Mark" turns it into a
 * mark of this criterion. A suggestion is only an offer: it never sets the criterion's status.
 */
import { useEffect, useState } from 'react';
import { Box, Button, Chip, CircularProgress, List, ListItemButton, Stack, Typography } from '@mui/material';
import LightbulbOutlinedIcon from '@mui/icons-material/LightbulbOutlined';
import type { SuggestionInfo } from '../../shared/api/text-api';
import type { MarkAnchor } from '../../shared/case/schema';
import { call, messageOf } from '../api/client';

interface Props {
  caseId: string;
  criterionId: string;
  /** Changes when the case's marks change, so "already marked" stays true. */
  marksKey: string;
  readOnly: boolean;
  docName: (sha256: string) => string;
  onShow: (s: SuggestionInfo) => void;
  onAccept: (anchor: MarkAnchor) => Promise<boolean>;
}

export function SuggestionList({ caseId, criterionId, marksKey, readOnly, docName, onShow, onAccept }: Props) {
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<SuggestionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  useEffect(() => {
    if (!open) return;
    let stale = false;
    call('evidence.suggest', { caseId, criterionId, limit: 6 }).then(
      (r) => !stale && (setList(r.suggestions), setError(null)),
      (e) => !stale && setError(messageOf(e)),
    );
    return () => {
      stale = true;
    };
  }, [open, caseId, criterionId, marksKey]);

  return (
    <Box sx={{ mt: 0.5 }} data-testid="suggestions">
      <Button size="small" startIcon={<LightbulbOutlinedIcon fontSize="small" />} onClick={() => setOpen((o) => !o)} sx={{ textTransform: 'none', py: 0 }} data-testid="suggestions-toggle">
        {open ? 'Hide suggestions' : 'Suggested passages'}
      </Button>
      {open && !list && !error && <CircularProgress size={14} sx={{ ml: 1 }} />}
      {open && error && <Typography variant="caption" color="error" component="div">{error}</Typography>}
      {open && list && list.length === 0 && <Typography variant="caption" color="text.secondary" component="div" sx={{ pl: 1 }}>No passage in the record mentions this criterion's terms.</Typography>}
      {open && list && list.length > 0 && (
        <List dense disablePadding>
          {list.map((s, i) => (
            <ListItemButton key={`${s.docSha256}-${s.page}-${s.anchor.textStart}`} onClick={() => onShow(s)} sx={{ display: 'block', borderLeft: 3, borderColor: 'warning.light', borderStyle: 'dashed', pl: 1, py: 0.25, mb: 0.5 }} data-testid="suggestion">
              <Typography variant="body2" sx={{ fontSize: 12.5 }}>“{s.quote.length > 220 ? `${s.quote.slice(0, 219)}…` : s.quote}”</Typography>
              <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', mt: 0.25, flexWrap: 'wrap' }}>
                <Typography variant="caption" color="text.secondary" sx={{ flexGrow: 1 }}>
                  {docName(s.docSha256)}, p. {s.page} · {s.matchedTerms.join(', ')} · {Math.round(s.score * 100)}%
                </Typography>
                {s.alreadyMarked ? (
                  <Chip label="Marked" size="small" variant="outlined" color="success" sx={{ height: 20 }} />
                ) : (
                  !readOnly && (
                    <Button
                      size="small"
                      variant="outlined"
                      disabled={busy !== null}
                      sx={{ py: 0, minWidth: 0, textTransform: 'none' }}
                      data-testid="accept-suggestion"
                      onClick={async (e) => {
                        e.stopPropagation();
                        setBusy(i);
                        await onAccept(s.anchor);
                        setBusy(null);
                      }}
                    >
                      Mark
                    </Button>
                  )
                )}
              </Stack>
            </ListItemButton>
          ))}
        </List>
      )}
    </Box>
  );
}
