/**
 * "Request additional information": which documents, for which codes, by when; what asking does
 * to the decision clock, with its regulation (rules/turnaround.json). Sending records the request
 * (audited), pends the case and writes the notice to the provider.
 */
import { useEffect, useState } from 'react';
import {
  Alert, Box, Button, Checkbox, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, MenuItem, Stack, TextField, Typography,
} from '@mui/material';
import type { ApiResponse } from '../../shared/api/contract';
import { call, messageOf } from '../api/client';

type Options = ApiResponse<'informationRequest.options'>;
type Created = ApiResponse<'informationRequest.create'>;

/** An ISO instant → the value of <input type="datetime-local"> in this machine's time zone, and back. */
const toLocal = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocal = (local: string) => new Date(local).toISOString();

const EFFECT: Record<string, string> = {
  extend: 'Asking extends the due date',
  toll: 'Asking stops the clock until the information arrives',
  'decide-after-response': 'A new, shorter period starts when the information arrives',
  unchanged: 'Asking does not change the due date',
};

export function InformationRequestDialog({ caseId, open, onClose, onSent }: { caseId: string; open: boolean; onClose: () => void; onSent: (created: Created) => void }) {
  const [options, setOptions] = useState<Options | null>(null);
  const [chosen, setChosen] = useState<Record<string, { detail: string; code: string }>>({});
  const [respondBy, setRespondBy] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setChosen({});
    setNote('');
    call('informationRequest.options', { caseId }).then(
      (o) => {
        setOptions(o);
        setRespondBy(toLocal(o.defaultRespondBy));
      },
      (e) => setError(messageOf(e)),
    );
  }, [open, caseId]);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const items = Object.entries(chosen).map(([kindId, c]) => ({ kindId, detail: c.detail, codes: c.code ? [c.code] : [] }));
      const created = await call('informationRequest.create', { caseId, items, respondBy: fromLocal(respondBy), note });
      onSent(created);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth data-testid="information-request-dialog">
      <DialogTitle>Request additional information</DialogTitle>
      <DialogContent dividers>
        {!options && !error && <Box sx={{ display: 'grid', placeItems: 'center', height: 200 }}><CircularProgress /></Box>}
        {options && (
          <Stack spacing={1.5}>
            <Alert severity="info" data-testid="information-request-clock">
              <b>{EFFECT[options.rule.effect]}</b>
              {options.rule.extendBy ? ` (${options.rule.effect === 'toll' ? 'then extended' : ''} by ${options.rule.extendBy.amount} ${options.rule.extendBy.unit.replace('-', ' ')})`.replace('( by', '(by') : ''}
              {options.rule.respondWithin ? `; the provider must be given at least ${options.rule.respondWithin.amount} ${options.rule.respondWithin.unit.replace('-', ' ')}` : ''}. {options.rule.source}
            </Alert>
            <Typography variant="subtitle2">What do you need?</Typography>
            <Box sx={{ display: 'grid', gridTemplateColumns: '1fr', gap: 0.5, maxHeight: 320, overflow: 'auto', pr: 1 }}>
              {options.kinds.map((k) => {
                const c = chosen[k.id];
                return (
                  <Box key={k.id} sx={{ display: 'grid', gridTemplateColumns: '260px 1fr 120px', gap: 1, alignItems: 'center' }}>
                    <FormControlLabel
                      control={<Checkbox size="small" checked={!!c} onChange={(e) => setChosen((x) => { const n = { ...x }; if (e.target.checked) n[k.id] = { detail: '', code: '' }; else delete n[k.id]; return n; })} slotProps={{ input: { 'aria-label': k.label, 'data-testid': `rfi-kind-${k.id}` } as never }} />}
                      label={<Typography variant="body2">{k.label}</Typography>}
                    />
                    {c ? (
                      <>
                        <TextField size="small" placeholder="What exactly (dates, which study…)" value={c.detail} onChange={(e) => setChosen((x) => ({ ...x, [k.id]: { ...c, detail: e.target.value } }))} slotProps={{ htmlInput: { 'aria-label': `What exactly: ${k.label}`, 'data-testid': `rfi-detail-${k.id}` } }} />
                        <TextField size="small" select value={c.code} onChange={(e) => setChosen((x) => ({ ...x, [k.id]: { ...c, code: e.target.value } }))} slotProps={{ select: { displayEmpty: true, inputProps: { 'aria-label': `For which code: ${k.label}` } } }}>
                          <MenuItem value="">All codes</MenuItem>
                          {options.codes.map((code) => <MenuItem key={code} value={code}>{code}</MenuItem>)}
                        </TextField>
                      </>
                    ) : (
                      <Typography variant="caption" color="text.secondary" sx={{ gridColumn: 'span 2' }}>LOINC {k.loinc} · {k.loincDisplay}</Typography>
                    )}
                  </Box>
                );
              })}
            </Box>
            <Stack direction="row" spacing={2}>
              <TextField label="Send by" type="datetime-local" size="small" value={respondBy} onChange={(e) => setRespondBy(e.target.value)} slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'rfi-respond-by' } }} />
              <TextField label="Note to the provider (optional)" size="small" fullWidth value={note} onChange={(e) => setNote(e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'rfi-note' } }} />
            </Stack>
            <Typography variant="caption" color="text.secondary">The case waits until the information arrives: as a PAS update to this request, or as records you add. It then resumes where you left it.</Typography>
          </Stack>
        )}
        {error && <Alert severity="error" sx={{ mt: 1.5 }} data-testid="rfi-error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={busy || !options || Object.keys(chosen).length === 0 || !respondBy} onClick={() => void send()} data-testid="send-information-request">
          Send the request
        </Button>
      </DialogActions>
    </Dialog>
  );
}
