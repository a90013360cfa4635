/**
 * The centre of the case: find bar, the reading status of the open document (OCR progress
 * with cancel, pages that failed or stayed unreadable, open errors), and the viewer.
 */
import { useCallback, useMemo, useState } from 'react';
import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import type { Mark } from '../../shared/case/schema';
import type { OpenDocument } from '../../shared/api/contract';
import { PdfViewer, type GoTo, type PageFindHits } from './PdfViewer';
import { FindPanel, type FlatHit } from './FindPanel';
import type { SelectionDraft } from './selection-to-anchor';
import type { CaseText } from './useCaseText';

interface Props {
  caseId: string;
  doc: OpenDocument;
  docName: (sha256: string) => string;
  text: CaseText;
  marks: Mark[];
  activeMarkId: string | null;
  colorOf: (m: Mark) => string;
  titleOf: (m: Mark) => string;
  goTo: GoTo | null;
  initialPage: number;
  readOnly: boolean;
  onSelection: (draft: SelectionDraft | null) => void;
  onPageChange: (page: number) => void;
  /** Opens another document (or this one) at a page. */
  onOpen: (docSha256: string, goTo: GoTo) => void;
  onMarkWithoutSelection?: () => void;
}

/** "about 3 min" / "about 2 h 10 min": a reviewer plans around minutes, not seconds. */
export function aboutDuration(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  return `about ${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/** "p. 3, 7: reason" per distinct reason, so the reviewer knows why and what to do. */
function byReason(list: { page: number; reason: string }[]): string {
  const groups = new Map<string, number[]>();
  for (const f of list) groups.set(f.reason, [...(groups.get(f.reason) ?? []), f.page]);
  return [...groups].map(([reason, pages]) => `p. ${pages.slice(0, 12).join(', ')}${pages.length > 12 ? '…' : ''}: ${reason}`).join(' ');
}

export function RecordPane(props: Props) {
  const { caseId, doc, text } = props;
  const [findOpen, setFindOpen] = useState(false);
  const [hits, setHits] = useState<{ list: FlatHit[]; current: number }>({ list: [], current: -1 });
  const status = text.statusOf(doc.sha256);
  const pages = text.pagesOf(doc.sha256);
  const textError = text.errorOf(doc.sha256);

  const onHits = useCallback((list: FlatHit[], current: number) => setHits({ list, current }), []);
  const docSha = doc.sha256;
  const { list: hitList, current: hitCurrent } = hits;
  const findHits: PageFindHits = useMemo(() => {
    const m: PageFindHits = new Map();
    hitList.forEach((h, i) => {
      if (h.docSha256 !== docSha) return;
      const l = m.get(h.page) ?? [];
      l.push({ rects: h.rects, current: i === hitCurrent });
      m.set(h.page, l);
    });
    return m;
  }, [hitList, hitCurrent, docSha]);

  const openHit = (h: FlatHit) => {
    const top = h.rects.length ? Math.max(...h.rects.map((r) => r[3])) : undefined;
    props.onOpen(h.docSha256, { page: h.page, ...(top !== undefined ? { top } : {}), nonce: Date.now() });
  };

  const ocr = status?.ocr;
  const ocrActive = ocr && (ocr.state === 'running' || ocr.state === 'queued');
  const ocrFraction = ocr && ocr.pagesTotal > 0 ? (ocr.pagesDone + (ocr.state === 'running' ? (ocr.pageProgress ?? 0) : 0)) / ocr.pagesTotal : 0;

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minWidth: 0 }}>
      {findOpen && <FindPanel caseId={caseId} currentDoc={doc.sha256} docName={props.docName} onHits={onHits} onOpenHit={openHit} onClose={() => { setFindOpen(false); setHits({ list: [], current: -1 }); }} />}
      {ocrActive && (
        <Box sx={{ px: 1.5, py: 0.5, bgcolor: 'grey.50', borderBottom: 1, borderColor: 'divider' }} data-testid="ocr-progress">
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography variant="body2" sx={{ flexGrow: 1 }}>
              {ocr.state === 'queued' ? 'Waiting to read the scanned pages…' : `Reading scanned pages (OCR): ${ocr.pagesDone} of ${ocr.pagesTotal}${ocr.page ? `, page ${ocr.page}` : ''}`}
              {ocr.estimatedSeconds !== undefined && ` · ${aboutDuration(ocr.estimatedSeconds)} left`}
            </Typography>
            <Button size="small" onClick={() => void text.cancelOcr(doc.sha256)} data-testid="ocr-cancel">Cancel</Button>
          </Stack>
          <LinearProgress variant="determinate" value={Math.round(ocrFraction * 100)} />
        </Box>
      )}
      {status && !ocrActive && status.pagesNeedingOcr.length > 0 && status.state === 'ready' && (
        <Alert severity="warning" sx={{ borderRadius: 0, py: 0 }} action={<Button size="small" onClick={() => void text.startOcr(doc.sha256)} data-testid="ocr-start">Read them</Button>}>
          {status.pagesNeedingOcr.length} scanned {status.pagesNeedingOcr.length === 1 ? 'page has' : 'pages have'} not been read{ocr?.state === 'cancelled' ? ' (cancelled)' : ocr?.state === 'failed' ? ` (${ocr.message ?? 'failed'})` : ''}: {status.pagesNeedingOcr.slice(0, 12).join(', ')}{status.pagesNeedingOcr.length > 12 ? '…' : ''}. They cannot be searched or marked as text yet.
          {ocr?.state === 'awaiting-approval' && ocr.estimatedSeconds !== undefined && <span data-testid="ocr-estimate"> Reading them takes {aboutDuration(ocr.estimatedSeconds)} on this computer; you can cancel at any time.</span>}
        </Alert>
      )}
      {status && status.unreadablePages.length > 0 && (
        <Alert severity="error" sx={{ borderRadius: 0, py: 0 }} data-testid="unreadable-pages">
          Unreadable {status.unreadablePages.length === 1 ? 'page' : 'pages'}: {status.unreadableReasons?.length ? byReason(status.unreadableReasons) : `${status.unreadablePages.join(', ')}: OCR could not read ${status.unreadablePages.length === 1 ? 'it' : 'them'}.`} An unreadable record cannot establish medical necessity.
        </Alert>
      )}
      {status && status.failedPages.length > 0 && (
        <Alert severity="error" sx={{ borderRadius: 0, py: 0 }} data-testid="failed-pages">
          Not read: {byReason(status.failedPages)} The other pages are shown.
        </Alert>
      )}
      {textError && <Alert severity="error" sx={{ borderRadius: 0, py: 0 }} data-testid="document-text-error">{textError}</Alert>}
      <Box sx={{ flexGrow: 1, minHeight: 0 }}>
        <PdfViewer
          key={doc.sha256}
          doc={doc}
          marks={props.marks}
          activeMarkId={props.activeMarkId}
          colorOf={props.colorOf}
          titleOf={props.titleOf}
          goTo={props.goTo}
          initialPage={props.initialPage}
          pages={pages}
          findHits={findHits}
          unreadablePages={status?.unreadablePages}
          readOnly={props.readOnly}
          onSelection={props.onSelection}
          onPageChange={props.onPageChange}
          onFind={() => setFindOpen(true)}
          {...(props.onMarkWithoutSelection ? { onMarkWithoutSelection: props.onMarkWithoutSelection } : {})}
        />
      </Box>
    </Box>
  );
}
