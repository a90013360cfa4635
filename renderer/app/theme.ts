import { createTheme } from '@mui/material/styles';

// Calm and dense: directors read all day. System fonts (nothing fetched), compact controls.
export const theme = createTheme({
  palette: {
    mode: 'light',
    primary: { main: '#1f4e79' },
    secondary: { main: '#7a4e9e' },
    success: { main: '#2e7d32' },
    // Darker than MUI's default amber so white on it, and it on white, pass WCAG AA (5.3:1).
    warning: { main: '#9c5d00' },
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
    // Headings in order: the page's h1 is set where it is (queue title, member name); panel titles are
    // h2, their sections h3, so screen readers get an outline and no level is skipped.
    MuiTypography: { defaultProps: { variantMapping: { h6: 'h2', subtitle1: 'h3', subtitle2: 'h3' } } },
    // Sentence case everywhere: buttons read like the rest of the screen, not shouted.
    MuiButton: { defaultProps: { size: 'small', disableElevation: true }, styleOverrides: { root: { textTransform: 'none' } } },
    MuiTextField: { defaultProps: { size: 'small' } },
    MuiChip: { defaultProps: { size: 'small' } },
    MuiTooltip: { defaultProps: { arrow: true, enterDelay: 400 } },
  },
});
