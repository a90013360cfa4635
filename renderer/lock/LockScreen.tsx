/**
 * What the window shows when the session is not unlocked: nothing of any case, only a prompt
 * for the passphrase or PIN (or, on a new folder without an OS keyring, a new passphrase).
 */
import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import LockOutlined from '@mui/icons-material/LockOutlined';
import { call, messageOf } from '../api/client';
import { MIN_PASSPHRASE_LENGTH, type SessionStatus } from '../../shared/api/session-api';

const TEXT: Record<Exclude<SessionStatus['state'], 'unlocked'>, { title: string; hint: string; label: string }> = {
  locked: {
    title: 'The workbench is locked',
    hint: 'Patient data is hidden. Enter your passphrase or PIN to continue where you left off.',
    label: 'Passphrase or PIN',
  },
  'needs-passphrase': {
    title: 'Unlock the workbench',
    hint: 'The case data on this computer is encrypted with your passphrase.',
    label: 'Passphrase',
  },
  'needs-new-passphrase': {
    title: 'Choose a passphrase',
    hint: `This computer has no OS keyring to protect the case data, so it is encrypted with a passphrase you choose (at least ${MIN_PASSPHRASE_LENGTH} characters). It cannot be recovered if lost.`,
    label: 'New passphrase',
  },
};

export function LockScreen(props: { status: SessionStatus; onStatus: (s: SessionStatus) => void }) {
  const state = props.status.state === 'unlocked' ? 'locked' : props.status.state;
  const text = TEXT[state];
  const [secret, setSecret] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const needsSecret = state !== 'locked' || props.status.hasPin || props.status.hasPassphrase;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (state === 'needs-new-passphrase' && secret !== confirm) {
      setError('The two passphrases differ.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onStatus(await call('session.unlock', { secret }));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setSecret('');
      setConfirm('');
      setBusy(false);
    }
  }

  return (
    <Box component="main" data-testid="lock-screen" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', bgcolor: 'grey.100' }}>
      <Paper component="form" onSubmit={submit} sx={{ p: 4, width: 420 }} elevation={3} aria-labelledby="lock-title">
        <Stack spacing={2}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <LockOutlined color="primary" />
            <Typography variant="h6" component="h1" id="lock-title">{text.title}</Typography>
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {needsSecret ? text.hint : 'Patient data is hidden. Set a PIN or passphrase in the lock settings to require it here.'}
          </Typography>
          {needsSecret && (
            <TextField
              label={text.label}
              type="password"
              autoFocus
              autoComplete={state === 'needs-new-passphrase' ? 'new-password' : 'current-password'}
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
              slotProps={{ htmlInput: { 'data-testid': 'unlock-secret', maxLength: 1024 } }}
            />
          )}
          {state === 'needs-new-passphrase' && (
            <TextField label="Again, to confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
          )}
          {error && <Alert severity="error">{error}</Alert>}
          <Button type="submit" variant="contained" disabled={busy || (needsSecret && !secret)} data-testid="unlock-submit">
            {state === 'needs-new-passphrase' ? 'Encrypt and start' : 'Unlock'}
          </Button>
        </Stack>
      </Paper>
    </Box>
  );
}
