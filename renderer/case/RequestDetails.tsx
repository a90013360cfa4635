/**
 * What else the provider sent with the request, shown rather than dropped: free-form messages, the
 * documents the request names (and why one is not in the records), the services the workbench does
 * not review (X12 service types, ICD-10-PCS, NDC…), and the provider's updates to the request.
 */
import { useState } from 'react';
import { Box, Chip, Collapse, Stack, Typography } from '@mui/material';
import type { CaseFile } from '../../shared/case/schema';
import type { PasSource } from '../../shared/fhir/pas-import';

type Section = 'messages' | 'documents' | 'services' | 'updates' | 'notes';

const STATUS: Record<string, string> = {
  attached: 'in the records',
  'not-a-pdf': 'not a PDF: not imported',
  'by-reference': 'sent by link: not fetched',
  'sent-separately': 'sent separately',
  'not-a-document': 'not a document',
  cancelled: 'withdrawn by the provider',
};

export function RequestDetails({ caseFile }: { caseFile: CaseFile }) {
  const [open, setOpen] = useState<Section | null>(null);
  const source = ((caseFile.request as Record<string, unknown>).pasSource ?? {}) as Partial<PasSource>;
  const messages = (source.messages ?? []).map((m) => (typeof m === 'string' ? { text: m, receivedAt: '' } : m));
  const documents = source.documents ?? [];
  const services = caseFile.request.otherServices;
  const updates = source.updates ?? [];
  const notes = source.notes ?? [];
  if (!messages.length && !documents.length && !services.length && !updates.length && !notes.length) return null;

  const chip = (s: Section, label: string, n: number) =>
    n > 0 && (
      <Chip size="small" label={`${label} (${n})`} color={open === s ? 'primary' : 'default'} variant={open === s ? 'filled' : 'outlined'} onClick={() => setOpen(open === s ? null : s)} data-testid={`request-${s}`} />
    );

  return (
    <Box sx={{ px: 2, py: 0.75, borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }} data-testid="request-details">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
        <Typography variant="caption" color="text.secondary">From the provider:</Typography>
        {chip('messages', 'Messages', messages.length)}
        {chip('documents', 'Documents named', documents.length)}
        {chip('services', 'Not reviewed here', services.length)}
        {chip('updates', 'Updates to the request', updates.length)}
        {chip('notes', 'How it was read', notes.length)}
      </Stack>
      <Collapse in={open !== null} unmountOnExit>
        <Box component="ul" sx={{ m: 0, mt: 0.75, pl: 2.5, maxHeight: 160, overflow: 'auto' }}>
          {open === 'messages' && messages.map((m, i) => <li key={i}><Typography variant="body2" data-testid="provider-message">“{m.text}”</Typography></li>)}
          {open === 'documents' && documents.map((d, i) => (
            <li key={i}>
              <Typography variant="body2">
                <b>{d.title}</b>{d.reportTypeLabel ? ` · ${d.reportTypeLabel}` : d.reportType ? ` · report type ${d.reportType}` : ''}{d.transmissionLabel ? ` · sent ${d.transmissionLabel}` : ''} — {STATUS[d.status] ?? d.status}{d.note && d.status !== 'attached' ? ` (${d.note})` : ''}
              </Typography>
            </li>
          ))}
          {open === 'services' && services.map((s, i) => (
            <li key={i}>
              <Typography variant="body2">
                <b>{s.code}</b> {s.display ? `${s.display} ` : ''}({s.kind}{s.units !== undefined ? `, ${s.units}${s.unitText ? ` ${s.unitText}` : ''}` : ''}{s.date ? `, from ${s.date}` : ''}): not reviewed by the workbench; the health plan answers it.
              </Typography>
            </li>
          ))}
          {open === 'notes' && notes.map((n) => <li key={n}><Typography variant="body2">{n}</Typography></li>)}
          {open === 'updates' && updates.map((u, i) => (
            <li key={i}>
              <Typography variant="body2"><b>{new Date(u.receivedAt).toLocaleString()}</b>{u.certificationType === '3' ? ' (cancellation)' : u.certificationType === 'S' ? ' (revision)' : ''}: {u.changes.join(' ')}</Typography>
            </li>
          ))}
        </Box>
      </Collapse>
    </Box>
  );
}
