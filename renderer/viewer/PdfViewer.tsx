/**
 * The record in the centre: pdf.js's own PDFViewer (continuous scroll, only visible pages
 * rendered, text layer for selection), with the workbench's layers on top of each page: marks
 * (re-anchored on the current text), find hits, an invisible OCR text layer on scanned pages,
 * and the rectangle of an area mark being drawn. Every layer is redrawn when pdf.js re-renders
 * a page (zoom, rotation, resize), from PDF units, so it stays on the same words.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Box, IconButton, LinearProgress, Stack, TextField, ToggleButton, Tooltip, Typography } from '@mui/material';
import ZoomInIcon from '@mui/icons-material/ZoomIn';
import ZoomOutIcon from '@mui/icons-material/ZoomOut';
import FitWidthIcon from '@mui/icons-material/FitScreen';
import RotateRightIcon from '@mui/icons-material/RotateRight';
import CropFreeIcon from '@mui/icons-material/CropFree';
import SearchIcon from '@mui/icons-material/Search';
import type { PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import 'pdfjs-dist/web/pdf_viewer.css';
import './viewer.css';
import type { Mark, MarkAnchor, PdfRect } from '../../shared/case/schema';
import type { OpenDocument } from '../../shared/api/contract';
import { joinPageText } from '../../shared/text/join-page-text';
import { rectsForRange, textInArea } from '../../shared/anchoring/text-rects';
import type { PDFDocumentProxy } from './pdfjs';
import { mountPdfViewer } from './mount-pdf-viewer';
import { drawFindHits, drawFlash, drawHighlights, type HighlightRect } from './draw-highlights';
import { clientRectToPdf, pageViewsOf, selectionToAnchor, type SelectionDraft } from './selection-to-anchor';
import { drawOcrTextLayer } from './ocr-text-layer';
import { placeMarks } from './reanchor-marks';
import type { ViewerPage } from './page-text';
import { shortcutsSuspended } from '../app/shortcuts';

export interface GoTo {
  page: number;
  /** PDF y coordinate to bring near the top, if known. */
  top?: number;
  /** The passage to show there: highlighted for a few seconds, so the eye finds it (a suggestion jumped to). */
  flash?: PdfRect[];
  nonce: number;
}

const FLASH_MS = 2600;

/** Find hits to draw on this document: page → hits (rects in PDF units). */
export type PageFindHits = Map<number, { rects: PdfRect[]; current: boolean }[]>;

interface Props {
  doc: OpenDocument;
  marks: Mark[];
  activeMarkId?: string | null;
  colorOf: (mark: Mark) => string;
  titleOf: (mark: Mark) => string;
  goTo?: GoTo | null;
  initialPage?: number;
  /** The document's text as main extracted it (text layer and OCR); null while it is read. */
  pages: Map<number, ViewerPage> | null;
  findHits?: PageFindHits;
  unreadablePages?: number[];
  readOnly?: boolean;
  onSelection: (draft: SelectionDraft | null) => void;
  onPageChange?: (page: number) => void;
  onFind?: () => void;
  /** `m` pressed with nothing selected: the case view marks the suggestion shown, or says what to do. */
  onMarkWithoutSelection?: () => void;
}

interface PageViewRef {
  id: number;
  div: HTMLDivElement;
  viewport: { width: number; height: number; rotation: number; convertToPdfPoint(x: number, y: number): number[]; convertToViewportPoint(x: number, y: number): number[] };
}


