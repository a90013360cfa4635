/**
 * What the request did not carry and the review needs (shared/case/request-gaps.ts), at the top
 * of the case: each gap with its field, saved through cases.fillGaps (audited). The evaluation
 * waits for them and never fills them in.
 */
import { useEffect, useState } from 'react';
import { Alert, AlertTitle, Box, Button, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { CaseFile } from '../../shared/case/schema';
import { requestGaps } from '../../shared/case/request-gaps';
import type { ApiResponse } from '../../shared/api/contract';
import { call, messageOf } from '../api/client';

const LOB = [['commercial', 'Commercial'], ['medicare-advantage', 'Medicare Advantage'], ['medicaid', 'Medicaid'], ['medicare', 'Medicare (traditional)']] as const;

export function RequestGaps({ caseFile, readOnly, onSaved }: { caseFile: CaseFile; readOnly: boolean; onSaved: () => Promise<void> }) {
  const gaps = requestGaps(caseFile.request);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [guidelines, setGuidelines] = useState<ApiResponse<'intake.options'>['guidelines']>([]);
  const needsGuideline = gaps.some((g) => g.field === 'guidelineId');
  useEffect(() => {
    if (needsGuideline) call('intake.options', {}).then((o) => setGuidelines(o.guidelines), () => setGuidelines([]));
  }, [needsGuideline]);
  if (gaps.length === 0) return null;
  const set = (k: string) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const units: Record<string, number> = {};
      for (const [k, v] of Object.entries(values)) if (k.startsWith('units:') && v.trim()) units[k.slice(6)] = Number(v);
      await call('cases.fillGaps', {
        caseId: caseFile.id,
        ...(values.dateOfBirth ? { dateOfBirth: values.dateOfBirth } : {}),
        ...(values.lineOfBusiness ? { lineOfBusiness: values.lineOfBusiness as 'commercial' } : {}),
        ...(values.dateOfService ? { dateOfService: values.dateOfService } : {}),
        ...(values.diagnoses?.trim() ? { diagnoses: values.diagnoses.split(/[\s,;]+/).filter(Boolean) } : {}),
        ...(values.guidelineId ? { guidelineId: values.guidelineId } : {}),
        ...(Object.keys(units).length ? { units } : {}),
      });
      setValues({});
      await onSaved();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const input = (field: string) => {
    const common = { size: 'small' as const, disabled: readOnly || busy };
    if (field === 'member.dateOfBirth') return <TextField {...common} type="date" label="Date of birth" value={values.dateOfBirth ?? ''} onChange={set('dateOfBirth')} slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'gap-dateOfBirth' } }} />;
    if (field === 'dateOfService') return <TextField {...common} type="date" label="Date of service" value={values.dateOfService ?? ''} onChange={set('dateOfService')} slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'gap-dateOfService' } }} />;
    if (field === 'plan.lineOfBusiness') {
      return (
        <TextField {...common} select label="Line of business" value={values.lineOfBusiness ?? ''} onChange={set('lineOfBusiness')} sx={{ minWidth: 200 }} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'gap-lineOfBusiness' } as never } }}>
          {LOB.map(([v, l]) => <MenuItem key={v} value={v}>{l}</MenuItem>)}
        </TextField>
      );
    }
    if (field === 'guidelineId') {
      return (
        <TextField {...common} select label="Guideline" value={values.guidelineId ?? ''} onChange={set('guidelineId')} sx={{ minWidth: 320 }}>
          {guidelines.map((g) => <MenuItem key={g.id} value={g.id}>{g.title}{g.encoded ? '' : ' (criteria not encoded)'}</MenuItem>)}
        </TextField>
      );
    }
    if (field === 'diagnoses') return <TextField {...common} label="ICD-10-CM diagnoses" placeholder="M54.16, G89.4" value={values.diagnoses ?? ''} onChange={set('diagnoses')} slotProps={{ htmlInput: { 'data-testid': 'gap-diagnoses' } }} />;
    const units = /^codes\.(\d+)\.units$/.exec(field);
    if (units) {
      const code = caseFile.request.codes[Number(units[1])]?.code ?? '';
      return <TextField {...common} type="number" label={`Units of ${code}`} value={values[`units:${code}`] ?? ''} onChange={set(`units:${code}`)} sx={{ width: 130 }} slotProps={{ htmlInput: { min: 1, 'data-testid': `gap-units-${code}` } }} />;
    }
    return null;
  };
  const fillable = gaps.filter((g) => input(g.field) !== null);

  return (
    <Alert severity="warning" sx={{ borderRadius: 0, py: 0.5 }} data-testid="request-gaps">
      <AlertTitle sx={{ mb: 0.5 }}>The request is missing what the review needs; the evaluation waits for it</AlertTitle>
      <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
        {gaps.map((g) => (
          <li key={g.field}>
            <Typography variant="body2"><b>{g.label}</b>: {g.why}.</Typography>
          </li>
        ))}
      </Box>
      {!readOnly && fillable.length > 0 && (
        <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          {fillable.map((g) => <Box key={g.field}>{input(g.field)}</Box>)}
          <Button variant="contained" size="small" onClick={() => void save()} disabled={busy || Object.values(values).every((v) => !v.trim())} data-testid="save-gaps">Save</Button>
        </Stack>
      )}
      {error && <Typography variant="body2" color="error" sx={{ mt: 0.5 }}>{error}</Typography>}
    </Alert>
  );
}
