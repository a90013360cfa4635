/**
 * The review queue: every case, soonest due first, with the time left on its turnaround clock.
 * Built for 10,000 cases: main sorts, filters and searches, the renderer fetches pages around
 * the view and draws only the rows in view (fixed row height, no dependency needed).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert, AppBar, Box, Button, Chip, IconButton, InputAdornment, MenuItem, Paper, Snackbar, Stack, TextField, Toolbar, Tooltip, Typography,
} from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';
import AddIcon from '@mui/icons-material/Add';
import type { CaseStatus } from '../../shared/case/schema';
import type { QueueRow, QueueSort } from '../../shared/intake/query-cases';
import { call, messageOf } from '../api/client';
import { NewCaseForm } from '../intake/NewCaseForm';
import { useQueuePages, type QueueFilter } from './useQueuePages';
import { QueueTable } from './QueueTable';
import { STATUS_LABEL } from './status-label';
import { useNow } from '../app/useNow';
import { countOf } from '../../shared/text/count-of';
import PersonOutline from '@mui/icons-material/PersonOutlined';
import StorageOutlined from '@mui/icons-material/StorageOutlined';
import { TeamSettingsDialog } from '../team/TeamSettingsDialog';
import { roleInWords, type StoreUser } from '../../shared/team/team-roles';

export function CaseQueue({ onOpen }: { onOpen: (caseId: string) => void }) {
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [status, setStatus] = useState<CaseStatus[]>([]);
  const [urgency, setUrgency] = useState<'' | 'standard' | 'expedited'>('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [sort, setSort] = useState<{ by: QueueSort; descending: boolean }>({ by: 'due', descending: false });
  const [refresh, setRefresh] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [recent, setRecent] = useState<QueueRow[]>([]);
  const now = useNow();
  const searchBox = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const t = setTimeout(() => setDebounced(search.trim()), 150);
    return () => clearTimeout(t);
  }, [search]);

  const filter: QueueFilter = useMemo(
    () => ({ sort: sort.by, descending: sort.descending, status, ...(urgency ? { urgency } : {}), overdueOnly, search: debounced }),
    [sort, status, urgency, overdueOnly, debounced],
  );
  const [me, setMe] = useState<StoreUser | null>(null);
  const [teamSettingsOpen, setTeamSettingsOpen] = useState(false);
  useEffect(() => {
    call('team.whoAmI', {}).then(setMe, () => setMe(null));
  }, []);
  const team = me?.mode === 'team';
  const { meta, rowAt, ensure, error: queryError, loaded } = useQueuePages(filter, refresh, team);

  useEffect(() => {
    call('cases.query', { sort: 'updated', descending: true, limit: 6 }).then((r) => setRecent(r.rows), () => setRecent([]));
  }, [refresh]);

  const openDemo = useCallback(async () => {
    setBusy(true);
    try {
      const { caseId } = await call('cases.loadDemo', {});
      onOpen(caseId);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }, [onOpen]);

  const storeTotal = meta ? Object.values(meta.countsByStatus).reduce((a, b) => a + b, 0) : 0;
  const toggleStatus = (s: CaseStatus) => setStatus((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));

  return (
    <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}>
      <AppBar position="static" color="primary" elevation={0}>
        <Toolbar variant="dense" sx={{ gap: 1 }}>
          <Typography variant="h6" component="h1" sx={{ flexGrow: 1 }}>
            Review queue
            {meta && storeTotal > 0 && (
              <Typography component="span" variant="body2" sx={{ ml: 2, opacity: 0.85 }}>
                {countOf(storeTotal, 'case')}{meta.overdue > 0 ? ` · ${meta.overdue.toLocaleString('en-US')} overdue` : ''}
              </Typography>
            )}
          </Typography>
          {team && me && (
            <Chip
              icon={<PersonOutline />}
              label={`${me.login} · ${me.roles.map(roleInWords).join(', ') || 'no team role'}`}
              variant="outlined"
              sx={{ color: 'inherit', borderColor: 'rgba(255,255,255,0.5)', '& .MuiChip-icon': { color: 'inherit' } }}
              data-testid="team-login"
            />
          )}
          <Tooltip title="Team database">
            <IconButton color="inherit" onClick={() => setTeamSettingsOpen(true)} aria-label="Team database" data-testid="team-settings">
              <StorageOutlined />
            </IconButton>
          </Tooltip>
          <Button color="inherit" variant="outlined" startIcon={<AddIcon />} onClick={() => setFormOpen(true)} data-testid="new-case">
            New case
          </Button>
          <Button color="inherit" variant="outlined" onClick={openDemo} disabled={busy} data-testid="open-demo">
            Open the demo case
          </Button>
        </Toolbar>
      </AppBar>
      <Box component="main" aria-label="Cases" sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      {(error || queryError) && <Alert severity="error" sx={{ m: 2, mb: 0 }}>{error ?? queryError}</Alert>}
      {loaded && meta && storeTotal === 0 ? (
        <Box sx={{ p: 3, maxWidth: 900, mx: 'auto', width: '100%' }}>
          <Paper sx={{ p: 4, textAlign: 'center' }} data-testid="empty-queue">
            <Typography variant="h6" component="h2" gutterBottom>No cases yet</Typography>
            <Typography color="text.secondary" sx={{ mb: 2 }}>
              Create a case from a request and its records, import a Da Vinci PAS request, or open the built-in demo: a synthetic
              request for a spinal cord stimulator trial, with the clinic's notes, the independent radiologist's MRI report and
              scanned physical-therapy notes.
            </Typography>
            <Stack direction="row" spacing={2} sx={{ justifyContent: 'center' }}>
              <Button variant="contained" onClick={() => setFormOpen(true)}>New case</Button>
              <Button variant="outlined" onClick={openDemo} disabled={busy}>Open the demo case</Button>
            </Stack>
          </Paper>
        </Box>
      ) : (
        <Box sx={{ p: 2, pb: 0, flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', gap: 1.5 }}>
          {recent.length > 0 && (
            <Stack direction="row" spacing={1} data-testid="recent-cases" sx={{ alignItems: 'center', overflow: 'hidden' }}>
              <Typography variant="body2" color="text.secondary" sx={{ flexShrink: 0 }}>Recent:</Typography>
              {recent.map((r) => (
                <Chip key={r.id} size="small" variant="outlined" label={`${r.memberName} · ${r.codes.join(', ')}`} onClick={() => onOpen(r.id)} disabled={!!r.damaged} />
              ))}
            </Stack>
          )}
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <TextField
              inputRef={searchBox}
              size="small"
              placeholder="Search member, id, case, code"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              slotProps={{ htmlInput: { 'data-testid': 'queue-search', 'aria-label': 'Search the queue' }, input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> } }}
              sx={{ width: 320 }}
            />
            {(Object.keys(STATUS_LABEL) as CaseStatus[]).map((s) => (
              <Chip
                key={s}
                label={`${STATUS_LABEL[s]} ${meta?.countsByStatus[s]?.toLocaleString() ?? ''}`}
                color={status.includes(s) ? 'primary' : 'default'}
                variant={status.includes(s) ? 'filled' : 'outlined'}
                onClick={() => toggleStatus(s)}
                data-testid={`status-${s}`}
              />
            ))}
            <Chip
              label={`Overdue ${meta?.overdue.toLocaleString() ?? ''}`}
              color={overdueOnly ? 'error' : 'default'}
              variant={overdueOnly ? 'filled' : 'outlined'}
              onClick={() => setOverdueOnly((v) => !v)}
            />
            <TextField select size="small" label="Urgency" value={urgency} onChange={(e) => setUrgency(e.target.value as typeof urgency)} sx={{ width: 150 }}>
              <MenuItem value="">All</MenuItem>
              <MenuItem value="expedited">Expedited</MenuItem>
              <MenuItem value="standard">Standard</MenuItem>
            </TextField>
            <Typography variant="body2" color="text.secondary" sx={{ ml: 'auto' }}>
              {meta ? `${meta.total.toLocaleString()} shown` : 'Loading…'}
            </Typography>
          </Stack>
          <QueueTable total={meta?.total ?? 0} rowAt={rowAt} ensure={ensure} now={now} sort={sort} onSort={setSort} onOpen={onOpen} queryKey={`${JSON.stringify(filter)}/${refresh}`} team={team} me={me?.login} />
        </Box>
      )}
      </Box>
      <NewCaseForm
        open={formOpen}
        onClose={() => setFormOpen(false)}
        onOpenCase={(caseId) => {
          setFormOpen(false);
          onOpen(caseId);
        }}
        onCreated={(caseId) => {
          setFormOpen(false);
          setCreated(caseId);
          setRefresh((n) => n + 1);
        }}
      />
      {teamSettingsOpen && <TeamSettingsDialog onClose={() => setTeamSettingsOpen(false)} />}
      <Snackbar
        open={!!created}
        autoHideDuration={8000}
        onClose={() => setCreated(null)}
        message={`Case ${created ?? ''} created`}
        action={created ? <Button color="inherit" size="small" onClick={() => onOpen(created)}>Open</Button> : undefined}
      />
    </Box>
  );
}
