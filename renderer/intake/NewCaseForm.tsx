/**
 * A new case: the request, its record PDFs (dropped or chosen, each checked before it is taken),
 * earlier related requests of the member, or a Da Vinci PAS Bundle to fill it all in. The checks
 * are the ones main applies again before anything is written (shared/intake/validate-new-case.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Divider, Grid, IconButton, MenuItem, Stack, TextField, Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import RemoveIcon from '@mui/icons-material/Remove';
import type { ApiResponse } from '../../shared/api/contract';
import { problemsByField, validateNewCase } from '../../shared/intake/validate-new-case';
import { call, messageOf } from '../api/client';
import { AttachmentDropZone, type AttachmentRow } from './AttachmentDropZone';
import { RelatedRequests } from './RelatedRequests';
import { emptyForm, fromDraft, toRequest, type FormState } from './new-case-form-state';
import { DateField } from '../app/DateField';
import { dateOfServiceProblem } from '../../shared/intake/date-of-service-in-effect';

type Options = ApiResponse<'intake.options'>;
type ImportProblems = ApiResponse<'cases.importFhir'>['problems'];
type Imported = ApiResponse<'cases.importFhir'>;

/** Fields a PAS request may leave out: empty, they become gaps the case shows and the evaluation waits for. */
const GAP_FIELDS = new Set(['member.dateOfBirth', 'plan.lineOfBusiness', 'dateOfService', 'diagnoses', 'guidelineId']);
const GAP_HINT = 'Not in the request; the case will ask for it.';

const LOB = [
  ['commercial', 'Commercial'],
  ['medicare-advantage', 'Medicare Advantage'],
  ['medicaid', 'Medicaid'],
  ['medicare', 'Medicare (traditional)'],
] as const;

