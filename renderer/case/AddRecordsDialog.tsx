/**
 * Adding records to an open case (an addendum after a peer-to-peer, pages the provider sent
 * later): dropped or chosen, each file checked in main as at intake, then added in one call,
 * all or nothing. A refused file is shown with why and is never added; the case stays as it was.
 */
import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import type { ApiResponse } from '../../shared/api/contract';
import { countOf } from '../../shared/text/count-of';
import { call, messageOf } from '../api/client';
import { AttachmentDropZone, type AttachmentRow } from '../intake/AttachmentDropZone';

export type AddedRecords = ApiResponse<'cases.addRecords'>;

interface Props {
  caseId: string;
  signed: boolean;
  /** Files dropped on the records list, checked as soon as the dialog opens. */
  initialFiles?: File[];
  onClose: () => void;
  onAdded: (result: AddedRecords) => void;
}

export function AddRecordsDialog({ caseId, signed, initialFiles, onClose, onAdded }: Props) {
  const [rows, setRows] = useState<AttachmentRow[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const checking = rows.some((r) => r.state === 'checking');
  const taken = rows.filter((r): r is Extract<AttachmentRow, { state: 'checked' }> => r.state === 'checked' && r.ok && !!r.sha256);
  const refused = rows.filter((r) => r.state === 'checked' && !r.ok);

  const add = async () => {
    setBusy(true);
    setFailure(null);
    try {
      onAdded(await call('cases.addRecords', { caseId, attachments: taken.map((r) => ({ sha256: r.sha256!, name: r.name })) }));
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth data-testid="add-records-dialog" aria-labelledby="add-records-title">
      <DialogTitle id="add-records-title">Add records to this case</DialogTitle>
      <DialogContent>
        <DialogContentText variant="body2" sx={{ mb: 1.5 }}>
          Each file is checked as at intake: a readable PDF with pages, not password-protected.
          {signed ? ' The case is signed: the records are added to it, and you can then amend the determination.' : ''}
        </DialogContentText>
        <AttachmentDropZone rows={rows} onChange={setRows} {...(initialFiles ? { initialFiles } : {})} what="the addendum or other records" />
        {refused.length > 0 && (
          <Alert severity="warning" sx={{ mt: 1 }} data-testid="add-records-refused">
            {refused.length === 1 ? 'One file was refused and will not be added' : `${refused.length} files were refused and will not be added`}; the case stays as it is.
          </Alert>
        )}
        {failure && <Alert severity="error" sx={{ mt: 1 }} data-testid="add-records-failure">{failure}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={busy || checking || taken.length === 0} onClick={() => void add()} data-testid="add-records-confirm">
          {checking ? 'Checking…' : taken.length ? `Add ${countOf(taken.length, 'record')}` : 'Add records'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
