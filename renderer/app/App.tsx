import { useState } from 'react';
import { CssBaseline, ThemeProvider } from '@mui/material';
import { theme } from './theme';
import { CaseQueue } from '../queue/CaseQueue';
import { CaseView } from '../case/CaseView';
import { ErrorBoundary } from './ErrorBoundary';
import { SessionGate } from '../lock/SessionGate';

export function App() {
  const [openCaseId, setOpenCaseId] = useState<string | null>(null);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <SessionGate>
      <ErrorBoundary key={openCaseId ?? 'queue'} onReset={() => setOpenCaseId(null)}>
        {openCaseId ? (
          <CaseView caseId={openCaseId} onClose={() => setOpenCaseId(null)} />
        ) : (
          <CaseQueue onOpen={setOpenCaseId} />
        )}
      </ErrorBoundary>
      </SessionGate>
    </ThemeProvider>
  );
}