export function NewCaseForm({ open, onClose, onCreated, onOpenCase }: { open: boolean; onClose: () => void; onCreated: (caseId: string) => void; onOpenCase?: (caseId: string) => void }) {
  const [form, setForm] = useState<FormState>(() => emptyForm());
  const [files, setFiles] = useState<AttachmentRow[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [importProblems, setImportProblems] = useState<ImportProblems>([]);
  const [updated, setUpdated] = useState<Imported | null>(null);
  const [options, setOptions] = useState<Options | null>(null);
  const fhirInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (open && !options) call('intake.options', {}).then(setOptions, (e) => setFailure(messageOf(e)));
  }, [open, options]);

  // Once the reviewer has tried to save, messages follow the fields as they are corrected.
  useEffect(() => {
    if (!submitted) return;
    const v = validateNewCase(toRequest(form), new Date());
    setErrors(v.ok ? {} : problemsByField(v.problems));
  }, [form, submitted]);

  const set = <K extends keyof FormState>(k: K) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const err = (field: string) => errors[field] ?? Object.entries(errors).find(([k]) => k.startsWith(`${field}.`))?.[1];
  const field = (k: keyof FormState, label: string, path: string, extra: Record<string, unknown> = {}) => (
    <TextField
      label={label}
      value={form[k] as string}
      onChange={set(k)}
      error={!!err(path)}
      helperText={err(path) ?? (GAP_FIELDS.has(path) && !(form[k] as string).trim() && form.pasSource ? GAP_HINT : ' ')}
      size="small"
      fullWidth
      slotProps={{ htmlInput: { 'data-testid': `field-${path}` } }}
      {...extra}
    />
  );
  const dateField = (k: 'dateOfBirth' | 'dateOfService' | 'receivedLocal', label: string, path: string, more: { withTime?: boolean; problem?: string | undefined } = {}) => (
    <DateField
      label={label}
      required
      fullWidth
      size="small"
      value={form[k]}
      onChange={(v) => setForm((f) => ({ ...f, [k]: v }))}
      error={err(path) ?? more.problem}
      withTime={!!more.withTime}
      data-testid={`field-${path}`}
    />
  );
  // Said as the date is typed: a date no guideline version covers is found here, not in the opened case.
  const dosProblem = options ? dateOfServiceProblem(form.dateOfService, form.guidelineId, options.ruleVersions) : null;

  const relatedQuery = useMemo(() => {
    const codes = form.codes.map((c) => c.code.trim().toUpperCase()).filter((c) => /^(\d{5}|\d{4}[TU]|[A-V]\d{4})$/.test(c));
    if (!form.memberId.trim() || codes.length === 0 || !/^\d{4}-\d{2}-\d{2}$/.test(form.dateOfService)) return null;
    return { memberId: form.memberId.trim(), codes, dateOfService: form.dateOfService };
  }, [form.memberId, form.codes, form.dateOfService]);

  const checking = files.some((f) => f.state === 'checking');
  const refused = files.filter((f) => f.state === 'checked' && !f.ok);

  async function importFhir(file: File) {
    setFailure(null);
    try {
      const res = await call('cases.importFhir', { bundleJson: await file.text() });
      // An update of a request already here has been applied to its case: nothing to fill in.
      if (res.kind === 'update' && res.caseId) {
        setUpdated(res);
        setImportProblems(res.problems.filter((p) => p.severity === 'error'));
        return;
      }
      setUpdated(null);
      setForm((f) => fromDraft(res.draft, f));
      setImportProblems(res.problems);
      setFiles((rs) => [...rs, ...res.attachments.map((a, i) => ({ key: `pas-${Date.now()}-${i}`, state: 'checked' as const, ...a }))]);
      setSubmitted(res.problems.some((p) => p.severity === 'error'));
    } catch (e) {
      setFailure(messageOf(e));
    }
  }

  async function save() {
    setSubmitted(true);
    setFailure(null);
    const request = toRequest(form);
    const v = validateNewCase(request, new Date());
    if (!v.ok) {
      setErrors(problemsByField(v.problems));
      return;
    }
    if (refused.length > 0) {
      setFailure(`Remove the files that were not taken (${refused.map((f) => f.name).join(', ')}) before creating the case.`);
      return;
    }
    setBusy(true);
    try {
      const attachments = files.flatMap((f) => (f.state === 'checked' && f.ok && f.sha256 ? [{ sha256: f.sha256, name: f.name }] : []));
      const res = await call('cases.create', { request, attachments });
      if (!res.ok) {
        setErrors(problemsByField(res.problems));
        setFailure(res.problems.map((p) => p.message).join(' '));
        return;
      }
      setForm(emptyForm());
      setFiles([]);
      setImportProblems([]);
      setSubmitted(false);
      onCreated(res.caseId);
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const setCode = (i: number, k: 'code' | 'units' | 'modifiers', value: string) =>
    setForm((f) => ({ ...f, codes: f.codes.map((c, j) => (j === i ? { ...c, [k]: value } : c)) }));

  return (
    <Dialog open={open} onClose={onClose} maxWidth="lg" fullWidth data-testid="new-case-form">
      <DialogTitle sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Box sx={{ flexGrow: 1 }}>New case</Box>
        <Button variant="outlined" size="small" onClick={() => fhirInput.current?.click()} data-testid="import-fhir">
          Import a PAS request (FHIR JSON)
        </Button>
        <input
          ref={fhirInput}
          type="file"
          accept="application/json,application/fhir+json,.json"
          hidden
          data-testid="fhir-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void importFhir(f);
            e.target.value = '';
          }}
        />
      </DialogTitle>
      <DialogContent dividers>
        {updated?.caseId && updated.update && (
          <Alert severity="success" sx={{ mb: 2 }} data-testid="update-applied"
            action={<Button color="inherit" size="small" onClick={() => { const id = updated.caseId!; setUpdated(null); (onOpenCase ?? onCreated)(id); }} data-testid="open-updated-case">Open the case</Button>}>
            <Typography variant="subtitle2">This Bundle updates a request already in the workbench ({updated.caseId}); the case was changed, not duplicated:</Typography>
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {updated.update.changes.map((c, i) => <li key={i}><Typography variant="body2">{c}</Typography></li>)}
              {updated.update.resumed && <li><Typography variant="body2">It answers the request for information: the case resumes where it was.</Typography></li>}
            </Box>
          </Alert>
        )}
        {importProblems.length > 0 && (
          <Alert severity={importProblems.some((p) => p.severity === 'error') ? 'warning' : 'info'} sx={{ mb: 2 }} data-testid="import-problems">
            <Typography variant="subtitle2">What the Bundle did not say, or said in a way that cannot be used:</Typography>
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {importProblems.map((p, i) => (
                <li key={i}>
                  <Typography variant="body2">
                    <b>{p.severity === 'error' ? 'Needed' : 'Note'}</b> ({p.where}): {p.message}
                  </Typography>
                </li>
              ))}
            </Box>
          </Alert>
        )}
        {!updated && <Grid container spacing={3}>
          <Grid size={{ xs: 12, md: 7 }}>
            <Typography variant="overline">Member</Typography>
            <Grid container spacing={1}>
              <Grid size={4}>{field('memberId', 'Member id', 'member.id', { required: true, autoFocus: true })}</Grid>
              <Grid size={4}>{field('memberName', 'Name', 'member.name', { required: true })}</Grid>
              <Grid size={4}>{dateField('dateOfBirth', 'Date of birth', 'member.dateOfBirth')}</Grid>
              <Grid size={7}>{field('planName', 'Plan', 'plan.name', { required: true })}</Grid>
              <Grid size={5}>
                {field('lineOfBusiness', 'Line of business', 'plan.lineOfBusiness', {
                  select: true,
                  required: true,
                  children: LOB.map(([v, l]) => (
                    <MenuItem key={v} value={v}>
                      {l}
                    </MenuItem>
                  )),
                  slotProps: { select: { 'data-testid': 'field-plan.lineOfBusiness' } },
                })}
              </Grid>
            </Grid>
            <Typography variant="overline">Providers</Typography>
            <Grid container spacing={1}>
              <Grid size={7}>{field('requestingName', 'Requesting provider', 'requestingProvider.name', { required: true })}</Grid>
              <Grid size={5}>{field('requestingNpi', 'Requesting NPI', 'requestingProvider.npi', { required: true })}</Grid>
              <Grid size={7}>{field('servicingName', 'Servicing provider (if different)', 'servicingProvider.name')}</Grid>
              <Grid size={5}>{field('servicingNpi', 'Servicing NPI', 'servicingProvider.npi')}</Grid>
            </Grid>
            <Typography variant="overline">Requested services</Typography>
            {form.codes.map((c, i) => (
              <Stack direction="row" spacing={1} key={i} sx={{ alignItems: 'flex-start' }}>
                <TextField label="CPT/HCPCS" required size="small" value={c.code} onChange={(e) => setCode(i, 'code', e.target.value)} error={!!err(`codes.${i}.code`)} helperText={err(`codes.${i}.code`) ?? ' '} slotProps={{ htmlInput: { 'data-testid': `field-codes.${i}.code` } }} sx={{ flex: 3 }} />
                <TextField label="Units" required size="small" type="number" value={c.units} onChange={(e) => setCode(i, 'units', e.target.value)} error={!!err(`codes.${i}.units`)} helperText={err(`codes.${i}.units`) ?? ' '} slotProps={{ htmlInput: { 'data-testid': `field-codes.${i}.units`, min: 1 } }} sx={{ flex: 1 }} />
                <TextField label="Modifiers" size="small" placeholder="LT 59" value={c.modifiers} onChange={(e) => setCode(i, 'modifiers', e.target.value)} error={!!err(`codes.${i}.modifiers`)} helperText={err(`codes.${i}.modifiers`) ?? ' '} sx={{ flex: 2 }} />
                <IconButton aria-label="Remove this code" disabled={form.codes.length === 1 && !(form.otherServices ?? []).length} onClick={() => setForm((f) => ({ ...f, codes: f.codes.filter((_, j) => j !== i) }))}>
                  <RemoveIcon fontSize="small" />
                </IconButton>
              </Stack>
            ))}
            {(form.otherServices ?? []).length > 0 && (
              <Alert severity="info" variant="outlined" sx={{ my: 1, py: 0 }} data-testid="other-services">
                Also requested, not reviewed by the workbench (the health plan answers them):{' '}
                {(form.otherServices ?? []).map((o) => `${String(o.code)}${o.display ? ` ${String(o.display)}` : ''} (${String(o.kind)})`).join('; ')}
              </Alert>
            )}
            <Button size="small" startIcon={<AddIcon />} onClick={() => setForm((f) => ({ ...f, codes: [...f.codes, { code: '', units: '1', modifiers: '' }] }))}>
              Add a code
            </Button>
            {err('codes') && !form.codes.some((_, i) => err(`codes.${i}`)) && (
              <Typography variant="caption" color="error" sx={{ display: 'block' }}>
                {err('codes')}
              </Typography>
            )}
            <Grid container spacing={1} sx={{ mt: 1 }}>
              <Grid size={12}>{field('diagnoses', 'ICD-10-CM diagnoses (comma-separated)', 'diagnoses', { required: true, placeholder: 'M96.1, G89.4' })}</Grid>
              <Grid size={4}>{dateField('dateOfService', 'Date of service', 'dateOfService', { problem: dosProblem?.message })}</Grid>
              <Grid size={5}>{dateField('receivedLocal', 'Received', 'receivedAt', { withTime: true })}</Grid>
              <Grid size={3}>
                {field('urgency', 'Urgency', 'urgency', {
                  select: true,
                  required: true,
                  children: [
                    <MenuItem key="standard" value="standard">Standard</MenuItem>,
                    <MenuItem key="expedited" value="expedited">Expedited</MenuItem>,
                  ],
                })}
              </Grid>
              <Grid size={12}>
                {field('guidelineId', 'Guideline', 'guidelineId', {
                  select: true,
                  required: true,
                  children: (options?.guidelines ?? []).map((g) => (
                    <MenuItem key={g.id} value={g.id}>
                      {g.title}
                      {g.encoded ? '' : ' (criteria not encoded)'}
                    </MenuItem>
                  )),
                  slotProps: { select: { MenuProps: { slotProps: { paper: { sx: { maxHeight: 360 } } } } } },
                })}
              </Grid>
            </Grid>
          </Grid>
          <Grid size={{ xs: 12, md: 5 }}>
            <Typography variant="overline">Medical records</Typography>
            <AttachmentDropZone rows={files} onChange={setFiles} />
            <Divider sx={{ my: 2 }} />
            <Typography variant="overline">Sequential, similar or duplicate requests</Typography>
            {relatedQuery ? (
              <RelatedRequests query={relatedQuery} />
            ) : (
              <Typography variant="body2" color="text.secondary">
                Enter the member id, a code and the date of service to see earlier requests.
              </Typography>
            )}
          </Grid>
        </Grid>}
        {failure && (
          <Alert severity="error" sx={{ mt: 2 }} data-testid="create-failure">
            {failure}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        {updated && <Button onClick={() => setUpdated(null)} data-testid="import-another">Import another</Button>}
        <Button variant="contained" onClick={() => void save()} disabled={busy || checking} data-testid="create-case" sx={updated ? { display: 'none' } : {}}>
          {checking ? 'Checking files…' : 'Create case'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
