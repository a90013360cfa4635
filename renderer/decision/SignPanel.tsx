/**
 * The checks before signing, as plain sentences; the Medicare notice; the Sign button, which stays
 * disabled while any check fails and otherwise asks the director to confirm under their name.
 */
import { useState } from 'react';
import { Alert, AlertTitle, Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Typography } from '@mui/material';
import DrawIcon from '@mui/icons-material/Draw';
import type { DecisionState } from '../../shared/api/contract';
import type { CodeDetermination } from '../../shared/determination/schema';
import { OUTCOME_LABEL, formatDateTime } from './outcome-labels';
import { reviewActionOf } from '../../shared/fhir/pas-export';

interface Props {
  state: DecisionState;
  determinations: CodeDetermination[];
  busy: boolean;
  onAcknowledgeCms: () => void;
  onOpenProfile: () => void;
  onSign: () => Promise<boolean>;
}

export function SignPanel({ state, determinations, busy, onAcknowledgeCms, onOpenProfile, onSign }: Props) {
  const [confirming, setConfirming] = useState(false);
  const { problems, profile } = state;
  const acknowledged = state.draft?.cmsPolicyAcknowledgedAt;
  return (
    <Box sx={{ mt: 1 }}>
      {state.cmsPolicyApplies && (
        <Alert severity="info" sx={{ mb: 1 }} data-testid="cms-notice"
          action={!acknowledged && <Button color="inherit" size="small" onClick={onAcknowledgeCms} data-testid="acknowledge-cms">I applied it</Button>}>
          <AlertTitle>Medicare member</AlertTitle>
          CMS coverage policy supersedes the CMM guidelines for this member; decide under the applicable CMS coverage policy.
          {acknowledged && <Typography variant="caption" component="div">Confirmed applied {formatDateTime(acknowledged)}.</Typography>}
        </Alert>
      )}
      {Object.entries(state.alsoNotReviewed).length > 0 && (
        <Alert severity="info" sx={{ mb: 1 }} data-testid="also-not-reviewed">
          <AlertTitle>Still not reviewed</AlertTitle>
          {Object.entries(state.alsoNotReviewed).map(([code, items]) => {
            const outcome = determinations.find((d) => d.code === code)?.outcome;
            const approving = outcome === 'approved' || outcome === 'partially-approved';
            const why = approving ? 'an approval needs them reviewed.' : outcome === 'pending-information' || outcome === undefined ? 'to review before deciding.' : 'not needed for a decision that is not an approval.';
            return (
              <Box key={code} component="details" sx={{ mb: 0.5 }}>
                <Box component="summary" sx={{ cursor: 'pointer', typography: 'body2' }}>
                  {code}: {items.length} {items.length === 1 ? 'criterion' : 'criteria'} not reviewed; {why}
                </Box>
                <Box component="ul" sx={{ m: 0, pl: 2 }}>
                  {items.map((o) => <li key={o.id}><Typography variant="caption">{o.text}{o.why ? ` (${o.why})` : ''}</Typography></li>)}
                </Box>
              </Box>
            );
          })}
        </Alert>
      )}
      {state.notes.map((n, i) => <Alert key={i} severity="info" sx={{ mb: 1 }} data-testid="signing-note">{n}</Alert>)}
      {problems.length > 0 ? (
        <Alert severity="warning" data-testid="signing-problems" sx={{ mb: 1 }}>
          <AlertTitle>Before you can sign</AlertTitle>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {problems.map((p, i) => (
              <li key={i}>
                <Typography variant="body2">{p.message}</Typography>
                {p.kind === 'signer-profile-missing' && <Button size="small" onClick={onOpenProfile} data-testid="open-profile-from-check">Open reviewer profile</Button>}
              </li>
            ))}
          </Box>
        </Alert>
      ) : (
        <Alert severity="success" sx={{ mb: 1 }} data-testid="signing-ready">Every check before signing passes.</Alert>
      )}
      <Button variant="contained" startIcon={<DrawIcon />} fullWidth disabled={busy || problems.length > 0} onClick={() => setConfirming(true)} data-testid="sign">
        Sign the determination
      </Button>
      <Dialog open={confirming} onClose={() => setConfirming(false)} data-testid="sign-dialog">
        <DialogTitle>Sign this determination?</DialogTitle>
        <DialogContent>
          <DialogContentText component="div">
            <Typography variant="body1" sx={{ fontWeight: 600 }} data-testid="signer">
              {profile ? `${profile.name}, ${profile.credentials}` : ''}
            </Typography>
            <Typography variant="body2" sx={{ mb: 1.5 }}>{profile?.title}</Typography>
            {determinations.map((d) => (
              <Typography key={d.code} variant="body2" data-testid={`sign-line-${d.code}`}>
                {d.code}: {OUTCOME_LABEL[d.outcome]}
                {reviewActionOf(d).code === 'A6' && ` — sent to the provider as modified (PAS A6): ${d.approvedUnits ?? '?'} of ${d.requestedUnits} units authorized, with your reason`}
              </Typography>
            ))}
            <Typography variant="body2" sx={{ mt: 1.5 }}>
              Once signed, the case is read-only; a change needs an amendment, which keeps this revision.
            </Typography>
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>Cancel</Button>
          <Button variant="contained" disabled={busy} data-testid="confirm-sign" onClick={() => void onSign().then(() => setConfirming(false))}>Sign</Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
