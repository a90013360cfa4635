/**
 * Passages marked for the imaging requirement that no study uses yet: each can start a study
 * ("Record a study from this passage", prefilled from its report) or be linked, in one click, as
 * a study's radiologist reading, the treating provider's reading, or the passage that reconciles them.
 */
import { Box, Button, List, ListItem, Stack, Typography } from '@mui/material';
import type { Mark } from '../../shared/case/schema';
import type { ImagingStudy } from '../../shared/imaging/schema';
import { IMAGING_LEAF_ID } from '../../shared/imaging/reconcile-imaging';

type Which = 'radiologistReading' | 'providerReading';

interface Props {
  marks: Mark[];
  studies: ImagingStudy[];
  docName: (sha256: string) => string;
  studyName: (s: ImagingStudy) => string;
  onJump: (m: Mark) => void;
  onRecordStudy: (m: Mark) => void;
  onLink: (study: ImagingStudy, which: Which, m: Mark) => void;
}

/** Ids of the marks a live study already uses. */
export function usedMarkIds(studies: readonly ImagingStudy[]): Set<string> {
  return new Set(studies.flatMap((s) => [...s.radiologistReading.markIds, ...s.providerReading.markIds, ...(s.reconciliation?.markIds ?? [])]));
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function UnusedPassages({ marks, studies, docName, studyName, onJump, onRecordStudy, onLink }: Props) {
  const used = usedMarkIds(studies);
  const unused = marks.filter((m) => m.criterionIds.includes(IMAGING_LEAF_ID) && !used.has(m.id));
  if (unused.length === 0) return null;
  return (
    <Box component="section" aria-labelledby="unused-passages-title" data-testid="unused-passages" sx={{ mt: 1 }}>
      <Typography variant="subtitle2" component="h3" id="unused-passages-title">Passages marked for imaging, not linked yet</Typography>
      <List dense disablePadding>
        {unused.map((m) => (
          <ListItem key={m.id} disableGutters data-testid="unused-passage" sx={{ display: 'block', borderLeft: 3, borderColor: 'primary.light', pl: 1, py: 0.5, mb: 1, bgcolor: 'grey.50' }}>
            <Button size="small" onClick={() => onJump(m)} sx={{ textTransform: 'none', textAlign: 'left', justifyContent: 'flex-start', p: 0, color: 'text.primary', fontWeight: 400, display: 'block' }}>
              <Typography variant="body2" component="span" sx={{ fontStyle: 'italic', display: 'block' }}>“{m.kind === 'area' ? 'Marked area' : truncate(m.quote, 160)}”</Typography>
              <Typography variant="caption" component="span" color="text.secondary">{docName(m.docSha256)}, page {m.page}</Typography>
            </Button>
            <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap', mt: 0.5 }}>
              <Button size="small" variant="outlined" onClick={() => onRecordStudy(m)} data-testid="record-study-from-passage">Record a study from this passage</Button>
              {studies.map((s) => (
                <Box key={s.id} component="span" sx={{ display: 'inline-flex', gap: 0.5, alignItems: 'center' }}>
                  <Button size="small" onClick={() => onLink(s, 'radiologistReading', m)} data-testid="link-as-radiologist" aria-label={`Link as the radiologist's reading of ${studyName(s)}`}>Radiologist&apos;s reading</Button>
                  <Button size="small" onClick={() => onLink(s, 'providerReading', m)} data-testid="link-as-provider" aria-label={`Link as the treating provider's reading of ${studyName(s)}`}>Provider&apos;s reading</Button>
                  {studies.length > 1 && <Typography variant="caption" color="text.secondary">({studyName(s)})</Typography>}
                </Box>
              ))}
            </Stack>
          </ListItem>
        ))}
      </List>
    </Box>
  );
}
