import { useState } from 'react';
import { CssBaseline, ThemeProvider } from '@mui/material';
import { theme } from './theme';
import { CaseQueue } from '../queue/CaseQueue';
import { CaseView } from '../case/CaseView';

export function App() {
  const [openCaseId, setOpenCaseId] = useState<string | null>(null);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      {openCaseId ? (
        <CaseView caseId={openCaseId} onClose={() => setOpenCaseId(null)} />
      ) : (
        <CaseQueue onOpen={setOpenCaseId} />
      )}
    </ThemeProvider>
  );
}
