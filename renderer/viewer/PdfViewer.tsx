/**
 * The record in the centre: pdf.js's own PDFViewer (continuous scroll, only visible pages
 * rendered, text layer for selection), with the workbench's highlight layer on top.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Box, IconButton, LinearProgress, Stack, TextField, Tooltip, Typography } from '@mui/material';
import ZoomInIcon from '@mui/icons-material/ZoomIn';
import ZoomOutIcon from '@mui/icons-material/ZoomOut';
import FitWidthIcon from '@mui/icons-material/FitScreen';
import RotateRightIcon from '@mui/icons-material/RotateRight';
import { AnnotationMode } from 'pdfjs-dist';
import { EventBus, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import 'pdfjs-dist/web/pdf_viewer.css';
import './viewer.css';
import type { Mark } from '../../shared/case/schema';
import type { OpenDocument } from '../../shared/api/contract';
import { joinPageText } from '../../shared/text/join-page-text';
import { openPdf, type PDFDocumentProxy } from './pdfjs';
import { drawHighlights, type HighlightRect } from './draw-highlights';
import { pageViewsOf, selectionToAnchor, type SelectionDraft } from './selection-to-anchor';

export interface GoTo {
  page: number;
  /** PDF y coordinate to bring near the top, if known. */
  top?: number;
  nonce: number;
}

interface Props {
  doc: OpenDocument;
  marks: Mark[];
  activeMarkId?: string | null;
  colorOf: (mark: Mark) => string;
  titleOf: (mark: Mark) => string;
  goTo?: GoTo | null;
  initialPage?: number;
  onSelection: (draft: SelectionDraft | null) => void;
  onPageChange?: (page: number) => void;
}