export function PdfViewer({ doc, marks, activeMarkId, colorOf, titleOf, goTo, initialPage, pages, findHits, unreadablePages, readOnly, onSelection, onPageChange, onFind, onMarkWithoutSelection }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<PDFViewer | null>(null);
  const pdfRef = useRef<PDFDocumentProxy | null>(null);
  const textCache = useRef(new Map<number, Promise<string>>());
  const highlightsRef = useRef<Map<number, HighlightRect[]>>(new Map());
  const findRef = useRef<PageFindHits>(new Map());
  const flashRef = useRef<{ page: number; rects: PdfRect[] } | null>(null);
  const pagesRef = useRef<Map<number, ViewerPage> | null>(pages);
  const unreadableRef = useRef<Set<number>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  // A jump into a document just opened waits for its pages: before pagesinit the viewer has none.
  const [pagesReady, setPagesReady] = useState(false);
  const [page, setPage] = useState(1);
  const [pageInput, setPageInput] = useState('1');
  const [areaMode, setAreaMode] = useState(false);
  const pageInputRef = useRef<HTMLInputElement>(null);

  /** Redraws every layer of one page from the current refs. */
  const paintPage = (view: PageViewRef | undefined) => {
    if (!view?.div || !view.viewport) return;
    drawOcrTextLayer(view.div, view.viewport, pagesRef.current?.get(view.id));
    drawHighlights(view.div, view.viewport, highlightsRef.current.get(view.id) ?? []);
    drawFindHits(view.div, view.viewport, findRef.current.get(view.id) ?? []);
    drawFlash(view.div, view.viewport, flashRef.current?.page === view.id ? flashRef.current.rects : []);
    view.div.classList.toggle('wb-page-unreadable', unreadableRef.current.has(view.id));
  };
  const paintAll = () => {
    const viewer = viewerRef.current;
    if (viewer) for (const v of pageViewsOf(viewer)) paintPage(v as unknown as PageViewRef);
  };

  // Marks placed on the current text: re-anchored where the text is known, else as stored.
  const placed = useMemo(() => placeMarks(marks.filter((m) => !m.removed && m.docSha256 === doc.sha256), pages), [marks, pages, doc.sha256]);

  useEffect(() => {
    const byPage = new Map<number, HighlightRect[]>();
    for (const m of marks) {
      const where = placed.get(m.id);
      if (!where) continue;
      for (const [p, rects] of where.rects) {
        const list = byPage.get(p) ?? [];
        for (const rect of rects) list.push({ markId: m.id, rect, color: colorOf(m), active: m.id === activeMarkId, title: titleOf(m), area: m.kind === 'area' });
        byPage.set(p, list);
      }
    }
    highlightsRef.current = byPage;
    pagesRef.current = pages;
    findRef.current = findHits ?? new Map();
    unreadableRef.current = new Set(unreadablePages ?? []);
    paintAll();
    // paintAll reads only refs set just above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [placed, marks, activeMarkId, colorOf, titleOf, pages, findHits, unreadablePages]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    performance.mark('wb-viewer-open');
    let firstRendered = false;
    const mounted = mountPdfViewer(container, doc, {
      loaded: (pdf) => {
        pdfRef.current = pdf;
        setLoading(false);
      },
      failed: (message) => {
        setError(message);
        setLoading(false);
      },
    });
    const { viewer, eventBus } = mounted;
    viewerRef.current = viewer;
    textCache.current = new Map();
    setError(null);
    setLoading(true);

    eventBus.on('pagerendered', ({ pageNumber }: { pageNumber: number }) => {
      if (!firstRendered) {
        firstRendered = true;
        // Read by the viewer benchmark: opening the document to its first painted page.
        performance.mark('wb-first-page-rendered');
      }
      paintPage(viewer.getPageView(pageNumber - 1) as unknown as PageViewRef | undefined);
    });
    eventBus.on('pagesinit', () => {
      viewer.currentScaleValue = 'page-width';
      if (initialPage && initialPage > 1) viewer.currentPageNumber = Math.min(initialPage, viewer.pagesCount);
      setPagesReady(true);
    });
    eventBus.on('pagechanging', ({ pageNumber }: { pageNumber: number }) => {
      setPage(pageNumber);
      setPageInput(String(pageNumber));
      onPageChange?.(pageNumber);
    });

    return () => {
      viewerRef.current = null;
      mounted.dispose();
      pdfRef.current = null;
    };
    // The viewer is rebuilt only when the document changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc.url]);

  useEffect(() => {
    const viewer = viewerRef.current;
    if (!goTo || !viewer || !pdfRef.current || !pagesReady) return;
    const target = Math.max(1, Math.min(goTo.page, viewer.pagesCount));
    if (goTo.top !== undefined) {
      viewer.scrollPageIntoView({ pageNumber: target, destArray: [null, { name: 'XYZ' }, 0, goTo.top + 60, null] });
    } else {
      viewer.scrollPageIntoView({ pageNumber: target });
    }
    if (!goTo.flash?.length) return;
    flashRef.current = { page: target, rects: goTo.flash };
    paintPage(viewer.getPageView(target - 1) as unknown as PageViewRef | undefined);
    const t = setTimeout(() => {
      flashRef.current = null;
      paintPage(viewerRef.current?.getPageView(target - 1) as unknown as PageViewRef | undefined);
    }, FLASH_MS);
    return () => clearTimeout(t);
  }, [goTo, loading, pagesReady]);

  /** Page text for selection offsets: main's text (which has OCR words) first, pdf.js's text layer otherwise. */
  const pageText = (p: number): Promise<string> => {
    const known = pagesRef.current?.get(p);
    if (known) return Promise.resolve(known.text);
    const cached = textCache.current.get(p);
    if (cached) return cached;
    const pdf = pdfRef.current;
    if (!pdf) return Promise.resolve('');
    const promise = pdf.getPage(p).then((pg) => pg.getTextContent()).then((tc) => joinPageText(tc.items as { str: string; hasEOL?: boolean }[]));
    textCache.current.set(p, promise);
    return promise;
  };

  /** The selection as a draft mark, its rects taken from the words' boxes when the text is known. */
  const markSelection = async (fromKey = false) => {
    const viewer = viewerRef.current;
    if (!viewer || readOnly) return;
    const draft = await selectionToAnchor(viewer, doc.sha256, pageText);
    if (!draft && fromKey) {
      onMarkWithoutSelection?.();
      return;
    }
    if (draft && draft.anchor.textStart !== undefined && draft.anchor.textEnd !== undefined && !draft.anchor.pageEnd) {
      const known = pagesRef.current?.get(draft.anchor.page);
      const rects = known ? rectsForRange(known, draft.anchor.textStart, draft.anchor.textEnd) : [];
      if (rects.length) draft.anchor.rects = rects;
    }
    onSelection(draft);
  };

  const onMouseUp = () => {
    if (!areaMode) void markSelection();
  };

  // Area marks: press on a page, drag, release; the rectangle becomes an anchor in PDF units.
  const dragRef = useRef<{ view: PageViewRef; x: number; y: number; box: HTMLDivElement } | null>(null);
  const onMouseDown = (e: React.MouseEvent) => {
    const viewer = viewerRef.current;
    if (!areaMode || !viewer || e.button !== 0) return;
    const view = (pageViewsOf(viewer) as unknown as PageViewRef[]).find((v) => {
      const b = v.div.getBoundingClientRect();
      return e.clientX >= b.left && e.clientX <= b.right && e.clientY >= b.top && e.clientY <= b.bottom;
    });
    if (!view) return;
    e.preventDefault();
    const box = document.createElement('div');
    box.className = 'wb-area-draft';
    view.div.appendChild(box);
    dragRef.current = { view, x: e.clientX, y: e.clientY, box };
  };
  const onMouseMove = (e: React.MouseEvent) => {
    const d = dragRef.current;
    if (!d) return;
    const b = d.view.div.getBoundingClientRect();
    Object.assign(d.box.style, {
      left: `${Math.min(d.x, e.clientX) - b.left - d.view.div.clientLeft}px`,
      top: `${Math.min(d.y, e.clientY) - b.top - d.view.div.clientTop}px`,
      width: `${Math.abs(e.clientX - d.x)}px`,
      height: `${Math.abs(e.clientY - d.y)}px`,
    });
  };
  const onAreaUp = (e: React.MouseEvent) => {
    const d = dragRef.current;
    if (!d) return;
    dragRef.current = null;
    d.box.remove();
    const b = d.view.div.getBoundingClientRect();
    const cx = (x: number) => Math.min(Math.max(x, b.left), b.right);
    const cy = (y: number) => Math.min(Math.max(y, b.top), b.bottom);
    const x0 = cx(Math.min(d.x, e.clientX));
    const x1 = cx(Math.max(d.x, e.clientX));
    const y0 = cy(Math.min(d.y, e.clientY));
    const y1 = cy(Math.max(d.y, e.clientY));
    if (x1 - x0 < 6 || y1 - y0 < 6) return;
    const rect = clientRectToPdf(d.view, new DOMRect(x0, y0, x1 - x0, y1 - y0));
    const known = pagesRef.current?.get(d.view.id);
    const anchor: MarkAnchor = { kind: 'area', docSha256: doc.sha256, page: d.view.id, rects: [rect], quote: known ? textInArea(known, rect).slice(0, 2000) : '', prefix: '', suffix: '' };
    setAreaMode(false);
    onSelection({ anchor, at: { x: (x0 + x1) / 2, y: y1 }, box: { left: x0, top: y0, right: x1, bottom: y1 } });
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
  /** Goes to page n if the document has it; false otherwise. */
  const goToPage = (n: number): boolean => {
    const viewer = viewerRef.current;
    if (!viewer || !Number.isInteger(n) || n < 1 || n > viewer.pagesCount) return false;
    viewer.currentPageNumber = n;
    return true;
  };
  const goToTyped = () => {
    if (!goToPage(Number(pageInput))) setPageInput(String(page));
  };

  // Keyboard: PageUp/PageDown/Home/End, g (go to page), + and - (zoom), m (mark the selection),
  // a (area mark), Ctrl+F (find). Keys typed into a field are left alone.
  const keysRef = useRef<(e: KeyboardEvent) => void>(() => undefined);
  useEffect(() => {
  keysRef.current = (e: KeyboardEvent) => {
    const viewer = viewerRef.current;
    if (!viewer) return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      onFind?.();
      return;
    }
    // Escape leaves area mode wherever the focus is (the mark picker cancels first, on its own).
    if (e.key === 'Escape' && areaMode && !e.defaultPrevented) {
      setAreaMode(false);
      return;
    }
    if (shortcutsSuspended(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    const handled = (() => {
      switch (e.key) {
        case 'PageDown': viewer.nextPage(); return true;
        case 'PageUp': viewer.previousPage(); return true;
        case 'Home': goToPage(1); return true;
        case 'End': goToPage(viewer.pagesCount); return true;
        case '+': case '=': zoom(1.2); return true;
        case '-': zoom(1 / 1.2); return true;
        case 'g': pageInputRef.current?.focus(); pageInputRef.current?.select(); return true;
        case 'm': void markSelection(true); return true;
        case 'a': if (!readOnly) setAreaMode((on) => !on); return true;
        default: return false;
      }
    })();
    if (handled) e.preventDefault();
  };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keysRef.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minWidth: 0 }}>
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', px: 1, py: 0.5, borderBottom: 1, borderColor: 'divider', bgcolor: 'background.paper' }}>
        <Typography variant="subtitle2" noWrap sx={{ flexGrow: 1, minWidth: 0 }} title={doc.name}>{doc.name}</Typography>
        <TextField
          value={pageInput}
          inputRef={pageInputRef}
          onChange={(e) => setPageInput(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') goToTyped();
            if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
          }}
          onBlur={goToTyped}
          slotProps={{ htmlInput: { 'aria-label': 'Page number', 'data-testid': 'page-input', style: { width: 40, textAlign: 'right', padding: '2px 6px' } } }}
        />
        <Typography variant="body2" color="text.secondary" sx={{ pr: 1 }}>of {doc.pageCount}</Typography>
        <Tooltip title="Find in the record (Ctrl+F)"><IconButton size="small" onClick={onFind} aria-label="Find"><SearchIcon fontSize="small" /></IconButton></Tooltip>
        <Tooltip title="Mark an area: drag a rectangle on the page (A)">
          <span>
            <ToggleButton value="area" size="small" selected={areaMode} disabled={readOnly} onChange={() => setAreaMode((on) => !on)} aria-label="Mark an area" data-testid="area-mode" sx={{ p: 0.5, border: 0 }}>
              <CropFreeIcon fontSize="small" />
            </ToggleButton>
          </span>
        </Tooltip>
        <Tooltip title="Zoom out (-)"><IconButton size="small" onClick={() => zoom(1 / 1.2)} aria-label="Zoom out"><ZoomOutIcon fontSize="small" /></IconButton></Tooltip>
        <Tooltip title="Zoom in (+)"><IconButton size="small" onClick={() => zoom(1.2)} aria-label="Zoom in"><ZoomInIcon fontSize="small" /></IconButton></Tooltip>
        <Tooltip title="Fit to width"><IconButton size="small" onClick={fitWidth} aria-label="Fit to width"><FitWidthIcon fontSize="small" /></IconButton></Tooltip>
        <Tooltip title="Rotate"><IconButton size="small" onClick={rotate} aria-label="Rotate"><RotateRightIcon fontSize="small" /></IconButton></Tooltip>
      </Stack>
      {loading && <LinearProgress />}
      {error && <Alert severity="error" sx={{ m: 2 }} data-testid="document-error">{error}</Alert>}
      {areaMode && <Alert severity="info" sx={{ borderRadius: 0, py: 0 }}>Drag a rectangle on the page to mark an area (Esc to stop).</Alert>}
      <Box sx={{ position: 'relative', flexGrow: 1, minHeight: 0 }}>
        <div
          ref={containerRef}
          className={areaMode ? 'wb-pdf-container wb-area-mode' : 'wb-pdf-container'}
          onMouseUp={(e) => (dragRef.current ? onAreaUp(e) : onMouseUp())}
          onMouseDown={onMouseDown}
          onMouseMove={onMouseMove}
          data-testid="pdf-container"
        >
          <div className="pdfViewer" />
        </div>
      </Box>
    </Box>
  );
}
