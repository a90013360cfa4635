/**
 * What the reviewer establishes besides the criteria: the clinical indication (diagnosis codes only
 * propose one), the experimental uses a diagnosis suggests (confirmed or ruled out, never decided
 * by the code alone), and the determination checks the rules ask (benefit plan, clinical trial,
 * law, exception, and per code a contingency-plan code or units the records do not support).
 */
import { useState } from 'react';
import { Alert, Box, Button, MenuItem, Stack, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import type { CheckResult, Evaluation } from '../../shared/rules/evaluation';
import type { CaseFile } from '../../shared/case/schema';
import { call } from '../api/client';
import { useDraft } from '../app/useDraft';

export const NOT_COVERED = 'not-covered';

interface Props {
  evaluation: Evaluation;
  caseFile: CaseFile;
  readOnly: boolean;
  save: (work: () => Promise<unknown>) => Promise<boolean>;
}

const yesNo = (value: 'yes' | 'no' | 'unanswered') => (value === 'unanswered' ? null : value);

function CheckRow({ check, caseId, readOnly, save }: { check: CheckResult; caseId: string; readOnly: boolean; save: Props['save'] }) {
  const [note, setNote] = useDraft(check.note);
  const [units, setUnits] = useDraft(check.supportedUnits !== undefined ? String(check.supportedUnits) : '');
  const answer = (a: 'yes' | 'no' | null, extra: { note?: string; supportedUnits?: number } = {}) =>
    void save(() => call('checks.set', { caseId, kind: check.kind, ...(check.code ? { code: check.code } : {}), answer: a, ...extra }));
  const wantsNote = check.answer === 'yes' && (check.kind === 'legislative-mandate' || check.kind === 'benefit-plan-precedence');
  const wantsUnits = check.kind === 'units-levels' && check.answer === 'no';
  const commitUnits = () => {
    const n = Number(units.trim());
    if (units.trim() !== '' && Number.isInteger(n) && n >= 0 && n !== check.supportedUnits) answer('no', { supportedUnits: n });
  };
  return (
    <Box sx={{ py: 0.75, borderTop: 1, borderColor: 'divider' }} data-testid={`check-${check.kind}${check.code ? `-${check.code}` : ''}`} data-answer={check.answer}>
      <Typography variant="body2">{check.question}</Typography>
      {check.help && <Typography variant="caption" color="text.secondary" component="div">{check.help}</Typography>}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: 0.5, flexWrap: 'wrap', rowGap: 0.5 }}>
        <ToggleButtonGroup exclusive size="small" value={yesNo(check.answer)} disabled={readOnly} aria-label={check.question}
          onChange={(_e, v: 'yes' | 'no' | null) => answer(v)}>
          <ToggleButton value="yes" sx={{ py: 0, px: 1.25, fontSize: 11, textTransform: 'none' }}>Yes</ToggleButton>
          <ToggleButton value="no" sx={{ py: 0, px: 1.25, fontSize: 11, textTransform: 'none' }}>No</ToggleButton>
        </ToggleButtonGroup>
        {wantsUnits && (
          <TextField size="small" label="Units the records support" value={units} disabled={readOnly} sx={{ width: 190 }}
            onChange={(e) => setUnits(e.target.value)} onBlur={commitUnits} onKeyDown={(e) => e.key === 'Enter' && commitUnits()}
            slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': `supported-units-${check.code}` }, inputLabel: { shrink: true } }} />
        )}
        <Typography variant="caption" color={check.answer === 'unanswered' ? 'text.secondary' : 'text.primary'} sx={{ flexBasis: '100%' }}>{check.effect}</Typography>
      </Stack>
      {wantsNote && (
        <TextField size="small" fullWidth multiline label={check.kind === 'legislative-mandate' ? 'Which law' : 'Which plan term, policy or eligibility issue'}
          value={note} disabled={readOnly} sx={{ mt: 0.75 }} error={check.kind === 'legislative-mandate' && note.trim() === ''}
          onChange={(e) => setNote(e.target.value)} onBlur={() => note !== check.note && answer('yes', { note })}
          slotProps={{ htmlInput: { 'data-testid': `check-note-${check.kind}` } }} />
      )}
    </Box>
  );
}

