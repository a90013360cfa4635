/**
 * Candidate passages for one criterion, ranked from the record, each labelled with what it says
 * about the criterion (supports, refutes, negated, uncertain, a mention) and why: the wording that
 * decided it, or the negation or uncertainty cue with the words in its scope. A click shows the
 * passage in the record; "Mark" turns it into a mark of this criterion. A suggestion is only an
 * offer: it never sets the criterion's status.
 */
import { useEffect, useState } from 'react';
import { Box, Button, Chip, CircularProgress, List, ListItemButton, Stack, Tooltip, Typography } from '@mui/material';
import LightbulbOutlinedIcon from '@mui/icons-material/LightbulbOutlined';
import type { SuggestionInfo, SuggestionPolarity } from '../../shared/api/evidence-api';
import type { MarkAnchor } from '../../shared/case/schema';
import { usDate } from '../../shared/evidence/clinical-dates';
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

export const POLARITY: Record<SuggestionPolarity, { label: string; color: 'success' | 'error' | 'default' | 'warning'; border: string }> = {
  supports: { label: 'Supports', color: 'success', border: 'success.main' },
  refutes: { label: 'Refutes', color: 'error', border: 'error.main' },
  negated: { label: 'Negated', color: 'default', border: 'grey.500' },
  uncertain: { label: 'Uncertain', color: 'warning', border: 'warning.main' },
  mention: { label: 'Mentions', color: 'default', border: 'grey.400' },
};

/** Why the passage got its label, in the reviewer's words. */
export function polarityReason(s: SuggestionInfo): string {
  const c = s.because.cue;
  if (s.polarity === 'negated' && c) return `Negated by “${c.text}”: ${c.scope}`;
  if (s.polarity === 'uncertain' && c) return `Planned or uncertain (“${c.text}”): ${c.scope}`;
  if (s.polarity === 'mention') return `Mentions ${s.because.concept.toLowerCase()} (“${s.because.term}”) without deciding the criterion`;
  return `“${s.because.term}”: ${s.because.concept.toLowerCase()}`;
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
      {open && !list && !error && <CircularProgress size={14} sx={{ ml: 1 }} aria-label="Reading the record" />}
      {open && error && <Typography variant="caption" color="error" component="div">{error}</Typography>}
      {open && list && list.length === 0 && <Typography variant="caption" color="text.secondary" component="div" sx={{ pl: 1 }}>No passage in the record speaks to this criterion.</Typography>}
      {open && list && list.length > 0 && (
        <List dense disablePadding aria-label="Suggested passages">
          {list.map((s, i) => {
            const pol = POLARITY[s.polarity];
            return (
              <ListItemButton
                key={`${s.docSha256}-${s.page}-${s.anchor.textStart}`}
                onClick={() => onShow(s)}
                sx={{ display: 'block', borderLeft: 3, borderColor: pol.border, borderStyle: s.polarity === 'supports' || s.polarity === 'refutes' ? 'solid' : 'dashed', pl: 1, py: 0.25, mb: 0.5 }}
                data-testid="suggestion"
                data-polarity={s.polarity}
              >
                <Stack direction="row" spacing={0.75} sx={{ alignItems: 'flex-start' }}>
                  <Tooltip title={polarityReason(s)} placement="left">
                    <Chip label={pol.label} size="small" color={pol.color} variant={s.polarity === 'supports' || s.polarity === 'refutes' ? 'filled' : 'outlined'} sx={{ height: 18, fontSize: 10.5, flexShrink: 0, mt: '1px' }} data-testid="suggestion-polarity" />
                  </Tooltip>
                  <Typography variant="body2" sx={{ fontSize: 12.5, ...(s.polarity === 'negated' ? { color: 'text.secondary' } : {}) }}>
                    “{s.quote.length > 220 ? `${s.quote.slice(0, 219)}…` : s.quote}”
                  </Typography>
                </Stack>
                {s.because.cue && (s.polarity === 'negated' || s.polarity === 'uncertain') && (
                  <Typography variant="caption" component="div" color="text.secondary" sx={{ pl: 0.5 }} data-testid="suggestion-cue">
                    {s.polarity === 'negated' ? 'Negated' : 'Uncertain'} by “{s.because.cue.text}”
                  </Typography>
                )}
                <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', mt: 0.25, flexWrap: 'wrap' }}>
                  <Typography variant="caption" color="text.secondary" sx={{ flexGrow: 1 }}>
                    {docName(s.docSha256)}, p. {s.page}
                    {s.section ? ` · ${s.section}` : ''}
                    {s.encounterDate ? ` · ${usDate(s.encounterDate)}` : ''}
                    {s.furniture ? ' · page furniture' : ''} · {s.matchedTerms.join(', ')}
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
            );
          })}
        </List>
      )}
    </Box>
  );
}
