/**
 * Team mode: who has this case. Take it to work on it; while someone else has it, it is theirs
 * (the others read it only) until they release it, it lapses without activity, or a supervisor
 * reassigns it. Refreshed when the case changes. Nothing shows with the local store.
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, Chip, Tooltip } from '@mui/material';
import PersonOutline from '@mui/icons-material/PersonOutlined';
import type { CaseAssignment, StoreUser } from '../../shared/team/team-roles';
import { call, messageOf } from '../api/client';
import { formatDateTime } from '../app/format-date';

const onHeader = { color: 'inherit', borderColor: 'rgba(255,255,255,0.5)', textTransform: 'none', whiteSpace: 'nowrap' } as const;

/**
 * Who I am and who has the case, live; `act` takes or releases it. `takenByOther` makes the case
 * read-only here. `onCaseChanged` runs when anyone commits a change to the case (team mode).
 */
export function useCaseClaim(caseId: string, version: string, onCaseChanged?: () => void) {
  const [me, setMe] = useState<StoreUser | null>(null);
  const [claim, setClaim] = useState<CaseAssignment | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    call('team.whoAmI', {}).then((u) => live && setMe(u), () => live && setMe(null));
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (me?.mode !== 'team') return;
    let live = true;
    const refresh = () => call('cases.assignment', { caseId }).then((a) => live && setClaim(a.assignment), (e: unknown) => live && setProblem(messageOf(e)));
    void refresh();
    // Live: main waits on the database's NOTIFY; whoever takes or changes the case, this chip follows.
    void (async () => {
      while (live) {
        try {
          const w = await call('team.waitForChange', { caseId, timeoutMs: 25_000 });
          if (!w.live) return;
          if (w.changed && live) {
            await refresh();
            onCaseChanged?.();
          }
        } catch {
          // The database is away or the window locked: look again a little later.
          await new Promise((r) => setTimeout(r, 5_000));
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [me, caseId, version, onCaseChanged]);

  const act = useCallback(
    async (method: 'cases.take' | 'cases.release') => {
      setBusy(true);
      setProblem(null);
      try {
        setClaim((await call(method, { caseId })).assignment);
      } catch (e) {
        setProblem(messageOf(e));
        // What the database says now, whoever got there first.
        call('cases.assignment', { caseId }).then((a) => setClaim(a.assignment), () => undefined);
      } finally {
        setBusy(false);
      }
    },
    [caseId],
  );

  const team = me?.mode === 'team';
  return { me, claim, problem, busy, act, team, mine: team && claim?.holder === me.login, takenByOther: team && !!claim && claim.holder !== me.login };
}

export type CaseClaimState = ReturnType<typeof useCaseClaim>;

export function CaseClaim({ state }: { state: CaseClaimState }) {
  const { claim, problem, busy, act, team, mine } = state;
  if (!team) return null;
  const until = claim ? `until ${formatDateTime(claim.expiresAt)} without activity` : '';
  return (
    <>
      {claim && (
        <Tooltip title={mine ? `You have this case ${until}; the others read it only.` : `${claim.holder} has this case ${until}: you can read it; changes are theirs until they release it.`}>
          <Chip icon={<PersonOutline />} label={mine ? 'You have this case' : `Taken by ${claim.holder}`} data-testid="case-claim" data-holder={claim.holder}
            {...(mine ? { color: 'success' as const } : { sx: { bgcolor: 'common.white', color: 'text.primary', fontWeight: 600 } })} />
        </Tooltip>
      )}
      {!claim && (
        <Button variant="outlined" size="small" sx={onHeader} disabled={busy} onClick={() => void act('cases.take')} data-testid="take-case">Take case</Button>
      )}
      {mine && (
        <Button variant="outlined" size="small" sx={onHeader} disabled={busy} onClick={() => void act('cases.release')} data-testid="release-case">Release</Button>
      )}
      {problem && (
        <Tooltip title={problem}>
          <Chip label="Not changed: see why" color="error" data-testid="claim-problem" aria-label={problem} />
        </Tooltip>
      )}
    </>
  );
}
