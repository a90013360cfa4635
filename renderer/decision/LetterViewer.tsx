/**
 * A decision letter in pdf.js's own PDFViewer, set up as the record viewer is (bundled worker and
 * fonts through openPdf, text layer on, no annotation layer), without the record's marks and
 * selection: a letter is read and exported, not marked. It opens with the whole first page in
 * view; fit width, fit page and zoom (buttons, or + and -) change that.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, IconButton, LinearProgress, Stack, Tooltip, Typography } from '@mui/material';
import ZoomInIcon from '@mui/icons-material/ZoomIn';
import ZoomOutIcon from '@mui/icons-material/ZoomOut';
import 'pdfjs-dist/web/pdf_viewer.css';
import '../viewer/viewer.css';
import type { PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import { mountPdfViewer } from '../viewer/mount-pdf-viewer';
import { countOf } from '../../shared/text/count-of';

type Fit = 'page-fit' | 'page-width' | null;

export function LetterViewer({ url, name }: { url: string; name: string }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<PDFViewer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [scale, setScale] = useState(1);
  const [fit, setFit] = useState<Fit>('page-fit');
  const [pages, setPages] = useState(0);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    setLoading(true);
    setError(null);
    const mounted = mountPdfViewer(container, { url, name }, {
      loaded: (pdf) => {
        setLoading(false);
        setPages(pdf.numPages);
      },
      failed: (message) => {
        setError(message);
        setLoading(false);
      },
    });
    viewerRef.current = mounted.viewer;
    mounted.eventBus.on('pagesinit', () => {
      mounted.viewer.currentScaleValue = 'page-fit';
    });
    mounted.eventBus.on('scalechanging', ({ scale: s }: { scale: number }) => setScale(s));
    return () => {
      viewerRef.current = null;
      mounted.dispose();
    };
  }, [url, name]);

  const fitTo = (f: Exclude<Fit, null>) => {
    const viewer = viewerRef.current;
    if (viewer) viewer.currentScaleValue = f;
    setFit(f);
  };
  const zoom = (factor: number) => {
    const viewer = viewerRef.current;
    if (viewer) viewer.currentScale = Math.max(0.25, Math.min(4, viewer.currentScale * factor));
    setFit(null);
  };

  return (
    <Box sx={{ position: 'absolute', inset: 0, display: 'flex', flexDirection: 'column' }}
      onKeyDown={(e) => {
        if (e.key === '+' || e.key === '=') zoom(1.2);
        else if (e.key === '-') zoom(1 / 1.2);
      }}>
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', px: 1, py: 0.5, borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }} data-testid="letter-toolbar">
        <Typography variant="body2" color="text.secondary" sx={{ flexGrow: 1 }}>{pages ? countOf(pages, 'page') : ''}</Typography>
        <Button size="small" variant={fit === 'page-fit' ? 'contained' : 'text'} onClick={() => fitTo('page-fit')} data-testid="letter-fit-page">Fit page</Button>
        <Button size="small" variant={fit === 'page-width' ? 'contained' : 'text'} onClick={() => fitTo('page-width')} data-testid="letter-fit-width">Fit width</Button>
        <Tooltip title="Zoom out (-)"><IconButton size="small" onClick={() => zoom(1 / 1.2)} aria-label="Zoom out"><ZoomOutIcon fontSize="small" /></IconButton></Tooltip>
        <Typography variant="body2" sx={{ minWidth: 44, textAlign: 'center' }} data-testid="letter-zoom" aria-live="polite">{Math.round(scale * 100)}%</Typography>
        <Tooltip title="Zoom in (+)"><IconButton size="small" onClick={() => zoom(1.2)} aria-label="Zoom in"><ZoomInIcon fontSize="small" /></IconButton></Tooltip>
      </Stack>
      {loading && <LinearProgress aria-label="Loading the letter" />}
      {error && <Alert severity="error" sx={{ m: 2 }}>{error}</Alert>}
      <Box sx={{ position: 'relative', flexGrow: 1, minHeight: 0 }}>
        <div ref={containerRef} className="wb-pdf-container" data-testid="letter-viewer" tabIndex={0} aria-label={name}>
          <div className="pdfViewer" />
        </div>
      </Box>
    </Box>
  );
}
