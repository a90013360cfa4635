/** The Preface's imaging requirement as the evaluation decided it, with the reason per study. */
import { Alert, AlertTitle, Box, Chip, Typography } from '@mui/material';
import type { NodeResult } from '../../shared/rules/evaluation';
import { STATUS_COLOR, STATUS_LABEL } from '../panel/status-style';

const SEVERITY = { met: 'success', 'not-met': 'error', 'not-documented': 'warning', unreviewed: 'info', 'not-applicable': 'info' } as const;

export function ImagingRequirementStatus({ leaf }: { leaf: NodeResult | undefined }) {
  if (!leaf) {
    return <Alert severity="info" sx={{ mb: 1.5 }}>No Preface imaging requirement applies to this case on its date of service.</Alert>;
  }
  const how = leaf.decidedBy === 'imaging' ? 'decided by the studies below'
    : leaf.decidedBy === 'reviewer' ? 'your finding in the Criteria tab' : 'no study recorded yet';
  return (
    <Alert severity={SEVERITY[leaf.status]} icon={false} sx={{ mb: 1.5 }} data-testid="imaging-requirement" data-status={leaf.status}>
      <AlertTitle sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 0.5 }}>
        <Box component="span" sx={{ flexGrow: 1 }}>Preface: advanced imaging read by an independent radiologist</Box>
        <Chip size="small" label={STATUS_LABEL[leaf.status]} color={STATUS_COLOR[leaf.status]} data-testid="imaging-requirement-status" />
      </AlertTitle>
      <Typography variant="caption" color="text.secondary" component="div">{leaf.id} · {how}</Typography>
      {(leaf.detail ?? []).map((d) => (
        <Typography key={d} variant="body2" sx={{ mt: 0.5 }} data-testid="imaging-reason">{d}</Typography>
      ))}
    </Alert>
  );
}
