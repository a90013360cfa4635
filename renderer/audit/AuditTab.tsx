/**
 * The case's audit trail: every change, who made it and when, oldest first, and whether the hash
 * chain still holds (each event carries the hash of the one before, so an edited, removed or
 * reordered line shows as a break at that event).
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Box, Chip, CircularProgress, IconButton, Stack, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import RefreshIcon from '@mui/icons-material/Refresh';
import type { ApiResponse } from '../../shared/api/contract';
import type { CaseTabProps } from '../case/case-tab-props';
import { call, messageOf } from '../api/client';

type Trail = ApiResponse<'audit.list'>;

const BREAK: Record<string, string> = {
  altered: 'was changed after it was written',
  removed: 'is missing',
  reordered: 'is out of order',
  unparseable: 'cannot be read',
};

function ChainStatus({ trail }: { trail: Trail }) {
  const { chain } = trail;
  if (chain.ok) {
    return (
      <Alert severity="success" data-testid="audit-chain" data-ok="true" sx={{ mb: 1 }}>
        Chain intact: {chain.count} event{chain.count === 1 ? '' : 's'}, each sealed with the hash of the one before.
      </Alert>
    );
  }
  return (
    <Alert severity="error" data-testid="audit-chain" data-ok="false" sx={{ mb: 1 }}>
      The trail is broken: event {chain.firstBad.seq} {BREAK[chain.firstBad.reason] ?? chain.firstBad.reason}. Everything from there on cannot be trusted.
      {trail.problem && <Typography variant="caption" component="div">{trail.problem}</Typography>}
    </Alert>
  );
}

export function AuditTab({ caseId, open }: CaseTabProps) {
  const [trail, setTrail] = useState<Trail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    call('audit.list', { caseId }).then(
      (t) => {
        setTrail(t);
        setError(null);
      },
      (e) => setError(messageOf(e)),
    );
  }, [caseId]);
  // Re-read when the case changes (a sign, an export), since every change appends an event.
  useEffect(load, [load, open.caseFile.updatedAt]);

  if (error) return <Alert severity="error" sx={{ m: 2 }}>{error}</Alert>;
  if (!trail) return <Box sx={{ display: 'grid', placeItems: 'center', height: '100%' }}><CircularProgress /></Box>;
  const newestFirst = [...trail.events].reverse();
  return (
    <Box sx={{ height: '100%', overflow: 'auto', p: 1.5 }} data-testid="audit-tab">
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, flexGrow: 1 }}>Audit trail</Typography>
        <Tooltip title="Read again"><IconButton size="small" onClick={load} aria-label="Read the audit trail again"><RefreshIcon fontSize="small" /></IconButton></Tooltip>
      </Stack>
      <ChainStatus trail={trail} />
      {newestFirst.length === 0 ? (
        <Typography variant="body2" color="text.secondary">No change recorded yet.</Typography>
      ) : (
        <Table size="small" data-testid="audit-events" sx={{ '& td, & th': { px: 0.75, verticalAlign: 'top' } }}>
          <TableHead>
            <TableRow><TableCell>#</TableCell><TableCell>When / who</TableCell><TableCell>What</TableCell></TableRow>
          </TableHead>
          <TableBody>
            {newestFirst.map((e) => (
              <TableRow key={e.seq} data-testid="audit-event" data-type={e.type}>
                <TableCell sx={{ color: 'text.secondary' }}>{e.seq}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <Typography variant="body2">{new Date(e.at).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' })}</Typography>
                  <Typography variant="caption" color="text.secondary">{e.actor}</Typography>
                </TableCell>
                <TableCell>
                  <Chip size="small" label={e.type} sx={{ mb: 0.5 }} />
                  <Typography variant="body2" sx={{ wordBreak: 'break-word' }}>{e.summary}</Typography>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
