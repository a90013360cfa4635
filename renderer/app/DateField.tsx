/**
 * A date typed the way its hint says: MM/DD/YYYY (or, with `withTime`, MM/DD/YYYY h:mm AM). The
 * browser's own date input shows the machine's locale format, which the app's messages could not
 * name; this one shows what it understood underneath ("March 3, 2026") and refuses the rest where
 * it is typed. The value handed up is ISO (YYYY-MM-DD, or YYYY-MM-DDTHH:mm on the local clock);
 * text that is not a date is handed up as typed, so the form's own check names the field.
 */
import { useState, type ReactNode } from 'react';
import { TextField, type TextFieldProps } from '@mui/material';
import { parseTypedDate, parseTypedDateTime, typedDate, typedDateTime, TYPED_DATE_HINT, TYPED_DATE_TIME_HINT } from '../../shared/case/typed-date';
import { formatDate } from './format-date';

type Props = Omit<TextFieldProps, 'value' | 'onChange' | 'error' | 'helperText'> & {
  value: string;
  onChange: (value: string) => void;
  withTime?: boolean;
  /** A problem the form found (e.g. "must be in the past"); shown instead of the reading. */
  error?: string | undefined;
  'data-testid'?: string;
};

function shown(value: string, withTime: boolean): string {
  if (!value) return '';
  return withTime ? typedDateTime(value) : typedDate(value);
}

function reading(value: string, withTime: boolean): string | null {
  if (withTime) {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
    return m ? `${formatDate(m[1]!)}, ${typedDateTime(value).split(' ').slice(1).join(' ')}` : null;
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : null;
}

export function DateField({ value, onChange, withTime = false, error, 'data-testid': testId, slotProps, onBlur, ...rest }: Props) {
  const [text, setText] = useState(() => shown(value, withTime));
  const [from, setFrom] = useState(value);
  // The value changed from outside (an import, a reset): show it.
  if (from !== value) {
    setFrom(value);
    const parsed = withTime ? parseTypedDateTime(text) : parseTypedDate(text);
    if (parsed !== value) setText(shown(value, withTime));
  }
  const hint = withTime ? TYPED_DATE_TIME_HINT : TYPED_DATE_HINT;
  const parse = withTime ? parseTypedDateTime : parseTypedDate;
  const typedWrong = text.trim() !== '' && parse(text) === null;
  const helper: ReactNode = error ?? (typedWrong ? `Type the date as ${hint}, e.g. ${withTime ? '03/03/2026 9:30 AM' : '03/03/2026'}.` : (reading(value, withTime) ?? hint));
  return (
    <TextField
      {...rest}
      value={text}
      placeholder={hint}
      error={!!error || typedWrong}
      helperText={helper}
      onChange={(e) => {
        setText(e.target.value);
        const iso = parse(e.target.value);
        const next = iso ?? e.target.value.trim();
        setFrom(next);
        onChange(next);
      }}
      onBlur={(e) => {
        const iso = parse(text);
        if (iso) setText(shown(iso, withTime));
        onBlur?.(e);
      }}
      slotProps={{
        ...slotProps,
        inputLabel: { shrink: true, ...(slotProps?.inputLabel as object) },
        htmlInput: { inputMode: 'numeric', autoComplete: 'off', ...(testId ? { 'data-testid': testId } : {}), ...(slotProps?.htmlInput as object) },
      }}
    />
  );
}
