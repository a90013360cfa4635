/**
 * The team database, set up by the director: the URL (no password in it, TLS verify-full with the
 * CA file) and the login's password, tested before anything is saved. Saved, the password is
 * encrypted with the data folder's key; the next start opens the team store. The store a window
 * works on is chosen at start, so a change here says to restart rather than switching cases away
 * under an open review.
 */
import { useEffect, useState } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import type { ApiResponse } from '../../shared/api/contract';
import type { TeamProbe } from '../../shared/api/team-api';
import { call, messageOf } from '../api/client';

type Connection = ApiResponse<'team.connection'>;
type Outcome = { severity: 'success' | 'error' | 'info'; text: string };

const EXAMPLE = 'postgres://login@db.example.org:5432/workbench?sslmode=verify-full&sslrootcert=/path/to/ca.crt';

function currentStore(c: Connection): string {
  if (c.mode === 'local') return "This window works on this machine's own encrypted store.";
  const how = c.source === 'environment' ? 'chosen by WORKBENCH_DATABASE_URL' : 'saved here';
  return `This window works on the team database ${c.database} (${how}).`;
}

export function TeamSettingsDialog({ onClose }: { onClose: () => void }) {
  const [connection, setConnection] = useState<Connection | null>(null);
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [probe, setProbe] = useState<TeamProbe | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const reload = () =>
    call('team.connection', {}).then(
      (c) => {
        setConnection(c);
        setUrl((u) => u || c.saved?.url || '');
      },
      (e: unknown) => setOutcome({ severity: 'error', text: messageOf(e) }),
    );
  useEffect(() => {
    void reload();
  }, []);

  async function run(action: 'team.testConnection' | 'team.saveConnection') {
    setBusy(true);
    setOutcome(null);
    setProbe(null);
    try {
      const r = await call(action, { url, password });
      setProbe(r.probe);
      if (r.problem) setOutcome({ severity: 'error', text: `${r.problem}${action === 'team.saveConnection' ? ' Nothing was saved.' : ''}` });
      else if ('saved' in r && r.saved) {
        const when = connection?.source === 'environment' ? 'It is used at a start without WORKBENCH_DATABASE_URL.' : 'Restart the workbench to work on the team database.';
        setOutcome({ severity: 'success', text: `Saved, the password encrypted with this data folder's key. ${when}` });
        setPassword('');
        void reload();
      } else setOutcome({ severity: 'success', text: 'The connection works: save it to use it from the next start.' });
    } catch (e) {
      setOutcome({ severity: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  async function forget() {
    setBusy(true);
    try {
      await call('team.forgetConnection', {});
      setOutcome({ severity: 'info', text: "The saved connection is removed. From the next start this workbench works on this machine's own store." });
      setUrl('');
      setProbe(null);
      await reload();
    } catch (e) {
      setOutcome({ severity: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="team-settings-title">
      <DialogTitle id="team-settings-title">Team database</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 0.5 }}>
          {connection && <DialogContentText data-testid="team-current">{currentStore(connection)}</DialogContentText>}
          {connection?.source === 'environment' && (
            <Alert severity="info">WORKBENCH_DATABASE_URL is set for this start: it is used instead of any connection saved here.</Alert>
          )}
          <DialogContentText variant="body2">
            A department shares one PostgreSQL database. The database administrator gives you a login in a team role and the
            certificate authority file of the server; the connection is always TLS with the server's name verified.
          </DialogContentText>
          <TextField
            label="Database URL"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder={EXAMPLE}
            helperText="postgres://login@host:port/database?sslmode=verify-full&sslrootcert=/path/to/ca.crt — no password in it"
            fullWidth
            autoComplete="off"
            slotProps={{ htmlInput: { 'data-testid': 'team-url', spellCheck: false } }}
          />
          <TextField
            label="Password of the login"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            fullWidth
            autoComplete="off"
            slotProps={{ htmlInput: { 'data-testid': 'team-password' } }}
          />
          {outcome && <Alert severity={outcome.severity} data-testid="team-outcome">{outcome.text}</Alert>}
          {probe && probe.lines.length > 0 && (
            <Box component="ul" aria-label="What the workbench found" data-testid="team-probe" sx={{ m: 0, px: 2, py: 1, bgcolor: 'action.hover', borderRadius: 1, listStyle: 'none' }}>
              {probe.lines.map((l) => (
                <Typography component="li" variant="body2" key={l} sx={{ py: 0.25 }}>{l}</Typography>
              ))}
            </Box>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        {connection?.saved && (
          <Button color="warning" onClick={() => void forget()} disabled={busy} data-testid="team-forget" sx={{ mr: 'auto' }}>
            Forget the saved connection
          </Button>
        )}
        <Button onClick={onClose}>Close</Button>
        <Button onClick={() => void run('team.testConnection')} disabled={busy || !url.trim() || !password} data-testid="team-test">
          Test
        </Button>
        <Button variant="contained" onClick={() => void run('team.saveConnection')} disabled={busy || !url.trim() || !password} data-testid="team-save">
          Test and save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