export function ReviewChecks({ evaluation, caseFile, readOnly, save }: Props) {
  const { indication } = evaluation;
  const [showAll, setShowAll] = useState(false);
  const caseId = caseFile.id;
  const proposed = indication.proposed.filter((id) => id !== indication.recorded);
  const label = (id: string) => indication.options.find((o) => o.id === id)?.label ?? id;
  const experimental = evaluation.rules.flatMap((r) => r.experimental.map((x) => ({ ...x, ruleId: r.ruleId })));
  const shownExperimental = showAll ? experimental : experimental.filter((x) => x.status !== 'not-flagged');
  const setFinding = (id: string, status: 'met' | 'not-met' | 'unreviewed') => void save(() => call('findings.set', { caseId, criterionId: id, status }));
  const answered = evaluation.checks.filter((c) => c.answer !== 'unanswered').length;

  return (
    <Box sx={{ px: 1.5, py: 1, borderBottom: 1, borderColor: 'divider' }} data-testid="review-checks">
      {indication.options.length > 0 && (
        <Box sx={{ mb: 1 }}>
          <TextField select size="small" fullWidth label="Clinical indication (you decide; diagnosis codes only propose)"
            value={indication.recorded ?? ''} disabled={readOnly}
            onChange={(e) => void save(() => call('indication.set', { caseId, indicationId: e.target.value || null }))}
            slotProps={{ select: { displayEmpty: true, SelectDisplayProps: { 'data-testid': 'indication-select' } as object }, inputLabel: { shrink: true } }}>
            <MenuItem value=""><em>Not recorded yet</em></MenuItem>
            {indication.options.map((o) => <MenuItem key={o.id} value={o.id} sx={{ whiteSpace: 'normal' }}>{o.label}</MenuItem>)}
            <MenuItem value={NOT_COVERED} sx={{ whiteSpace: 'normal' }}>Not one this guideline covers (redirect to the health plan)</MenuItem>
          </TextField>
          {proposed.length > 0 && !indication.recorded && (
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: 0.5 }} data-testid="indication-proposed">
              <Typography variant="caption" color="text.secondary">Proposed by the diagnosis codes: {proposed.map(label).join('; ')}</Typography>
              {!readOnly && <Button size="small" sx={{ flexShrink: 0, whiteSpace: 'nowrap' }} onClick={() => void save(() => call('indication.set', { caseId, indicationId: proposed[0]! }))} data-testid="record-proposed-indication">Record it</Button>}
            </Stack>
          )}
          {indication.recorded === NOT_COVERED && indication.notCoveredMeans && (
            <Alert severity="info" sx={{ mt: 0.5, py: 0 }}>{indication.notCoveredMeans}</Alert>
          )}
        </Box>
      )}

      {experimental.length > 0 && (
        <Box sx={{ mb: 1 }} data-testid="experimental-checks">
          <Typography variant="caption" sx={{ fontWeight: 600, textTransform: 'uppercase', letterSpacing: 0.4 }} color="text.secondary">
            Uses the guideline calls experimental, investigational or unproven
          </Typography>
          {shownExperimental.map((x) => (
            <Stack key={x.id} direction="row" spacing={1} sx={{ alignItems: 'center', py: 0.25 }} data-testid={`experimental-${x.id}`} data-status={x.status}>
              <Typography variant="body2" sx={{ flexGrow: 1 }}>
                Is this request for {x.text.charAt(0).toLowerCase()}{x.text.slice(1).replace(/\.$/, '')}?
                {x.status === 'flagged' && <Typography component="span" variant="caption" color="warning.main"> Suggested by {x.matchedDiagnoses.join(', ')}: confirm or rule out.</Typography>}
              </Typography>
              <ToggleButtonGroup exclusive size="small" disabled={readOnly} aria-label={`Is this request for ${x.text}`}
                value={x.status === 'confirmed' ? 'met' : x.status === 'ruled-out' ? 'not-met' : null}
                onChange={(_e, v: 'met' | 'not-met' | null) => setFinding(x.id, v ?? 'unreviewed')}>
                <ToggleButton value="met" sx={{ py: 0, px: 1.25, fontSize: 11, textTransform: 'none' }}>Yes</ToggleButton>
                <ToggleButton value="not-met" sx={{ py: 0, px: 1.25, fontSize: 11, textTransform: 'none' }}>No</ToggleButton>
              </ToggleButtonGroup>
            </Stack>
          ))}
          {!showAll && shownExperimental.length < experimental.length && (
            <Button size="small" onClick={() => setShowAll(true)} sx={{ textTransform: 'none' }}>Show all {experimental.length}</Button>
          )}
        </Box>
      )}

      {evaluation.checks.length > 0 && (
        <Box component="details" data-testid="determination-checks" open={evaluation.checks.some((c) => c.answer === 'yes') || undefined}>
          <Box component="summary" sx={{ cursor: 'pointer', typography: 'caption', fontWeight: 600, textTransform: 'uppercase', letterSpacing: 0.4, color: 'text.secondary' }}>
            Determination checks ({answered} of {evaluation.checks.length} answered; an unanswered one is taken as the usual case)
          </Box>
          {evaluation.checks.map((c) => <CheckRow key={`${c.kind}-${c.code ?? ''}`} check={c} caseId={caseId} readOnly={readOnly} save={save} />)}
        </Box>
      )}
    </Box>
  );
}
