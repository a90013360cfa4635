/**
 * Time left before the decision is due (rules/turnaround.json), ticking each half minute; an
 * overdue case stands out in red, one due within a day in amber; a signed case shows when it was decided.
 */
import { useEffect, useState } from 'react';
import { Chip, Tooltip } from '@mui/material';
import ScheduleIcon from '@mui/icons-material/Schedule';
import type { TurnaroundInfo } from '../../shared/api/contract';
import { timeLeft } from '../../shared/turnaround/turnaround-clock';
import { call } from '../api/client';
import { useNow } from '../app/useNow';
import { formatDateTime, formatDayOf } from '../app/format-date';

const DAY = 24 * 3_600_000;
const UNIT = { hours: 'hours', 'calendar-days': 'calendar days', 'business-days': 'business days' } as const;

export function TurnaroundClock({ caseId, status }: { caseId: string; status: string }) {
  const [info, setInfo] = useState<TurnaroundInfo | null>(null);
  useEffect(() => {
    let live = true;
    call('turnaround.get', { caseId }).then((i) => live && setInfo(i), () => live && setInfo(null));
    return () => {
      live = false;
    };
  }, [caseId, status]);
  const now = useNow();
  if (!info) return null;

  const due = formatDateTime(info.dueAt);
  const why = `Due ${due}: ${info.amount} ${UNIT[info.unit]} from receipt (${info.source})${info.informationRequest ? `. ${info.informationRequest}` : ''}`;
  if (info.stoppedSince && !info.decidedAt) {
    return (
      <Tooltip title={`${info.informationRequest ?? 'The clock is stopped while information is requested.'}`}>
        <Chip icon={<ScheduleIcon />} label={`Clock stopped since ${formatDateTime(info.stoppedSince)}`} data-testid="turnaround-clock" data-overdue="false"
          sx={{ bgcolor: 'rgba(255,255,255,0.18)', color: 'inherit', '& .MuiChip-icon': { color: 'inherit' } }} />
      </Tooltip>
    );
  }
  if (info.decidedAt) {
    const late = Date.parse(info.decidedAt) > Date.parse(info.dueAt);
    return (
      <Tooltip title={why}>
        <Chip icon={<ScheduleIcon />} label={`Decided ${formatDayOf(info.decidedAt)}${late ? ' (late)' : ''}`} data-testid="turnaround-clock" data-overdue="false"
          sx={{ bgcolor: 'rgba(255,255,255,0.18)', color: 'inherit', '& .MuiChip-icon': { color: 'inherit' } }} />
      </Tooltip>
    );
  }
  const left = timeLeft(info.dueAt, now);
  const soon = !left.overdue && left.msLeft < DAY;
  return (
    <Tooltip title={why}>
      <Chip
        icon={<ScheduleIcon />}
        label={left.overdue ? `Overdue by ${left.text.replace(/^overdue by /, '')}` : left.text}
        color={left.overdue ? 'error' : soon ? 'warning' : 'default'}
        data-testid="turnaround-clock"
        data-overdue={String(left.overdue)}
        sx={left.overdue || soon ? { fontWeight: 700 } : { bgcolor: 'rgba(255,255,255,0.18)', color: 'inherit', '& .MuiChip-icon': { color: 'inherit' } }}
      />
    </Tooltip>
  );
}
