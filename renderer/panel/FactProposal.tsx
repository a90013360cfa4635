/**
 * A criterion's fact proposed from the record ("9.7 months of conservative care"), with its
 * arithmetic and the passages it rests on. It is only a proposal: "Accept" marks those passages
 * for the criterion and sets the value, both through the ordinary API (so both are audited); until
 * then the criterion's value is whatever the director typed.
 */
import { useEffect, useState } from 'react';
import { Box, Button, Link, Stack, Typography } from '@mui/material';
import CalculateOutlinedIcon from '@mui/icons-material/CalculateOutlined';
import type { FactProposalInfo, ProposalBasisInfo } from '../../shared/api/evidence-api';
import { call } from '../api/client';

interface Props {
  caseId: string;
  criterionId: string;
  /** The value the criterion has now, if any. */
  current: number | undefined;
  /** Changes when marks or findings change, so the proposal is read again. */
  refreshKey: string;
  readOnly: boolean;
  docName: (sha256: string) => string;
  onShow: (b: ProposalBasisInfo) => void;
  onAccept: (p: FactProposalInfo) => Promise<boolean>;
}

const ROLE: Record<ProposalBasisInfo['role'], string> = { start: 'Start', end: 'End', stated: 'Stated', before: 'Before', after: 'After' };

export function FactProposal({ caseId, criterionId, current, refreshKey, readOnly, docName, onShow, onAccept }: Props) {
  const [proposal, setProposal] = useState<FactProposalInfo | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stale = false;
    // A proposal is a convenience: when the record cannot be read yet there is simply none to show.
    call('evidence.proposeFacts', { caseId, criterionId }).then(
      (r) => !stale && setProposal(r.proposals[0] ?? null),
      () => !stale && setProposal(null),
    );
    return () => {
      stale = true;
    };
  }, [caseId, criterionId, refreshKey]);

  if (!proposal) return null;
  const accepted = current === proposal.value && proposal.basis.every((b) => b.alreadyMarked);
  const toMark = proposal.basis.filter((b) => !b.alreadyMarked).length;
  return (
    <Box sx={{ mt: 0.75, p: 0.75, border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: 'grey.50' }} data-testid="fact-proposal">
      <Stack direction="row" spacing={0.75} sx={{ alignItems: 'center' }}>
        <CalculateOutlinedIcon fontSize="small" color="action" />
        <Typography variant="body2" sx={{ flexGrow: 1 }}>
          From the record: <b data-testid="fact-proposal-value">{proposal.value} {proposal.unit}</b>
        </Typography>
        {!readOnly && !accepted && (
          <Button
            size="small"
            variant="contained"
            disableElevation
            disabled={busy}
            sx={{ py: 0, textTransform: 'none' }}
            data-testid="accept-fact-proposal"
            onClick={async () => {
              setBusy(true);
              await onAccept(proposal);
              setBusy(false);
            }}
          >
            {toMark ? `Accept and mark ${toMark === 1 ? 'the passage' : `${toMark} passages`}` : 'Accept'}
          </Button>
        )}
        {accepted && <Typography variant="caption" color="success.main">Accepted</Typography>}
      </Stack>
      <Typography variant="caption" component="div" color="text.secondary" sx={{ mt: 0.25 }} data-testid="fact-proposal-arithmetic">
        {proposal.arithmetic}
      </Typography>
      {proposal.basis.map((b) => (
        <Typography key={`${b.role}-${b.docSha256}-${b.page}-${b.anchor.textStart}`} variant="caption" component="div" sx={{ mt: 0.25 }}>
          <b>{ROLE[b.role]}:</b>{' '}
          <Link component="button" type="button" underline="hover" onClick={() => onShow(b)} sx={{ fontSize: 'inherit', textAlign: 'left', verticalAlign: 'baseline' }}>
            “{b.quote.length > 140 ? `${b.quote.slice(0, 139)}…` : b.quote}”
          </Link>{' '}
          <span style={{ whiteSpace: 'nowrap' }}>({docName(b.docSha256)}, p. {b.page})</span>
        </Typography>
      ))}
      {proposal.notes.map((n) => (
        <Typography key={n} variant="caption" component="div" color="text.secondary">{n}</Typography>
      ))}
    </Box>
  );
}
