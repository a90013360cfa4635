/**
 * The case waiting for information: what was asked, by when, what it did to the clock; the notice
 * to the provider; the PAS response (A4, pended) to send; and the ways the information arrives
 * (a PAS update, records added here, or the director saying it came another way).
 */
import { useRef, useState } from 'react';
import { Alert, AlertTitle, Box, Button, Dialog, DialogActions, DialogTitle, Stack, Typography } from '@mui/material';
import type { CaseFile } from '../../shared/case/schema';
import { openInformationRequest } from '../../shared/information-request/schema';
import { call, messageOf } from '../api/client';
import { LetterViewer } from '../decision/LetterViewer';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const b64 = async (f: File) => {
  const bytes = new Uint8Array(await f.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

export function InformationRequestBanner({ caseFile, onChanged, onError }: { caseFile: CaseFile; onChanged: () => Promise<void>; onError: (m: string) => void }) {
  const open = openInformationRequest(caseFile.informationRequests);
  const [notice, setNotice] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const files = useRef<HTMLInputElement>(null);
  if (!open) return null;

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await onChanged();
    } catch (e) {
      onError(messageOf(e));
    }
  };
  const addRecords = async (list: FileList) => {
    const checked = [];
    for (const f of Array.from(list)) {
      const r = await call('cases.validateAttachment', { name: f.name, data: await b64(f) });
      if (!r.ok) throw new Error(`"${f.name}": ${r.message}`);
      checked.push({ sha256: r.sha256!, name: f.name });
    }
    await call('cases.addRecords', { caseId: caseFile.id, attachments: checked });
  };

  return (
    <Alert severity="info" sx={{ borderRadius: 0, py: 0.5 }} data-testid="information-request-banner">
      <AlertTitle sx={{ mb: 0.25 }}>Waiting for information requested {when(open.requestedAt)}, to be sent by {when(open.respondBy)}</AlertTitle>
      <Typography variant="body2">
        {open.items.map((i) => `${i.label}${i.detail ? ` (${i.detail})` : ''}${i.codes.length ? ` for ${i.codes.join(', ')}` : ''}`).join('; ')}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mt: 0.75, flexWrap: 'wrap', rowGap: 0.5 }}>
        <Button size="small" variant="outlined" onClick={() => setNotice(true)} data-testid="open-notice">Notice to the provider</Button>
        <Button
          size="small"
          variant="outlined"
          onClick={() => void call('cases.saveFhirResponse', { caseId: caseFile.id, informationRequestId: open.id }).then((r) => r.saved && setSaved(`Saved ${r.fileName} (pended, outcome ${r.outcome ?? ''}).`), (e) => onError(messageOf(e)))}
          data-testid="save-pend-response"
        >
          Save the PAS response (pended)
        </Button>
        <Button size="small" onClick={() => files.current?.click()} data-testid="add-records">Add the records received</Button>
        <Button size="small" onClick={() => void act(() => call('informationRequest.markReceived', { caseId: caseFile.id, requestId: open.id, note: '' }))} data-testid="mark-received">
          Received another way
        </Button>
        <input ref={files} type="file" accept="application/pdf,.pdf" multiple hidden data-testid="records-input" onChange={(e) => { const l = e.target.files; if (l?.length) void act(() => addRecords(l)); e.target.value = ''; }} />
      </Stack>
      {saved && <Typography variant="caption" sx={{ display: 'block', mt: 0.5 }} data-testid="pend-response-saved">{saved}</Typography>}
      <Dialog open={notice} onClose={() => setNotice(false)} maxWidth="lg" fullWidth data-testid="notice-preview">
        <DialogTitle>Request for additional information</DialogTitle>
        <Box sx={{ height: '75vh', position: 'relative', borderTop: 1, borderBottom: 1, borderColor: 'divider' }}>
          {notice && <LetterViewer url={`letters/${caseFile.id}/${open.id}.pdf?v=${(open.noticeSha256 ?? '').slice(0, 16)}`} name="Request for additional information" />}
        </Box>
        <DialogActions><Button onClick={() => setNotice(false)}>Close</Button></DialogActions>
      </Dialog>
    </Alert>
  );
}