export function PdfViewer({ doc, marks, activeMarkId, colorOf, titleOf, goTo, initialPage, onSelection, onPageChange }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<PDFViewer | null>(null);
  const pdfRef = useRef<PDFDocumentProxy | null>(null);
  const textCache = useRef(new Map<number, Promise<string>>());
  const highlightsRef = useRef<Map<number, HighlightRect[]>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [page, setPage] = useState(1);
  const [pageInput, setPageInput] = useState('1');

  // Marks grouped by page, recomputed when marks change; pages are redrawn from this map.
  useEffect(() => {
    const byPage = new Map<number, HighlightRect[]>();
    for (const m of marks) {
      if (m.removed || m.docSha256 !== doc.sha256) continue;
      const add = (p: number, rects: Mark['rects']) => {
        const list = byPage.get(p) ?? [];
        for (const rect of rects) list.push({ markId: m.id, rect, color: colorOf(m), active: m.id === activeMarkId, title: titleOf(m) });
        byPage.set(p, list);
      };
      add(m.page, m.rects);
      for (const [p, rects] of Object.entries(m.rectsByPage ?? {})) add(Number(p), rects);
    }
    const before = highlightsRef.current;
    highlightsRef.current = byPage;
    const viewer = viewerRef.current;
    if (!viewer) return;
    for (const view of pageViewsOf(viewer)) {
      const next = byPage.get(view.id) ?? [];
      if (JSON.stringify(before.get(view.id) ?? []) !== JSON.stringify(next)) {
        drawHighlights(view.div, view.viewport as never, next);
      }
    }
  }, [marks, activeMarkId, doc.sha256, colorOf, titleOf]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let cancelled = false;
    const eventBus = new EventBus();
    const linkService = new PDFLinkService({ eventBus });
    const viewer = new PDFViewer({
      container,
      eventBus,
      linkService,
      // Links and forms in a submitted record are not followed: no annotation layer at all.
      annotationMode: AnnotationMode.DISABLE,
      textLayerMode: 1,
      removePageBorders: false,
    });
    linkService.setViewer(viewer);
    viewerRef.current = viewer;
    textCache.current = new Map();
    setError(null);
    setLoading(true);

    const redraw = ({ pageNumber }: { pageNumber: number }) => {
      const view = viewer.getPageView(pageNumber - 1) as unknown as { div: HTMLDivElement; viewport: never } | undefined;
      if (view?.div) drawHighlights(view.div, view.viewport, highlightsRef.current.get(pageNumber) ?? []);
    };
    eventBus.on('pagerendered', redraw);
    eventBus.on('pagesinit', () => {
      viewer.currentScaleValue = 'page-width';
      if (initialPage && initialPage > 1) viewer.currentPageNumber = Math.min(initialPage, viewer.pagesCount);
    });
    eventBus.on('pagechanging', ({ pageNumber }: { pageNumber: number }) => {
      setPage(pageNumber);
      setPageInput(String(pageNumber));
      onPageChange?.(pageNumber);
    });

    openPdf(doc.url, doc.name).then(
      (pdf) => {
        if (cancelled) {
          void pdf.loadingTask.destroy();
          return;
        }
        pdfRef.current = pdf;
        viewer.setDocument(pdf);
        linkService.setDocument(pdf);
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
      viewerRef.current = null;
      viewer.setDocument(null as never);
      void pdfRef.current?.loadingTask.destroy();
      pdfRef.current = null;
    };
    // The viewer is rebuilt only when the document changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc.url]);

  useEffect(() => {
    const viewer = viewerRef.current;
    if (!goTo || !viewer || !pdfRef.current) return;
    const page = Math.max(1, Math.min(goTo.page, viewer.pagesCount));
    if (goTo.top !== undefined) {
      viewer.scrollPageIntoView({ pageNumber: page, destArray: [null, { name: 'XYZ' }, 0, goTo.top + 60, null] });
    } else {
      viewer.scrollPageIntoView({ pageNumber: page });
    }
  }, [goTo]);

  const pageText = (p: number): Promise<string> => {
    const cached = textCache.current.get(p);
    if (cached) return cached;
    const pdf = pdfRef.current;
    if (!pdf) return Promise.resolve('');
    const promise = pdf.getPage(p).then((pg) => pg.getTextContent()).then((tc) => joinPageText(tc.items as { str: string; hasEOL?: boolean }[]));
    textCache.current.set(p, promise);
    return promise;
  };

  const onMouseUp = async () => {
    const viewer = viewerRef.current;
    if (!viewer) return;
    onSelection(await selectionToAnchor(viewer, doc.sha256, pageText));
  };

  const zoom = (factor: number) => {
    const viewer = viewerRef.current;
    if (viewer) viewer.currentScale = Math.max(0.25, Math.min(5, viewer.currentScale * factor));
  };
  const fitWidth = () => {
    if (viewerRef.current) viewerRef.current.currentScaleValue = 'page-width';
  };
  const rotate = () => {
    const viewer = viewerRef.current;
    if (viewer) viewer.pagesRotation = (viewer.pagesRotation + 90) % 360;
  };
  const goToTyped = () => {
    const n = Number(pageInput);
    const viewer = viewerRef.current;
    if (viewer && Number.isInteger(n) && n >= 1 && n <= viewer.pagesCount) viewer.currentPageNumber = n;
    else setPageInput(String(page));
  };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minWidth: 0 }}>
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center',  px: 1, py: 0.5, borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }}>
        <Typography variant="subtitle2" noWrap sx={{ flexGrow: 1, minWidth: 0 }} title={doc.name}>{doc.name}</Typography>
        <TextField
          value={pageInput}
          onChange={(e) => setPageInput(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && goToTyped()}
          onBlur={goToTyped}
          slotProps={{ htmlInput: { 'aria-label': 'Page number', style: { width: 36, textAlign: 'right', padding: '2px 6px' } } }}
        />
        <Typography variant="body2" color="text.secondary" sx={{ pr: 1 }}>of {doc.pageCount}</Typography>
        <Tooltip title="Zoom out"><IconButton size="small" onClick={() => zoom(1 / 1.2)} aria-label="Zoom out"><ZoomOutIcon fontSize="small" /></IconButton></Tooltip>
        <Tooltip title="Zoom in"><IconButton size="small" onClick={() => zoom(1.2)} aria-label="Zoom in"><ZoomInIcon fontSize="small" /></IconButton></Tooltip>
        <Tooltip title="Fit to width"><IconButton size="small" onClick={fitWidth} aria-label="Fit to width"><FitWidthIcon fontSize="small" /></IconButton></Tooltip>
        <Tooltip title="Rotate"><IconButton size="small" onClick={rotate} aria-label="Rotate"><RotateRightIcon fontSize="small" /></IconButton></Tooltip>
      </Stack>
      {loading && <LinearProgress />}
      {error && <Alert severity="error" sx={{ m: 2 }}>{error}</Alert>}
      <Box sx={{ position: 'relative', flexGrow: 1, minHeight: 0 }}>
        <div ref={containerRef} className="wb-pdf-container" onMouseUp={onMouseUp} data-testid="pdf-container">
          <div className="pdfViewer" />
        </div>
      </Box>
    </Box>
  );
}
