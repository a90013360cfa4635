/**
 * Earlier requests of the same member for the same or a same-family code (Preface, "Sequential,
 * Similar, or Duplicate Requests"), with their outcome and what the Preface then asks for.
 * Used at intake (by member, codes and date) and in a case's header (by case id).
 */
import { useEffect, useState } from 'react';
import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import type { ApiRequest, ApiResponse } from '../../shared/api/contract';
import { call, messageOf } from '../api/client';
import { formatDate } from '../app/format-date';

type Related = ApiResponse<'cases.related'>;

const OUTCOME_LABEL: Record<string, string> = {
  approved: 'Approved',
  'partially-approved': 'Partially approved',
  denied: 'Denied',
  withdrawn: 'Withdrawn',
  pending: 'Not yet reviewed',
  'in-review': 'In review',
  'pending-info': 'Pending information',
};

export function RelatedRequests({ query, onOpen, quietWhenNone = false }: { query: ApiRequest<'cases.related'> | null; onOpen?: (caseId: string) => void; quietWhenNone?: boolean }) {
  const [result, setResult] = useState<Related | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = query ? JSON.stringify(query) : '';

  useEffect(() => {
    if (!key) {
      setResult(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      call('cases.related', JSON.parse(key) as ApiRequest<'cases.related'>).then(
        (r) => live && (setResult(r), setError(null)),
        (e) => live && setError(messageOf(e)),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [key]);

  if (error) return <Alert severity="warning">Earlier requests could not be searched: {error}</Alert>;
  if (!result) return null;
  if (result.related.length === 0) {
    if (quietWhenNone) return null;
    return (
      <Typography variant="body2" color="text.secondary" data-testid="related-none">
        No earlier request of this member for these or similar codes in the last {result.windowDays} days.
      </Typography>
    );
  }
  return (
    <Alert severity="info" icon={false} data-testid="related-requests" sx={{ '& .MuiAlert-message': { width: '100%' } }}>
      <Typography variant="subtitle2" gutterBottom>
        Earlier requests for the same or similar codes (within {result.windowDays} days)
      </Typography>
      <Stack spacing={1}>
        {result.related.map((r, i) => (
          <Box key={`${r.caseId ?? 'listed'}-${i}`}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Typography variant="body2" sx={{ fontWeight: 600 }}>
                {formatDate(r.date)}
              </Typography>
              <Typography variant="body2">{r.codes.join(', ')}</Typography>
              <Chip size="small" label={OUTCOME_LABEL[r.outcome] ?? r.outcome} color={r.outcome === 'denied' ? 'error' : r.outcome.includes('approved') ? 'success' : 'default'} />
              {r.matches.some((m) => m.kind === 'same-family') && (
                <Typography variant="caption" color="text.secondary">
                  same family: {[...new Set(r.matches.filter((m) => m.familyLabel).map((m) => m.familyLabel))].join('; ')}
                </Typography>
              )}
              {r.caseId && onOpen && r.origin === 'case' ? (
                <Chip size="small" variant="outlined" label={`Open ${r.caseId}`} onClick={() => onOpen(r.caseId!)} />
              ) : r.origin === 'listed' ? (
                <Typography variant="caption" color="text.secondary">listed on the request</Typography>
              ) : null}
            </Stack>
            <Typography variant="caption" color="text.secondary">
              {r.asks}
            </Typography>
          </Box>
        ))}
      </Stack>
    </Alert>
  );
}
