/**
 * A criterion's fact, typed where the criterion is: the guideline's whole label above the field,
 * the unit in it, the threshold in words under it ("Needs at least 6 months"). A value that is not
 * a number of that unit, or cannot be one (−3 months, 150%), is refused right there with why, and
 * the saved value is said to stay; Enter or leaving the field saves a good one, Escape goes back.
 */
import { useId, useState } from 'react';
import { Box, InputAdornment, TextField, Typography } from '@mui/material';
import type { FactSpec } from '../../shared/rules/schema';
import { amountInWords, readFactValue, thresholdInWords } from '../../shared/rules/fact-value';
import { useDraft } from '../app/useDraft';

interface Props {
  fact: FactSpec & { value?: number | undefined };
  readOnly: boolean;
  onFact: (name: string, value: number | null) => void;
}

export function FactField({ fact, readOnly, onFact }: Props) {
  const id = useId();
  const saved = fact.value ?? null;
  const [text, setText] = useDraft(saved === null ? '' : String(saved));
  const [problem, setProblem] = useState<string | null>(null);
  const unit = fact.unit === 'percent' ? '%' : fact.unit;

  const commit = () => {
    const r = readFactValue(text, fact);
    if (!r.ok) {
      setProblem(r.message);
      return;
    }
    setProblem(null);
    if (r.value !== saved) onFact(fact.name, r.value);
    setText(r.value === null ? '' : String(r.value));
  };

  const helper = problem
    ? `${problem} ${saved === null ? 'Nothing is saved.' : `The saved value stays ${amountInWords(saved, fact.unit)}.`}`
    : `Needs ${thresholdInWords(fact)}`;

  return (
    <Box sx={{ width: '100%' }} data-testid={`fact-${fact.name}`}>
      <Typography component="label" htmlFor={id} variant="caption" sx={{ display: 'block', fontWeight: 600, mb: 0.25 }}>{fact.label}</Typography>
      <TextField
        id={id}
        value={text}
        disabled={readOnly}
        error={!!problem}
        onChange={(e) => {
          setText(e.target.value);
          // Said as it is typed, saved only when the field is left or Enter pressed.
          const r = readFactValue(e.target.value, fact);
          setProblem(r.ok ? null : r.message);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setText(saved === null ? '' : String(saved));
            setProblem(null);
          }
        }}
        sx={{ width: 150 }}
        helperText={helper}
        slotProps={{
          htmlInput: { inputMode: 'decimal', 'data-testid': 'fact-input', 'aria-describedby': `${id}-helper-text` },
          formHelperText: { sx: { mx: 0, width: 'max-content', maxWidth: 360 } },
          input: { endAdornment: <InputAdornment position="end">{unit}</InputAdornment> },
        }}
      />
    </Box>
  );
}
