/**
 * Every record of the case: a thumbnail, the page count, the marks on it, and how reading it
 * stands (extracting, OCR progress, pages unreadable or damaged, or why it cannot be opened).
 * "Add records" (or files dropped on the list) brings an addendum into the open case.
 */
import { useState } from 'react';
import { Box, Button, LinearProgress, List, ListItem, ListItemButton, ListItemText, Stack, Tooltip, Typography } from '@mui/material';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import NoteAddOutlinedIcon from '@mui/icons-material/NoteAddOutlined';
import { countOf } from '../../shared/text/count-of';
import type { OpenDocument } from '../../shared/api/contract';
import type { CaseText } from '../viewer/useCaseText';
import { DocThumbnail } from '../viewer/DocThumbnail';

interface Props {
  documents: OpenDocument[];
  selected: string | null;
  markCount: (sha256: string) => number;
  onSelect: (sha256: string) => void;
  text?: CaseText;
  /** Opens "Add records", with the files dropped on the list if any. */
  onAddRecords?: (dropped?: File[]) => void;
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
  if (s.pagesNeedingOcr.length) parts.push(`${countOf(s.pagesNeedingOcr.length, 'scanned page')} not read${s.ocr.state === 'awaiting-approval' ? ': start OCR when you choose' : ''}`);
  else if (s.ocr.state === 'done') parts.push('Scanned: text recognized');
  return parts.length ? { note: parts.join(' · '), problem } : null;
}

export function DocumentList({ documents, selected, markCount, onSelect, text, onAddRecords }: Props) {
  const [over, setOver] = useState(false);
  const dropping = (e: React.DragEvent) => onAddRecords && Array.from(e.dataTransfer.types).includes('Files');
  return (
    <Box
      component="nav"
      aria-label="Records of the case"
      sx={{ height: '100%', overflow: 'auto', bgcolor: over ? 'action.hover' : 'background.paper', outline: over ? '2px dashed' : 'none', outlineColor: 'primary.main', outlineOffset: -4 }}
      onDragOver={(e) => {
        if (!dropping(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        if (!dropping(e)) return;
        e.preventDefault();
        setOver(false);
        onAddRecords?.(Array.from(e.dataTransfer.files));
      }}
      data-testid="document-list"
    >
      <Stack direction="row" sx={{ alignItems: 'center', px: 1.5, pt: 0.5 }}>
        <Typography variant="overline" component="h2" sx={{ flexGrow: 1, color: 'text.secondary' }}>Records</Typography>
        {onAddRecords && (
          <Tooltip title="Add records to this case: drop PDFs here or choose them">
            <Button size="small" startIcon={<NoteAddOutlinedIcon fontSize="small" />} onClick={() => onAddRecords()} data-testid="add-records" sx={{ textTransform: 'none' }}>
              Add records
            </Button>
          </Tooltip>
        )}
      </Stack>
      <List dense disablePadding>
        {documents.map((d) => {
          const reading = readingNote(text, d.sha256);
          return (
            <ListItem key={d.sha256} disablePadding>
            <ListItemButton selected={d.sha256 === selected} aria-current={d.sha256 === selected ? 'page' : undefined} onClick={() => onSelect(d.sha256)} data-testid="document-item" sx={{ alignItems: 'flex-start' }}>
              <DocThumbnail url={d.url} name={d.name} />
              <ListItemText
                primary={d.name}
                secondary={
                  <>
                    <span>{`${countOf(d.pageCount, 'page')} · ${countOf(markCount(d.sha256), 'mark')}`}</span>
                    {reading && (
                      <Tooltip title={reading.note}>
                        <Typography component="span" variant="caption" sx={{ display: 'flex', alignItems: 'center', gap: 0.5, color: reading.problem ? 'error.main' : 'text.secondary' }} data-testid={reading.problem ? 'document-problem' : 'document-reading'}>
                          {reading.problem && <WarningAmberIcon sx={{ fontSize: 14 }} />}
                          {reading.note}
                        </Typography>
                      </Tooltip>
                    )}
                    {reading?.progress !== undefined && <LinearProgress variant="determinate" value={reading.progress} aria-label={`Reading the scanned pages of ${d.name}`} sx={{ mt: 0.5, display: 'block' }} />}
                  </>
                }
                slotProps={{ secondary: { component: 'div' } }}
              />
            </ListItemButton>
            </ListItem>
          );
        })}
      </List>
    </Box>
  );
}
