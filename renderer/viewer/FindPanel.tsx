/**
 * Find in the record (Ctrl+F): a phrase in this document or across every document of the
 * case, searched in main over the extracted text (OCR'd pages included). Hits are listed by
 * document and page with their context; Enter / Shift+Enter step through them, a click opens
 * one, and every hit of the open document is highlighted on its page.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Box, IconButton, List, ListItem, ListItemButton, ListSubheader, Paper, Stack, TextField, ToggleButton, ToggleButtonGroup, Tooltip, Typography } from '@mui/material';
import CloseIcon from '@mui/icons-material/Close';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@mui/icons-material/KeyboardArrowUp';
import type { FindResponse } from '../../shared/api/text-api';
import type { PdfRect } from '../../shared/case/schema';
import { call, messageOf } from '../api/client';
import { countOf } from '../../shared/text/count-of';

export interface FlatHit {
  docSha256: string;
  page: number;
  rects: PdfRect[];
  before: string;
  match: string;
  after: string;
}

interface Props {
  caseId: string;
  currentDoc: string | null;
  docName: (sha256: string) => string;
  /** Hits to draw and the one stepped to; called whenever either changes. */
  onHits: (hits: FlatHit[], current: number) => void;
  onOpenHit: (hit: FlatHit) => void;
  onClose: () => void;
}

export function FindPanel({ caseId, currentDoc, docName, onHits, onOpenHit, onClose }: Props) {
  const [phrase, setPhrase] = useState('');
  const [scope, setScope] = useState<'all' | 'doc'>('all');
  const [result, setResult] = useState<FindResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [current, setCurrent] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  useEffect(() => inputRef.current?.focus(), []);

  // Opening a hit in another document must not search again (and lose the place) unless the
  // search is limited to the open document.
  const scopedDoc = scope === 'doc' ? currentDoc : null;
  useEffect(() => {
    const q = phrase.trim();
    if (q.length < 2) {
      setResult(null);
      setCurrent(-1);
      return;
    }
    const mine = ++seq.current;
    const t = setTimeout(() => {
      call('search.find', { caseId, phrase: q, ...(scopedDoc ? { docSha256: scopedDoc } : {}) }).then(
        (r) => {
          if (mine !== seq.current) return;
          setResult(r);
          setError(null);
          setCurrent(-1);
        },
        (e) => mine === seq.current && setError(messageOf(e)),
      );
    }, 150);
    return () => clearTimeout(t);
  }, [phrase, caseId, scopedDoc]);

  const flat: FlatHit[] = useMemo(
    () => (result?.documents ?? []).flatMap((d) => d.pages.flatMap((p) => p.hits.map((h) => ({ docSha256: d.docSha256, page: p.page, rects: h.rects, before: h.before, match: h.match, after: h.after })))),
    [result],
  );

  useEffect(() => onHits(flat, current), [flat, current, onHits]);

  const step = (by: number) => {
    if (flat.length === 0) return;
    const next = (current + by + flat.length) % flat.length;
    setCurrent(next);
    onOpenHit(flat[next]!);
  };

  let index = 0;
  return (
    <Paper square elevation={2} sx={{ borderBottom: 1, borderColor: 'divider', zIndex: 2 }} data-testid="find-panel">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', px: 1, py: 0.5 }}>
        <TextField
          inputRef={inputRef}
          size="small"
          placeholder="Find in the record"
          value={phrase}
          onChange={(e) => setPhrase(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') step(e.shiftKey ? -1 : 1);
            if (e.key === 'Escape') onClose();
          }}
          slotProps={{ htmlInput: { 'aria-label': 'Find in the record', 'data-testid': 'find-input' } }}
          sx={{ flexGrow: 1 }}
        />
        <ToggleButtonGroup exclusive size="small" value={scope} onChange={(_e, v: 'all' | 'doc' | null) => v && setScope(v)}>
          <ToggleButton value="all" sx={{ textTransform: 'none', py: 0.25 }} data-testid="find-scope-all">All documents</ToggleButton>
          <ToggleButton value="doc" sx={{ textTransform: 'none', py: 0.25 }} data-testid="find-scope-doc">This document</ToggleButton>
        </ToggleButtonGroup>
        <Typography variant="body2" color="text.secondary" sx={{ minWidth: 80, textAlign: 'right' }} data-testid="find-count">
          {result ? `${current >= 0 ? `${current + 1} of ` : ''}${result.total}${result.truncated ? '+' : ''} ${result.total === 1 ? 'hit' : 'hits'}` : ''}
        </Typography>
        <Tooltip title="Previous (Shift+Enter)"><span><IconButton size="small" onClick={() => step(-1)} disabled={!flat.length} aria-label="Previous hit"><KeyboardArrowUpIcon fontSize="small" /></IconButton></span></Tooltip>
        <Tooltip title="Next (Enter)"><span><IconButton size="small" onClick={() => step(1)} disabled={!flat.length} aria-label="Next hit"><KeyboardArrowDownIcon fontSize="small" /></IconButton></span></Tooltip>
        <Tooltip title="Close (Esc)"><IconButton size="small" onClick={onClose} aria-label="Close find"><CloseIcon fontSize="small" /></IconButton></Tooltip>
      </Stack>
      {error && <Alert severity="error" sx={{ mx: 1, mb: 1 }}>{error}</Alert>}
      {result && result.unsearched.length > 0 && (
        <Alert severity="warning" sx={{ mx: 1, mb: 0.5, py: 0 }}>Not searched (cannot be read): {result.unsearched.map(docName).join(', ')}</Alert>
      )}
      {result && result.total > 0 && (
        <List dense disablePadding sx={{ maxHeight: 220, overflow: 'auto', borderTop: 1, borderColor: 'divider' }} data-testid="find-results">
          {result.documents.map((d) => (
            <li key={d.docSha256}>
              <ul style={{ padding: 0 }}>
                <ListSubheader sx={{ lineHeight: '28px', bgcolor: 'grey.100' }}>{docName(d.docSha256)} · {countOf(d.pages.reduce((n, p) => n + p.hits.length, 0), 'hit')}</ListSubheader>
                {d.pages.flatMap((p) =>
                  p.hits.map((h) => {
                    const i = index++;
                    return (
                      <ListItem key={`${p.page}-${h.textStart}`} disablePadding>
                      <ListItemButton selected={i === current} onClick={() => { setCurrent(i); onOpenHit(flat[i]!); }} sx={{ py: 0 }} data-testid="find-hit">
                        <Typography variant="caption" sx={{ width: 56, flexShrink: 0, color: 'text.secondary' }}>p. {p.page}</Typography>
                        <Typography variant="body2" noWrap sx={{ minWidth: 0 }}>
                          …{h.before} <Box component="mark" sx={{ bgcolor: 'warning.light', px: 0.25 }}>{h.match}</Box> {h.after}…
                        </Typography>
                      </ListItemButton>
                      </ListItem>
                    );
                  }),
                )}
              </ul>
            </li>
          ))}
        </List>
      )}
      {result && result.total === 0 && <Typography variant="body2" color="text.secondary" sx={{ px: 1.5, pb: 1 }}>No hits.</Typography>}
    </Paper>
  );
}
