/**
 * The Imaging tab: the case's imaging studies, each with the radiologist's and the provider's
 * readings side by side, the discrepancy and its reconciliation; on top, the Preface's imaging
 * requirement as the evaluation now decides it. Every change goes through imaging.* and the
 * case is re-read, so what is shown is what was saved.
 */
import { useMemo, useState } from 'react';
import { Box, Button, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import type { CaseTabProps } from '../case/case-tab-props';
import { call } from '../api/client';
import { findNode } from '../../shared/rules/evaluate-criteria';
import { IMAGING_LEAF_ID, reconcileImaging } from '../../shared/imaging/reconcile-imaging';
import type { ImagingStudyChange } from '../../shared/api/imaging-api';
import { ImagingRequirementStatus } from './ImagingRequirementStatus';
import { StudyCard } from './StudyCard';
import { StudyFields } from './StudyFields';

export function ImagingTab({ caseId, open, review, readOnly, save, onJump }: CaseTabProps) {
  const [adding, setAdding] = useState(false);
  const { caseFile } = open;
  const marks = useMemo(() => caseFile.marks.filter((m) => !m.removed), [caseFile.marks]);
  const result = useMemo(() => reconcileImaging(caseFile.imaging, { liveMarkIds: new Set(marks.map((m) => m.id)) }), [caseFile.imaging, marks]);
  const leaf = useMemo(() => review.evaluation.rules.map((r) => findNode(r.tree, IMAGING_LEAF_ID)).find((n) => n !== undefined), [review]);
  const studies = caseFile.imaging.filter((s) => !s.removed);
  const docName = (sha: string) => open.documents.find((d) => d.sha256 === sha)?.name ?? 'Unknown document';

  const update = (studyId: string, change: ImagingStudyChange) => void save(() => call('imaging.update', { caseId, studyId, change }));

  return (
    <Box sx={{ height: '100%', overflow: 'auto', p: 1.5 }} data-testid="imaging-tab">
      <ImagingRequirementStatus leaf={leaf} />
      {studies.length === 0 && !adding && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          No imaging study recorded. Mark the radiologist&apos;s report and the provider&apos;s reading in the record, then add the study here and link both.
        </Typography>
      )}
      {studies.map((s) => {
        const studyResult = result.studies.find((r) => r.studyId === s.id);
        return (
          <StudyCard key={s.id} study={s} result={studyResult} marks={marks} docName={docName} readOnly={readOnly}
            reasonShownAbove={!!studyResult && (leaf?.detail ?? []).includes(studyResult.reason)}
            onJump={onJump} onChange={(change) => update(s.id, change)}
            onRemove={() => void save(() => call('imaging.remove', { caseId, studyId: s.id, reason: 'Removed by reviewer' }))} />
        );
      })}
      {adding ? (
        <StudyFields saveLabel="Add study" onCancel={() => setAdding(false)}
          onSave={(study) => void save(() => call('imaging.add', { caseId, study })).then((ok) => ok && setAdding(false))} />
      ) : (
        !readOnly && <Button startIcon={<AddIcon />} onClick={() => setAdding(true)} data-testid="add-study">Add imaging study</Button>
      )}
    </Box>
  );
}
