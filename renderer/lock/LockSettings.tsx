/** The reviewer's lock settings: idle time, PIN, passphrase; and a button to lock at once. */
import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, MenuItem, Stack, TextField, Tooltip } from '@mui/material';
import LockOutlined from '@mui/icons-material/LockOutlined';
import SettingsOutlined from '@mui/icons-material/SettingsOutlined';
import { call, messageOf } from '../api/client';
import type { SessionStatus } from '../../shared/api/session-api';

const IDLE_CHOICES = [0, 1, 5, 10, 15, 30, 60];

export function LockControls(props: { status: SessionStatus; onStatus: (s: SessionStatus) => void; onLock: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <Stack direction="row" component="aside" aria-label="Session lock" sx={{ position: 'fixed', left: 4, bottom: 4, zIndex: 1200, opacity: 0.8 }}>
      <Tooltip title="Lock now">
        <IconButton size="small" onClick={props.onLock} data-testid="lock-now" aria-label="Lock now">
          <LockOutlined fontSize="small" />
        </IconButton>
      </Tooltip>
      <Tooltip title="Lock settings">
        <IconButton size="small" onClick={() => setOpen(true)} data-testid="lock-settings" aria-label="Lock settings">
          <SettingsOutlined fontSize="small" />
        </IconButton>
      </Tooltip>
      {open && <LockSettingsDialog status={props.status} onStatus={props.onStatus} onClose={() => setOpen(false)} />}
    </Stack>
  );
}

function LockSettingsDialog(props: { status: SessionStatus; onStatus: (s: SessionStatus) => void; onClose: () => void }) {
  const { status } = props;
  const [current, setCurrent] = useState('');
  const [pin, setPin] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const needsCurrent = status.hasPin || status.hasPassphrase;

  async function run(what: string, action: () => Promise<SessionStatus>) {
    try {
      props.onStatus(await action());
      setMessage({ ok: true, text: what });
      setPin('');
      setPassphrase('');
      setCurrent('');
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }
  const cur = needsCurrent ? current : undefined;

  return (
    <Dialog open onClose={props.onClose} maxWidth="xs" fullWidth>
      <DialogTitle>Lock settings</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField
            select
            label="Lock after no input for"
            value={status.idleLockMinutes}
            onChange={(e) => void run('Idle time saved.', () => call('settings.setIdleLock', { minutes: Number(e.target.value) }))}
          >
            {IDLE_CHOICES.map((m) => (
              <MenuItem key={m} value={m}>
                {m === 0 ? 'Never' : `${m} minute${m === 1 ? '' : 's'}`}
              </MenuItem>
            ))}
          </TextField>
          {needsCurrent && <TextField label="Current passphrase or PIN" type="password" value={current} onChange={(e) => setCurrent(e.target.value)} />}
          <Stack direction="row" spacing={1}>
            <TextField label={status.hasPin ? 'New PIN' : 'PIN (4–12 digits)'} type="password" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} sx={{ flex: 1 }} />
            <Button onClick={() => void run('PIN saved.', () => call('session.setPin', { current: cur, pin }))} disabled={pin.length < 4}>
              Set PIN
            </Button>
            {status.hasPin && <Button onClick={() => void run('PIN removed.', () => call('session.setPin', { current: cur, pin: null }))}>Remove</Button>}
          </Stack>
          <Stack direction="row" spacing={1}>
            <TextField label={status.hasPassphrase ? 'New passphrase' : 'Passphrase (for the CLI and unlocking)'} type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} sx={{ flex: 1 }} />
            <Button onClick={() => void run('Passphrase saved.', () => call('session.setPassphrase', { current: cur, passphrase }))} disabled={passphrase.length < 8}>
              Set
            </Button>
          </Stack>
          {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
