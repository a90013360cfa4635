/**
 * Every record of the case: a thumbnail, the page count, the marks on it, and how reading it
 * stands (extracting, OCR progress, pages unreadable or damaged, or why it cannot be opened).
 */
import { Box, LinearProgress, List, ListItemButton, ListItemText, Tooltip, Typography } from '@mui/material';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import type { OpenDocument } from '../../shared/api/contract';
import type { CaseText } from '../viewer/useCaseText';
import { DocThumbnail } from '../viewer/DocThumbnail';

interface Props {
  documents: OpenDocument[];
  selected: string | null;
  markCount: (sha256: string) => number;
  onSelect: (sha256: string) => void;
  text?: CaseText;
}

function readingNote(text: CaseText | undefined, sha: string): { note: string; problem: boolean; progress?: number } | null {
  const s = text?.statusOf(sha);
  const error = text?.errorOf(sha);
  if (error) return { note: error, problem: true };
  if (!s) return null;
  if (s.state === 'extracting' || s.state === 'pending') return { note: 'Reading the text…', problem: false };
  const parts: string[] = [];
  let problem = false;
  if (s.unreadablePages.length) {
    parts.push(`Unreadable: p. ${s.unreadablePages.join(', ')}`);
    problem = true;
  }
  if (s.failedPages.length) {
    parts.push(`Damaged: p. ${s.failedPages.map((f) => f.page).join(', ')}`);
    problem = true;
  }
  if (s.ocr.state === 'running' || s.ocr.state === 'queued') {
    return { note: `OCR ${s.ocr.pagesDone}/${s.ocr.pagesTotal}`, problem, progress: s.ocr.pagesTotal ? (100 * s.ocr.pagesDone) / s.ocr.pagesTotal : 0 };
  }
  if (s.pagesNeedingOcr.length) parts.push(`${s.pagesNeedingOcr.length} scanned pages not read${s.ocr.state === 'awaiting-approval' ? ': start OCR when you choose' : ''}`);
  else if (s.ocr.state === 'done') parts.push('Scanned: text recognized');
  return parts.length ? { note: parts.join(' · '), problem } : null;
}

export function DocumentList({ documents, selected, markCount, onSelect, text }: Props) {
  return (
    <Box sx={{ height: '100%', overflow: 'auto', bgcolor: 'background.paper' }}>
      <Typography variant="overline" sx={{ px: 1.5, display: 'block', color: 'text.secondary' }}>Records</Typography>
      <List dense disablePadding>
        {documents.map((d) => {
          const reading = readingNote(text, d.sha256);
          return (
            <ListItemButton key={d.sha256} selected={d.sha256 === selected} onClick={() => onSelect(d.sha256)} data-testid="document-item" sx={{ alignItems: 'flex-start' }}>
              <DocThumbnail url={d.url} name={d.name} />
              <ListItemText
                primary={d.name}
                secondary={
                  <>
                    <span>{`${d.pageCount} ${d.pageCount === 1 ? 'page' : 'pages'} · ${markCount(d.sha256)} marks`}</span>
                    {reading && (
                      <Tooltip title={reading.note}>
                        <Typography component="span" variant="caption" sx={{ display: 'flex', alignItems: 'center', gap: 0.5, color: reading.problem ? 'error.main' : 'text.secondary' }} data-testid={reading.problem ? 'document-problem' : 'document-reading'}>
                          {reading.problem && <WarningAmberIcon sx={{ fontSize: 14 }} />}
                          {reading.note}
                        </Typography>
                      </Tooltip>
                    )}
                    {reading?.progress !== undefined && <LinearProgress variant="determinate" value={reading.progress} sx={{ mt: 0.5, display: "block" }} />}
                  </>
                }
                slotProps={{ secondary: { component: 'div' } }}
              />
            </ListItemButton>
          );
        })}
      </List>
    </Box>
  );
}
