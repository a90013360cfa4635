/**
 * Where the record PDFs of a new case are dropped or chosen. Each file is checked in main
 * before it is taken (a PDF, opens in pdf.js, not encrypted, has pages) and the verdict is
 * shown beside it. Drag and drop gives the renderer File objects, so the bytes go to main over
 * IPC once, base64, for intake only, and never more than 200 MB per file.
 */
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { Box, Button, IconButton, List, ListItem, ListItemIcon, ListItemText, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import HourglassTopIcon from '@mui/icons-material/HourglassTop';
import DeleteIcon from '@mui/icons-material/Delete';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { MAX_ATTACHMENT_BYTES, type AttachmentCheck } from '../../shared/api/intake-api';
import { call, messageOf } from '../api/client';

export type AttachmentRow = { key: string; name: string; state: 'checking' } | ({ key: string; state: 'checked' } & AttachmentCheck);

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

let counter = 0;

interface Props {
  rows: AttachmentRow[];
  onChange: (update: (rows: AttachmentRow[]) => AttachmentRow[]) => void;
  /** Files dropped before the zone was shown (e.g. on a case's records list): checked at once. */
  initialFiles?: File[];
  /** What the files are, for the hint: "the record PDFs" at intake, "the addendum or other records" on a case. */
  what?: string;
}

export function AttachmentDropZone({ rows, onChange, initialFiles, what = 'the record PDFs' }: Props) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const take = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const key = `f${++counter}`;
        onChange((rs) => [...rs, { key, name: file.name, state: 'checking' }]);
        const settle = (check: AttachmentCheck) => onChange((rs) => rs.map((r) => (r.key === key ? { key, state: 'checked', ...check } : r)));
        if (file.size > MAX_ATTACHMENT_BYTES) {
          settle({ name: file.name, ok: false, sizeBytes: file.size, problem: 'too-large', message: 'The file is larger than 200 MB.' });
          continue;
        }
        readAsBase64(file)
          .then((data) => call('cases.validateAttachment', { name: file.name, data }))
          .then(settle, (e) => settle({ name: file.name, ok: false, sizeBytes: file.size, problem: 'corrupt', message: messageOf(e) }));
      }
    },
    [onChange],
  );

  const taken = useRef(false);
  useEffect(() => {
    if (taken.current || !initialFiles?.length) return;
    taken.current = true;
    take(initialFiles);
  }, [initialFiles, take]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(Array.from(e.dataTransfer.files));
  };

  return (
    <Box>
      <Box
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        sx={{
          border: '2px dashed',
          borderColor: over ? 'primary.main' : 'divider',
          bgcolor: over ? 'action.hover' : 'transparent',
          borderRadius: 1,
          p: 2,
          textAlign: 'center',
        }}
      >
        <UploadFileIcon color="action" />
        <Typography variant="body2" color="text.secondary">
          Drop {what} here, or
        </Typography>
        <Button size="small" onClick={() => input.current?.click()} data-testid="choose-files">
          choose files
        </Button>
        <input
          ref={input}
          data-testid="file-input"
          type="file"
          accept="application/pdf,.pdf"
          multiple
          hidden
          onChange={(e) => {
            take(Array.from(e.target.files ?? []));
            e.target.value = '';
          }}
        />
      </Box>
      {rows.length > 0 && (
        <List dense data-testid="attachment-list">
          {rows.map((r) => {
            const duplicate = r.state === 'checked' && r.ok && rows.findIndex((x) => x.state === 'checked' && x.sha256 === r.sha256) !== rows.indexOf(r);
            return (
              <ListItem
                key={r.key}
                data-testid="attachment-row"
                data-state={r.state === 'checking' ? 'checking' : r.ok ? 'ok' : 'refused'}
                secondaryAction={
                  <IconButton edge="end" aria-label={`Remove ${r.name}`} onClick={() => onChange((rs) => rs.filter((x) => x.key !== r.key))}>
                    <DeleteIcon fontSize="small" />
                  </IconButton>
                }
              >
                <ListItemIcon sx={{ minWidth: 32 }}>
                  {r.state === 'checking' ? <HourglassTopIcon fontSize="small" /> : r.ok ? <CheckCircleIcon fontSize="small" color="success" /> : <ErrorIcon fontSize="small" color="error" />}
                </ListItemIcon>
                <ListItemText
                  primary={r.name}
                  secondary={r.state === 'checking' ? 'Checking…' : duplicate ? 'The same file as above: kept once.' : r.message}
                  slotProps={{ secondary: { color: r.state === 'checked' && !r.ok ? 'error' : 'text.secondary' } }}
                />
              </ListItem>
            );
          })}
        </List>
      )}
    </Box>
  );
}
