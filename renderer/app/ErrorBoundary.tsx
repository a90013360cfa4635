import { Component, type ReactNode } from 'react';
import { Alert, Box, Button } from '@mui/material';

/**
 * A fault in one screen shows a message instead of a blank window. Work is saved on every
 * action, so reloading the screen loses nothing.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; onReset?: () => void }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Box sx={{ p: 4 }}>
        <Alert
          severity="error"
          action={<Button color="inherit" onClick={() => { this.setState({ failed: false }); this.props.onReset?.(); }}>Back to the queue</Button>}
        >
          This screen hit an unexpected problem. Everything you saved is kept; go back to the queue and open the case again.
        </Alert>
      </Box>
    );
  }
}
