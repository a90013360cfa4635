/**
 * A decision letter in pdf.js's own PDFViewer, set up as the record viewer is (bundled worker and
 * fonts through openPdf, text layer on, no annotation layer), without the record's marks and
 * selection: a letter is read and exported, not marked.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Box, LinearProgress } from '@mui/material';
import 'pdfjs-dist/web/pdf_viewer.css';
import '../viewer/viewer.css';
import { mountPdfViewer } from '../viewer/mount-pdf-viewer';

export function LetterViewer({ url, name }: { url: string; name: string }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    setLoading(true);
    setError(null);
    const mounted = mountPdfViewer(container, { url, name }, {
      loaded: () => setLoading(false),
      failed: (message) => {
        setError(message);
        setLoading(false);
      },
    });
    mounted.eventBus.on('pagesinit', () => {
      mounted.viewer.currentScaleValue = 'page-width';
    });
    return () => mounted.dispose();
  }, [url, name]);

  return (
    <Box sx={{ position: 'absolute', inset: 0 }}>
      {loading && <LinearProgress />}
      {error && <Alert severity="error" sx={{ m: 2 }}>{error}</Alert>}
      <div ref={containerRef} className="wb-pdf-container" data-testid="letter-viewer">
        <div className="pdfViewer" />
      </div>
    </Box>
  );
}
