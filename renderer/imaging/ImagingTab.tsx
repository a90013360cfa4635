/**
 * The Imaging tab: the case's imaging studies, each with the radiologist's and the provider's
 * readings side by side, the discrepancy and its reconciliation; on top, the Preface's imaging
 * requirement as the evaluation now decides it; below, the passages marked for it that no study
 * uses yet, each one click from "Record a study from this passage" (prefilled from the report)
 * or from being linked as a reading. Every change goes through imaging.* and the case is re-read.
 */
import { useMemo, useState } from 'react';
import { Box, Button, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import type { CaseTabProps } from '../case/case-tab-props';
import type { Mark } from '../../shared/case/schema';
import { call } from '../api/client';
import { findNode } from '../../shared/rules/evaluate-criteria';
import { IMAGING_LEAF_ID, reconcileImaging, studyLabel } from '../../shared/imaging/reconcile-imaging';
import { readStudyFromReport } from '../../shared/imaging/read-study-from-report';
import type { ImagingStudyChange } from '../../shared/api/imaging-api';
import type { ImagingReading } from '../../shared/imaging/schema';
import { ImagingRequirementStatus } from './ImagingRequirementStatus';
import { StudyCard } from './StudyCard';
import { StudyFields, type StudyFieldValues } from './StudyFields';
import { UnusedPassages } from './UnusedPassages';

/** A new study, from nothing or from a marked passage with what its report says. */
type Adding = { from?: Mark; initial?: StudyFieldValues; prefilledFrom?: string; fromReport?: boolean };

export function ImagingTab({ caseId, open, review, readOnly, save, onJump, textOf }: CaseTabProps) {
  const [adding, setAdding] = useState<Adding | null>(null);
  const { caseFile } = open;
  const marks = useMemo(() => caseFile.marks.filter((m) => !m.removed), [caseFile.marks]);
  const result = useMemo(() => reconcileImaging(caseFile.imaging, { liveMarkIds: new Set(marks.map((m) => m.id)) }), [caseFile.imaging, marks]);
  const leaf = useMemo(() => review.evaluation.rules.map((r) => findNode(r.tree, IMAGING_LEAF_ID)).find((n) => n !== undefined), [review]);
  const studies = caseFile.imaging.filter((s) => !s.removed);
  const docName = (sha: string) => open.documents.find((d) => d.sha256 === sha)?.name ?? 'Unknown document';
  const treatingProvider = caseFile.request.requestingProvider.name;

  const update = (studyId: string, change: ImagingStudyChange) => void save(() => call('imaging.update', { caseId, studyId, change }));

  const fromPassage = (m: Mark) => {
    const r = readStudyFromReport({ text: textOf?.(m.docSha256) ?? '', quote: m.quote, docName: docName(m.docSha256) });
    setAdding({
      from: m,
      fromReport: r.looksLikeReport,
      prefilledFrom: docName(m.docSha256),
      initial: {
        ...(r.modality ? { modality: r.modality } : {}),
        ...(r.bodyRegion ? { bodyRegion: r.bodyRegion } : {}),
        ...(r.date ? { date: r.date } : {}),
        ...(r.facility ? { facility: r.facility } : {}),
        radiologist: r.reader ?? '',
        provider: r.orderingProvider ?? treatingProvider,
      },
    });
  };

  const reading = (name: string, mark?: Mark): ImagingReading => ({
    summary: '',
    markIds: mark ? [mark.id] : [],
    ...(name ? { readerName: name } : {}),
  });

  return (
    <Box sx={{ height: '100%', overflow: 'auto', p: 1.5 }} data-testid="imaging-tab">
      <ImagingRequirementStatus leaf={leaf} />
      {studies.length === 0 && !adding && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          No imaging study recorded. Mark the radiologist&apos;s report in the record for the imaging criterion, then record the study from that passage below.
        </Typography>
      )}
      {studies.map((s) => {
        const studyResult = result.studies.find((r) => r.studyId === s.id);
        return (
          <StudyCard key={s.id} study={s} result={studyResult} marks={marks} docName={docName} readOnly={readOnly}
            defaultProviderReader={treatingProvider}
            reasonShownAbove={!!studyResult && (leaf?.detail ?? []).includes(studyResult.reason)}
            onJump={onJump} onChange={(change) => update(s.id, change)}
            onRemove={() => void save(() => call('imaging.remove', { caseId, studyId: s.id, reason: 'Removed by reviewer' }))} />
        );
      })}
      {adding && (
        <StudyFields
          key={adding.from?.id ?? 'blank'}
          saveLabel="Add study"
          withReaders={!!adding.from}
          {...(adding.initial ? { initial: adding.initial } : {})}
          {...(adding.prefilledFrom ? { prefilledFrom: adding.prefilledFrom } : {})}
          onCancel={() => setAdding(null)}
          onSave={(study, readers) => {
            const from = adding.from;
            const withReadings: ImagingStudyChange & typeof study = from
              ? {
                  ...study,
                  // A report is the radiologist's reading; any other record's passage is the treating provider's.
                  radiologistReading: reading(readers.radiologist, adding.fromReport ? from : undefined),
                  providerReading: reading(readers.provider, adding.fromReport ? undefined : from),
                }
              : study;
            void save(() => call('imaging.add', { caseId, study: withReadings })).then((ok) => ok && setAdding(null));
          }}
        />
      )}
      {!readOnly && (
        <UnusedPassages
          marks={marks}
          studies={studies}
          docName={docName}
          onJump={onJump}
          onRecordStudy={fromPassage}
          onLink={(study, which, m) => {
            const current = study[which];
            update(study.id, {
              [which]: {
                ...current,
                markIds: [...current.markIds, m.id],
                ...(current.readerName || which !== 'providerReading' ? {} : { readerName: treatingProvider }),
              },
            });
          }}
          studyName={(s) => studyLabel(s)}
        />
      )}
      {!readOnly && !adding && (
        <Button startIcon={<AddIcon />} onClick={() => setAdding({})} data-testid="add-study" sx={{ mt: 1 }}>Add an imaging study by hand</Button>
      )}
    </Box>
  );
}
