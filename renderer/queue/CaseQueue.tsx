import { useCallback, useEffect, useState } from 'react';
import {
  Alert, AppBar, Box, Button, Chip, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Toolbar, Typography,
} from '@mui/material';
import type { CaseSummary } from '../../shared/case/schema';
import { call, messageOf } from '../api/client';

const STATUS_LABEL: Record<CaseSummary['status'], string> = {
  new: 'New',
  'in-review': 'In review',
  'pending-info': 'Pending information',
  signed: 'Signed',
};

export function CaseQueue({ onOpen }: { onOpen: (caseId: string) => void }) {
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('cases.list', {}).then(setCases, (e) => setError(messageOf(e)));
  }, []);

  const openDemo = useCallback(async () => {
    setBusy(true);
    try {
      const { caseId } = await call('cases.loadDemo', {});
      onOpen(caseId);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }, [onOpen]);

  return (
    <Box sx={{ minHeight: '100vh', bgcolor: 'background.default' }}>
      <AppBar position="static" color="primary" elevation={0}>
        <Toolbar variant="dense">
          <Typography variant="h6" sx={{ flexGrow: 1 }}>Review queue</Typography>
          <Button color="inherit" variant="outlined" onClick={openDemo} disabled={busy} data-testid="open-demo">
            Open the demo case
          </Button>
        </Toolbar>
      </AppBar>
      <Box sx={{ p: 3, maxWidth: 1200, mx: 'auto' }}>
        {error && <Alert severity="error" sx={{ mb: 2 }}>{error}</Alert>}
        {cases && cases.length === 0 && (
          <Paper sx={{ p: 4, textAlign: 'center' }} data-testid="empty-queue">
            <Typography variant="h6" gutterBottom>No cases yet</Typography>
            <Typography color="text.secondary" sx={{ mb: 2 }}>
              The built-in demo case is a synthetic request for a spinal cord stimulator trial, with the clinic's notes,
              the independent radiologist's MRI report and scanned physical-therapy notes.
            </Typography>
            <Button variant="contained" onClick={openDemo} disabled={busy}>Open the demo case</Button>
          </Paper>
        )}
        {cases && cases.length > 0 && (
          <Paper variant="outlined">
            <Table size="small" data-testid="case-table">
              <TableHead>
                <TableRow>
                  <TableCell>Member</TableCell>
                  <TableCell>Codes</TableCell>
                  <TableCell>Guideline</TableCell>
                  <TableCell>Urgency</TableCell>
                  <TableCell>Date of service</TableCell>
                  <TableCell>Status</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {cases.map((c) => (
                  <TableRow key={c.id} hover sx={{ cursor: c.damaged ? 'default' : 'pointer' }} onClick={() => !c.damaged && onOpen(c.id)}>
                    <TableCell>
                      {c.damaged ? (
                        <Stack>
                          <Typography color="error" variant="body2">Case {c.id} cannot be opened</Typography>
                          <Typography variant="caption" color="text.secondary">{c.damaged}</Typography>
                        </Stack>
                      ) : (
                        <>{c.memberName} <Typography component="span" variant="caption" color="text.secondary">{c.memberId}</Typography></>
                      )}
                    </TableCell>
                    <TableCell>{c.codes.join(', ')}</TableCell>
                    <TableCell>{c.guidelineId}</TableCell>
                    <TableCell>{c.urgency === 'expedited' ? <Chip color="error" label="Expedited" /> : 'Standard'}</TableCell>
                    <TableCell>{c.dateOfService}</TableCell>
                    <TableCell>{STATUS_LABEL[c.status]}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Paper>
        )}
      </Box>
    </Box>
  );
}
