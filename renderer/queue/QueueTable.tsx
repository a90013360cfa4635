/**
 * The queue's rows, virtualized: a fixed row height lets the scroll position say which rows are
 * in view, and only those (plus a margin) are in the DOM. The body is a real <table> whose
 * <tbody> holds only real case rows, positioned at the scroll offset, under a header table
 * sharing its column widths.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Box, Chip, Paper, Stack, TableSortLabel, Tooltip, Typography } from '@mui/material';
import type { QueueRow, QueueSort } from '../../shared/intake/query-cases';
import { timeLeft } from '../../shared/turnaround/turnaround-clock';
import { STATUS_LABEL } from './status-label';
import { formatDateTime } from '../app/format-date';

export const ROW_HEIGHT = 48;
const OVERSCAN = 10;

type Column = { label: string; width: string; sort?: QueueSort };
/** The widths alone and with team mode's "Taken by" column beside them. */
const COLUMN_LIST: (Omit<Column, 'width'> & { width: [alone: string, withTakenBy: string] })[] = [
  { label: 'Member', width: ['22%', '19%'], sort: 'member' },
  { label: 'Codes', width: ['14%', '9%'] },
  { label: 'Guideline', width: ['10%', '9%'] },
  { label: 'Urgency', width: ['10%', '9%'] },
  { label: 'Time left', width: ['15%', '12%'], sort: 'due' },
  { label: 'Received', width: ['14%', '16%'], sort: 'received' },
  { label: 'Status', width: ['15%', '13%'], sort: 'status' },
];
const COLUMNS: Column[] = COLUMN_LIST.map((c) => ({ ...c, width: c.width[0] }));
const TEAM_COLUMNS: Column[] = [...COLUMN_LIST.map((c) => ({ ...c, width: c.width[1] })), { label: 'Taken by', width: '13%' }];

const cell = { padding: '0 12px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' as const, borderBottom: '1px solid rgba(0,0,0,0.08)' };

function Cols({ columns }: { columns: Column[] }) {
  return (
    <colgroup>
      {columns.map((c) => (
        <col key={c.label} style={{ width: c.width }} />
      ))}
    </colgroup>
  );
}

const received = formatDateTime;

function Clock({ row, now }: { row: QueueRow; now: Date }): ReactNode {
  if (row.status === 'signed') return <Typography variant="body2" color="text.secondary">Decided</Typography>;
  if (!row.dueAt) return <Typography variant="body2" color="text.secondary">No clock</Typography>;
  const t = timeLeft(row.dueAt, now);
  const soon = !t.overdue && t.msLeft < 24 * 3_600_000;
  return (
    <Tooltip title={`Due ${formatDateTime(row.dueAt)}`}>
      <Typography variant="body2" sx={{ fontWeight: t.overdue || soon ? 700 : 400, color: t.overdue ? 'error.main' : soon ? 'warning.dark' : 'text.primary' }} data-testid="time-left">
        {t.text}
      </Typography>
    </Tooltip>
  );
}

