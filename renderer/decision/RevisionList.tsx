/** Every signed revision, newest first, each viewable as signed, with its letter. */
import { useState } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, List, ListItem, ListItemText, Typography } from '@mui/material';
import type { SignedRevision } from '../../shared/determination/schema';
import { RevisionView } from './RevisionView';
import { formatDateTime } from './outcome-labels';

interface Props {
  revisions: SignedRevision[];
  onPreviewLetter: (revision: SignedRevision) => void;
}

export function RevisionList({ revisions, onPreviewLetter }: Props) {
  const [viewing, setViewing] = useState<SignedRevision | null>(null);
  if (revisions.length === 0) return null;
  const newestFirst = [...revisions].sort((a, b) => b.number - a.number);
  return (
    <Box sx={{ mt: 2 }} data-testid="revision-list">
      <Typography variant="overline" color="text.secondary">Signed revisions</Typography>
      <List dense disablePadding>
        {newestFirst.map((r) => (
          <ListItem key={r.id} disableGutters divider
            secondaryAction={<Button size="small" onClick={() => setViewing(r)} data-testid={`view-revision-${r.number}`}>View</Button>}>
            <ListItemText
              primary={`Revision ${r.number}${r.supersedes ? ` (supersedes ${r.supersedes.replace(/.*-r/, 'revision ')})` : ''}`}
              secondary={`${formatDateTime(r.signedAt)} · ${r.signer.name}, ${r.signer.credentials}${r.letterSha256 ? ' · letter exported' : ''}`}
            />
          </ListItem>
        ))}
      </List>
      <Dialog open={viewing !== null} onClose={() => setViewing(null)} maxWidth="sm" fullWidth data-testid="revision-dialog">
        <DialogTitle>Revision {viewing?.number}</DialogTitle>
        <DialogContent>{viewing && <RevisionView revision={viewing} />}</DialogContent>
        <DialogActions>
          <Button onClick={() => setViewing(null)}>Close</Button>
          <Button variant="outlined" onClick={() => { if (viewing) onPreviewLetter(viewing); setViewing(null); }}>Preview its letter</Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
