/**
 * One imaging study: what it is, the two readings side by side, the discrepancy, and, when it
 * is clinically significant, its reconciliation; the study's own history underneath.
 */
import { useState } from 'react';
import { Box, Button, Chip, Collapse, Divider, Paper, Stack, Typography } from '@mui/material';
import type { Mark } from '../../shared/case/schema';
import type { ImagingStudy } from '../../shared/imaging/schema';
import type { StudyResult } from '../../shared/imaging/reconcile-imaging';
import type { ImagingStudyChange } from '../../shared/api/imaging-api';
import { STATUS_COLOR, STATUS_LABEL } from '../panel/status-style';
import { ReadingColumn } from './ReadingColumn';
import { DiscrepancyEditor } from './DiscrepancyEditor';
import { ReconciliationEditor } from './ReconciliationEditor';
import { StudyFields } from './StudyFields';
import { formatDateTime } from '../app/format-date';

interface Props {
  study: ImagingStudy;
  result: StudyResult | undefined;
  /** The requirement banner already says this study's reason: not repeated here. */
  reasonShownAbove: boolean;
  marks: Mark[];
  docName: (sha256: string) => string;
  readOnly: boolean;
  onJump: (mark: Mark) => void;
  onChange: (change: ImagingStudyChange) => void;
  onRemove: () => void;
  /** Who reads the treating provider's side when no name is typed: the requesting provider. */
  defaultProviderReader?: string;
}

export function StudyCard({ study, result, reasonShownAbove, marks, docName, readOnly, onJump, onChange, onRemove, defaultProviderReader }: Props) {
  const [editing, setEditing] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const common = { marks, docName, readOnly, onJump };
  return (
    <Paper variant="outlined" sx={{ p: 1.5, mb: 1.5 }} data-testid="imaging-study" data-status={result?.status}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="subtitle1" sx={{ flexGrow: 1, fontWeight: 600 }} data-testid="study-label">{result?.label ?? study.bodyRegion}</Typography>
        {result && <Chip size="small" label={STATUS_LABEL[result.status]} color={STATUS_COLOR[result.status]} data-testid="study-status" />}
      </Stack>
      <Typography variant="caption" color="text.secondary" component="div">
        {[study.facility, result?.advanced ? 'advanced imaging' : 'not advanced imaging', study.advancedOverride ? `(director: ${study.advancedOverride.reason})` : ''].filter(Boolean).join(' · ')}
      </Typography>
      {result && result.status !== 'met' && !reasonShownAbove && <Typography variant="body2" sx={{ mt: 0.5 }} color={result.status === 'not-met' ? 'error' : 'text.secondary'}>{result.reason}</Typography>}
      {!readOnly && !editing && (
        <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
          <Button size="small" onClick={() => setEditing(true)}>Edit study</Button>
          <Button size="small" color="error" onClick={onRemove}>Remove</Button>
        </Stack>
      )}
      {editing && (
        <Box sx={{ mt: 1 }}>
          <StudyFields study={study} saveLabel="Save study" onCancel={() => setEditing(false)} onSave={(c) => { onChange(c); setEditing(false); }} />
        </Box>
      )}
      {result?.advanced !== false && (
        <>
          <Divider sx={{ my: 1 }} />
          <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: 1.5 }}>
            <ReadingColumn title="Independent radiologist" testId="radiologist" readerLabel="Radiologist" reading={study.radiologistReading} {...common}
              usedElsewhere={new Set([...study.providerReading.markIds, ...(study.reconciliation?.markIds ?? [])])}
              onChange={(radiologistReading) => onChange({ radiologistReading })} />
            <ReadingColumn title="Ordering / treating provider" testId="provider" readerLabel="Provider" reading={study.providerReading} {...common}
              usedElsewhere={new Set([...study.radiologistReading.markIds, ...(study.reconciliation?.markIds ?? [])])}
              {...(defaultProviderReader ? { defaultReader: defaultProviderReader } : {})}
              onChange={(providerReading) => onChange({ providerReading })} />
          </Box>
          <Divider sx={{ my: 1 }} />
          <DiscrepancyEditor discrepancy={study.discrepancy} readOnly={readOnly} onChange={(discrepancy) => onChange({ discrepancy })} />
          {study.discrepancy?.level === 'significant' && (
            <Box sx={{ mt: 1 }}>
              <ReconciliationEditor reconciliation={study.reconciliation} {...common} onChange={(reconciliation) => onChange({ reconciliation })} />
            </Box>
          )}
        </>
      )}
      <Button size="small" sx={{ mt: 1 }} onClick={() => setShowHistory((v) => !v)} data-testid="study-history-toggle">
        {showHistory ? 'Hide history' : `History (${study.history.length})`}
      </Button>
      <Collapse in={showHistory}>
        <Box component="ul" sx={{ m: 0, pl: 2 }} data-testid="study-history">
          {study.history.map((h, i) => (
            <Typography component="li" variant="caption" key={i} sx={{ display: 'list-item' }}>
              {formatDateTime(h.at)} · {h.by}: {h.change}
            </Typography>
          ))}
        </Box>
      </Collapse>
    </Paper>
  );
}
