/** One interpretation of a study (the radiologist's or the provider's): who, a short summary, the passages. */
import { Box, TextField, Typography } from '@mui/material';
import type { Mark } from '../../shared/case/schema';
import type { ImagingReading } from '../../shared/imaging/schema';
import { LinkedMarks } from './LinkedMarks';
import { useDraft } from '../app/useDraft';

interface Props {
  title: string;
  testId: string;
  readerLabel: string;
  reading: ImagingReading;
  marks: Mark[];
  docName: (sha256: string) => string;
  readOnly: boolean;
  onJump: (mark: Mark) => void;
  onChange: (reading: ImagingReading) => void;
  /** Marks the study uses in its other reading or its reconciliation. */
  usedElsewhere?: ReadonlySet<string>;
  /** Who reads it when no name is typed yet (the requesting provider, for the treating provider's reading). */
  defaultReader?: string;
}

export function ReadingColumn({ title, testId, readerLabel, reading, marks, docName, readOnly, onJump, onChange, usedElsewhere, defaultReader }: Props) {
  const [summary, setSummary] = useDraft(reading.summary);
  const [reader, setReader] = useDraft(reading.readerName ?? '');
  // Text commits on blur, so each edit is one recorded change rather than one per keystroke.
  const commit = () => {
    if (summary === reading.summary && reader === (reading.readerName ?? '')) return;
    const { readerName: _old, ...rest } = reading;
    onChange({ ...rest, summary, ...(reader.trim() ? { readerName: reader.trim() } : {}) });
  };
  return (
    <Box sx={{ minWidth: 0, display: 'flex', flexDirection: 'column', gap: 1 }} data-testid={`${testId}-reading`}>
      <Typography variant="subtitle2">{title}</Typography>
      <TextField size="small" label={readerLabel} value={reader} disabled={readOnly} onChange={(e) => setReader(e.target.value)} onBlur={commit}
        slotProps={{ htmlInput: { 'data-testid': `${testId}-reader` } }} />
      <TextField size="small" label="Summary" placeholder="The reading in a few words" multiline minRows={2} value={summary} disabled={readOnly}
        onChange={(e) => setSummary(e.target.value)} onBlur={commit} slotProps={{ htmlInput: { 'data-testid': `${testId}-summary` } }} />
      <LinkedMarks label="Link a passage" testId={testId} markIds={reading.markIds} marks={marks} docName={docName} readOnly={readOnly}
        {...(usedElsewhere ? { usedElsewhere } : {})}
        onJump={onJump}
        onChange={(markIds) => {
          // What is typed in the fields goes with the link (the saved reading may not have caught up yet); the first
          // passage linked names who read it when no one is typed (the requesting provider, for the provider's side).
          const first = marks.find((m) => m.id === markIds[markIds.length - 1] && !reading.markIds.includes(m.id));
          const name = reader.trim() || reading.readerName || (first ? defaultReader : undefined);
          const { readerName: _old, ...rest } = reading;
          onChange({ ...rest, summary, markIds, ...(name ? { readerName: name } : {}) });
        }} />
    </Box>
  );
}