export function QueueTable(props: {
  total: number;
  rowAt: (i: number) => QueueRow | undefined;
  ensure: (first: number, last: number) => void;
  now: Date;
  sort: { by: QueueSort; descending: boolean };
  onSort: (s: { by: QueueSort; descending: boolean }) => void;
  onOpen: (caseId: string) => void;
  /** Changes with every new sort, filter or search: the list starts at the top again. */
  queryKey: string;
  team: boolean;
  /** This reviewer's login, so their own cases read "You". */
  me?: string | undefined;
}) {
  const { total, rowAt, ensure, now, sort, onSort, onOpen, queryKey, team, me } = props;
  const columns = team ? TEAM_COLUMNS : COLUMNS;
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 800 });

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A new query starts at the top; a live refresh (another reviewer's change) keeps the place.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [queryKey]);

  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);
  useEffect(() => {
    if (total > 0) ensure(first, last);
  }, [first, last, total, ensure]);

  const indices: number[] = [];
  for (let i = first; i <= last; i++) indices.push(i);

  return (
    <Paper variant="outlined" sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', mb: 2 }}>
      <table style={{ width: '100%', tableLayout: 'fixed', borderCollapse: 'collapse' }}>
        <Cols columns={columns} />
        <thead>
          <tr style={{ height: 40, background: '#f5f7fa' }}>
            {columns.map((c) => (
              <th key={c.label} style={{ ...cell, textAlign: 'left', verticalAlign: 'middle', fontWeight: 600, fontSize: 13 }}>
                {c.sort ? (
                  <TableSortLabel
                    active={sort.by === c.sort}
                    direction={sort.by === c.sort && sort.descending ? 'desc' : 'asc'}
                    onClick={() => onSort({ by: c.sort!, descending: sort.by === c.sort ? !sort.descending : false })}
                  >
                    {c.label}
                  </TableSortLabel>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
      </table>
      <Box ref={scroller} onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })} sx={{ flex: 1, overflowY: 'auto', position: 'relative' }} data-testid="queue-scroller">
        <div style={{ height: total * ROW_HEIGHT, position: 'relative' }}>
          {total === 0 ? (
            <Typography color="text.secondary" sx={{ p: 3 }}>No case matches.</Typography>
          ) : (
            <table data-testid="case-table" style={{ position: 'absolute', top: first * ROW_HEIGHT, left: 0, width: '100%', tableLayout: 'fixed', borderCollapse: 'collapse' }}>
              <Cols columns={columns} />
              <tbody>
                {indices.map((i) => {
                  const r = rowAt(i);
                  if (!r) {
                    return (
                      <tr key={`loading-${i}`} style={{ height: ROW_HEIGHT }} data-loading="true">
                        <td style={cell} colSpan={columns.length}>
                          <Typography variant="body2" color="text.disabled">Loading…</Typography>
                        </td>
                      </tr>
                    );
                  }
                  const late = r.status !== 'signed' && !!r.dueAt && Date.parse(r.dueAt) < now.getTime();
                  return (
                    <Box
                      component="tr"
                      key={r.id}
                      data-case-id={r.id}
                      data-overdue={late || undefined}
                      onClick={() => !r.damaged && onOpen(r.id)}
                      onKeyDown={(e) => e.key === 'Enter' && !r.damaged && onOpen(r.id)}
                      tabIndex={0}
                      sx={{
                        height: ROW_HEIGHT,
                        cursor: r.damaged ? 'default' : 'pointer',
                        bgcolor: late ? 'rgba(211, 47, 47, 0.07)' : undefined,
                        boxShadow: late ? 'inset 4px 0 0 #d32f2f' : undefined,
                        '&:hover': { bgcolor: late ? 'rgba(211, 47, 47, 0.12)' : 'action.hover' },
                        '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 },
                      }}
                    >
                      <td style={cell}>
                        {r.damaged ? (
                          <Tooltip title={r.damaged}>
                            <Typography color="error" variant="body2" noWrap>Case {r.id} cannot be opened</Typography>
                          </Tooltip>
                        ) : (
                          <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', minWidth: 0 }}>
                            <Typography variant="body2" noWrap sx={{ fontWeight: 500 }}>{r.memberName}</Typography>
                            <Typography variant="caption" color="text.secondary" noWrap>{r.memberId}</Typography>
                          </Stack>
                        )}
                      </td>
                      <td style={cell}><Typography variant="body2" noWrap>{r.codes.join(', ')}</Typography></td>
                      <td style={cell}><Typography variant="body2" noWrap>{r.guidelineId ?? '—'}{r.gaps ? ` · ${r.gaps} missing` : ''}</Typography></td>
                      <td style={cell}>{r.urgency === 'expedited' ? <Chip size="small" color="error" label="Expedited" /> : <Typography variant="body2">Standard</Typography>}</td>
                      <td style={cell}><Clock row={r} now={now} /></td>
                      <td style={cell}><Typography variant="body2" noWrap>{received(r.receivedAt)}</Typography></td>
                      <td style={cell}>
                        <Chip size="small" variant={r.status === 'signed' ? 'filled' : 'outlined'} color={r.status === 'pending-info' ? 'warning' : r.status === 'in-review' ? 'info' : r.status === 'signed' ? 'success' : 'default'} label={STATUS_LABEL[r.status]} />
                      </td>
                      {team && (
                        <td style={cell} data-testid="taken-by">
                          {r.assignedTo ? (
                            <Tooltip title={`${r.assignedTo === me ? 'You have' : `${r.assignedTo} has`} this case until ${formatDateTime(r.assignmentExpiresAt ?? '')} without activity`}>
                              <Typography variant="body2" noWrap sx={{ fontWeight: r.assignedTo === me ? 600 : 400 }}>{r.assignedTo === me ? 'You' : r.assignedTo}</Typography>
                            </Tooltip>
                          ) : (
                            <Typography variant="body2" color="text.secondary">—</Typography>
                          )}
                        </td>
                      )}
                    </Box>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
      </Box>
    </Paper>
  );
}
