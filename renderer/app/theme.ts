import { createTheme } from '@mui/material/styles';

// Calm and dense: directors read all day. System fonts (nothing fetched), compact controls.
export const theme = createTheme({
  palette: {
    mode: 'light',
    primary: { main: '#1f4e79' },
    secondary: { main: '#7a4e9e' },
    success: { main: '#2e7d32' },
    warning: { main: '#b26a00' },
    error: { main: '#b3261e' },
    background: { default: '#f3f5f8', paper: '#ffffff' },
  },
  typography: {
    fontFamily: '"Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif',
    fontSize: 13,
    h6: { fontSize: 16, fontWeight: 600 },
    subtitle2: { fontWeight: 600 },
  },
  shape: { borderRadius: 6 },
  components: {
    MuiButton: { defaultProps: { size: 'small', disableElevation: true } },
    MuiTextField: { defaultProps: { size: 'small' } },
    MuiChip: { defaultProps: { size: 'small' } },
    MuiTooltip: { defaultProps: { arrow: true, enterDelay: 400 } },
  },
});
