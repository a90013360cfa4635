/** The reviewer's profile: the name and credentials that sign determinations, and the peer-to-peer line letters print. */
import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import type { ReviewerProfile } from '../../shared/settings/profile';
import { ApiCallError, call, messageOf } from '../api/client';

interface Props {
  open: boolean;
  profile: ReviewerProfile | null;
  onClose: () => void;
  onSaved: (profile: ReviewerProfile) => void;
}

const EMPTY = { name: '', credentials: '', title: 'Medical Director', specialty: '', peerToPeerPhone: '', npi: '' };

export function ProfileDialog({ open, profile, onClose, onSaved }: Props) {
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setForm(profile ? { ...EMPTY, ...profile, specialty: profile.specialty ?? '' } : EMPTY);
      setError(null);
    }
  }, [open, profile]);

  const field = (key: keyof typeof EMPTY, label: string, helper: string) => (
    <TextField label={label} size="small" fullWidth value={form[key]} helperText={helper}
      onChange={(e) => setForm({ ...form, [key]: e.target.value })} slotProps={{ htmlInput: { 'data-testid': `profile-${key}` } }} />
  );

  const save = async () => {
    try {
      const { profile: saved } = await call('settings.setProfile', { profile: form });
      onSaved(saved);
      onClose();
    } catch (e) {
      setError(e instanceof ApiCallError && e.error.issues?.length ? e.error.issues.join(' ') : messageOf(e));
    }
  };

  return (
    <Dialog open={open} onClose={onClose} maxWidth="xs" fullWidth data-testid="profile-dialog">
      <DialogTitle>Reviewer profile</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {field('name', 'Name', 'As it signs determinations and letters.')}
          {field('credentials', 'Credentials', 'Printed after your name, e.g. MD, FAAPMR.')}
          {field('title', 'Title', 'Printed under your name.')}
          {field('specialty', 'Specialty', 'Letters state the reviewing doctor’s specialty, e.g. Physical Medicine and Rehabilitation.')}
          {field('peerToPeerPhone', 'Peer-to-peer phone', 'The line a treating provider calls to discuss a decision.')}
          {field('npi', 'NPI', 'Your 10-digit NPI, sent with electronic (PAS) responses as the reviewer. Optional.')}
          {error && <Alert severity="error">{error}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => void save()} data-testid="save-profile">Save profile</Button>
      </DialogActions>
    </Dialog>
  );
}
