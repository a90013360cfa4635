import { Alert, Box } from '@mui/material';
import type { CaseTabProps } from '../case/case-tab-props';

export function DecisionTab(_props: CaseTabProps) {
  return (
    <Box sx={{ p: 2 }}>
      <Alert severity="info">Not built yet.</Alert>
    </Box>
  );
}
