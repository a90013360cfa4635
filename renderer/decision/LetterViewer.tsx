/**
 * A decision letter in pdf.js's own PDFViewer, set up as the record viewer is (bundled worker and
 * fonts through openPdf, text layer on, no annotation layer), without the record's marks and
 * selection: a letter is read and exported, not marked.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Box, LinearProgress } from '@mui/material';
import { AnnotationMode } from 'pdfjs-dist';
import { EventBus, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import 'pdfjs-dist/web/pdf_viewer.css';
import '../viewer/viewer.css';
import { openPdf, type PDFDocumentProxy } from '../viewer/pdfjs';

export function LetterViewer({ url, name }: { url: string; name: string }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let cancelled = false;
    let pdf: PDFDocumentProxy | null = null;
    const eventBus = new EventBus();
    const linkService = new PDFLinkService({ eventBus });
    const viewer = new PDFViewer({ container, eventBus, linkService, annotationMode: AnnotationMode.DISABLE, textLayerMode: 1, removePageBorders: false });
    linkService.setViewer(viewer);
    eventBus.on('pagesinit', () => {
      viewer.currentScaleValue = 'page-width';
    });
    setLoading(true);
    setError(null);
    openPdf(url, name).then(
      (doc) => {
        if (cancelled) return void doc.loadingTask.destroy();
        pdf = doc;
        viewer.setDocument(doc);
        linkService.setDocument(doc);
        setLoading(false);
      },
      (e: Error) => {
        if (!cancelled) {
          setError(e.message);
          setLoading(false);
        }
      },
    );
    return () => {
      cancelled = true;
      viewer.setDocument(null as never);
      void pdf?.loadingTask.destroy();
    };
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
