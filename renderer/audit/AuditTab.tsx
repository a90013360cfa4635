/**
 * The case's audit trail: every change, who made it and when, oldest first, and whether the hash
 * chain still holds (each event carries the hash of the one before, so an edited, removed or
 * reordered line shows as a break at that event).
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Box, Chip, CircularProgress, IconButton, Stack, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import RefreshIcon from '@mui/icons-material/Refresh';
import type { ApiResponse, ReviewEvaluation, OpenCase } from '../../shared/api/contract';
import type { NodeResult } from '../../shared/rules/evaluation';
import { auditEventInWords, withoutRepeats, type AuditContext } from '../../shared/audit/audit-in-words';
import { studyLabel } from '../../shared/imaging/reconcile-imaging';
import { countOf } from '../../shared/text/count-of';
import type { CaseTabProps } from '../case/case-tab-props';
import { call, messageOf } from '../api/client';
import { formatDateTime } from '../app/format-date';
import { AUDIT_TYPE_LABEL } from '../../shared/audit/audit-type-label';

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
        Chain intact: {countOf(chain.count, 'event')}, each sealed with the hash of the one before.
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

/** What this case calls the ids the trail names: documents, marks, criteria and their facts, studies, revisions. */
function contextOf(open: OpenCase, review: ReviewEvaluation): AuditContext {
  const leaves = new Map<string, NodeResult>();
  const walk = (n: NodeResult) => (n.kind === 'leaf' ? leaves.set(n.id, n) : n.children?.forEach(walk));
  review.evaluation.rules.forEach((r) => walk(r.tree));
  const c = open.caseFile;
  return {
    documentName: (sha) => c.documents.find((d) => d.sha256 === sha)?.name,
    mark: (id) => c.marks.find((m) => m.id === id),
    criterionText: (id) => leaves.get(id)?.text,
    fact: (id, name) => {
      const f = leaves.get(id)?.fact;
      return f && f.name === name ? { label: f.label, unit: f.unit } : undefined;
    },
    studyLabel: (id) => {
      const s = c.imaging.find((x) => x.id === id);
      return s ? studyLabel(s) : undefined;
    },
    revisionNumber: (id) => c.revisions.find((r) => r.id === id)?.number,
  };
}

export function AuditTab({ caseId, open, review }: CaseTabProps) {
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
  const ctx = contextOf(open, review);
  // A draft saved twice in a row with the same words is one line, with how often.
  const newestFirst = withoutRepeats(trail.events.map((e) => ({ ...e, summary: auditEventInWords(e, ctx) }))).reverse();
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
            {newestFirst.map(({ event: e, times }) => (
              <TableRow key={e.seq} data-testid="audit-event" data-type={e.type}>
                <TableCell sx={{ color: 'text.secondary' }}>{times > 1 ? `${e.seq - times + 1}–${e.seq}` : e.seq}</TableCell>
                <TableCell>
                  <Typography variant="body2">{formatDateTime(e.at)}</Typography>
                  <Typography variant="caption" color="text.secondary">{e.actor}</Typography>
                </TableCell>
                <TableCell>
                  <Chip size="small" label={AUDIT_TYPE_LABEL[e.type]} sx={{ mb: 0.5 }} />
                  <Typography variant="body2" sx={{ wordBreak: 'break-word' }} data-testid="audit-words">
                    {e.summary}{times > 1 ? ` (${countOf(times, 'time')})` : ''}
                  </Typography>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
