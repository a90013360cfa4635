/** A signed revision as it was signed: per code, the outcome, units and period, reasons with their citations, the rationales. */
import { Box, Chip, Stack, Typography } from '@mui/material';
import type { CodeDetermination, SignedRevision } from '../../shared/determination/schema';
import { OUTCOME_LABEL, citationOf, formatDateTime, outcomeColor } from './outcome-labels';
import { formatDate } from '../app/format-date';

function Labelled({ label, text }: { label: string; text?: string | undefined }) {
  if (!text?.trim()) return null;
  return (
    <Typography variant="body2" sx={{ mt: 0.75 }}>
      <Box component="span" sx={{ color: 'text.secondary' }}>{label}: </Box>{text}
    </Typography>
  );
}

function CodeSummary({ d }: { d: CodeDetermination }) {
  return (
    <Box sx={{ py: 1, borderBottom: 1, borderColor: 'divider' }} data-testid={`signed-${d.code}`}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <Typography variant="subtitle2" sx={{ fontWeight: 700 }}>{d.code}</Typography>
        <Chip size="small" color={outcomeColor(d.outcome)} label={OUTCOME_LABEL[d.outcome]}
          sx={{ height: 'auto', py: 0.25, '& .MuiChip-label': { whiteSpace: 'normal' } }} />
      </Stack>
      {d.approvedUnits !== undefined && d.authorization && (
        <Typography variant="body2" sx={{ mt: 0.5 }}>{d.approvedUnits} of {d.requestedUnits} units, {formatDate(d.authorization.start)} through {formatDate(d.authorization.end)}</Typography>
      )}
      {d.reasons.length > 0 && (
        <Box component="ul" sx={{ my: 0.5, pl: 2.5 }}>
          {d.reasons.map((r, i) => (
            <li key={i}>
              <Typography variant="body2">{r.text}</Typography>
              <Typography variant="caption" color="text.secondary">{citationOf(r)}</Typography>
            </li>
          ))}
        </Box>
      )}
      <Labelled label="Clinical rationale" text={d.clinicalRationale} />
      <Labelled label="Exception rationale" text={d.exceptionRationale} />
      <Labelled label="What would change the outcome" text={d.whatWouldChange} />
    </Box>
  );
}

export function RevisionView({ revision }: { revision: SignedRevision }) {
  return (
    <Box data-testid={`revision-view-${revision.number}`}>
      <Typography variant="body2" color="text.secondary">
        Revision {revision.number}, signed {formatDateTime(revision.signedAt)} by{' '}
        <b>{revision.signer.name}, {revision.signer.credentials}</b>
        {revision.supersedes ? ` · supersedes ${revision.supersedes}` : ''}
      </Typography>
      {revision.determinations.map((d) => <CodeSummary key={d.code} d={d} />)}
      {revision.cmsPolicyAcknowledgedAt && <Typography variant="caption" color="text.secondary">CMS coverage policy confirmed applied {formatDateTime(revision.cmsPolicyAcknowledgedAt)}.</Typography>}
    </Box>
  );
}
