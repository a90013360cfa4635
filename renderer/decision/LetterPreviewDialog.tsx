/**
 * The decision letter of a signed revision, in pdf.js's viewer as the record is: the PDF is
 * rendered in main, a copy kept with the case, and loaded here from its URL. Export saves it
 * where the director chooses.
 */
import { useEffect, useState } from 'react';
import { Alert, Box, Button, CircularProgress, Dialog, DialogActions, DialogTitle } from '@mui/material';
import FileDownloadIcon from '@mui/icons-material/FileDownload';
import type { LetterPreview } from '../../shared/api/contract';
import type { SignedRevision } from '../../shared/determination/schema';
import { LetterViewer } from './LetterViewer';
import { call, messageOf } from '../api/client';

interface Props {
  caseId: string;
  revision: SignedRevision | null;
  onClose: () => void;
  onExport: (revision: SignedRevision) => void;
}

export function LetterPreviewDialog({ caseId, revision, onClose, onExport }: Props) {
  const [preview, setPreview] = useState<LetterPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setPreview(null);
    setError(null);
    if (!revision) return;
    let live = true;
    call('letter.preview', { caseId, revisionId: revision.id }).then(
      (p) => live && setPreview(p),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [caseId, revision]);

  return (
    <Dialog open={revision !== null} onClose={onClose} maxWidth="lg" fullWidth data-testid="letter-preview">
      <DialogTitle>Decision letter{revision ? `, revision ${revision.number}` : ''}</DialogTitle>
      <Box sx={{ height: '75vh', position: 'relative', borderTop: 1, borderBottom: 1, borderColor: 'divider' }}>
        {error && <Alert severity="error" sx={{ m: 2 }}>{error}</Alert>}
        {!preview && !error && <Box sx={{ display: 'grid', placeItems: 'center', height: '100%' }}><CircularProgress /></Box>}
        {preview && revision && (
          <LetterViewer url={preview.url} name={`Decision letter, revision ${revision.number}`} />
        )}
      </Box>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        <Button variant="contained" startIcon={<FileDownloadIcon />} disabled={!preview} onClick={() => revision && onExport(revision)} data-testid="export-letter-preview">
          Export letter
        </Button>
      </DialogActions>
    </Dialog>
  );
}
