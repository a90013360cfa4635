/**
 * The Decision tab's state: the draft as the director edits it, saved through decision.edit
 * (on leaving a field, on a choice, or after a pause in typing), and the answer's checks.
 * Saves are queued so they reach main in order, and signing waits for the last one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DecisionState } from '../../shared/api/contract';
import type { CodeDetermination } from '../../shared/determination/schema';
import { call, messageOf } from '../api/client';

const PAUSE_MS = 1200;

/** What is sent: reasons without words are dropped (the reviewer added a line and left it empty). */
function cleaned(ds: CodeDetermination[]): CodeDetermination[] {
  return ds.map((d) => ({ ...d, reasons: d.reasons.filter((r) => r.text.trim() !== '') }));
}

export interface Decision {
  state: DecisionState | null;
  determinations: CodeDetermination[];
  busy: boolean;
  /** Changes one code's determination; `save` false while typing (saved after a pause or on blur). */
  change(index: number, patch: Partial<CodeDetermination>, save?: boolean): void;
  /** Saves what is typed now, if it differs from what was saved. */
  flush(): Promise<boolean>;
  replaceAll(ds: CodeDetermination[]): void;
  run(work: () => Promise<DecisionState>): Promise<boolean>;
  reloadState(): Promise<void>;
}

export function useDecision(caseId: string, onError: (m: string) => void, onCaseChanged: () => Promise<void>): Decision {
  const [state, setState] = useState<DecisionState | null>(null);
  const [determinations, setDeterminations] = useState<CodeDetermination[]>([]);
  const [busy, setBusy] = useState(false);
  const current = useRef<CodeDetermination[]>([]);
  const lastSaved = useRef('');
  const queue = useRef<Promise<boolean>>(Promise.resolve(true));
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const adopt = useCallback((s: DecisionState) => {
    setState(s);
    const ds = s.draft?.determinations ?? [];
    current.current = ds;
    lastSaved.current = s.draftSaved ? JSON.stringify(cleaned(ds)) : '';
    setDeterminations(ds);
  }, []);

  const reloadState = useCallback(async () => {
    try {
      adopt(await call('decision.get', { caseId }));
    } catch (e) {
      onError(messageOf(e));
    }
  }, [caseId, adopt, onError]);

  useEffect(() => {
    void reloadState();
  }, [reloadState]);

  const flush = useCallback((): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    queue.current = queue.current.then(async () => {
      const body = cleaned(current.current);
      const json = JSON.stringify(body);
      if (body.length === 0 || json === lastSaved.current) return true;
      try {
        const s = await call('decision.edit', { caseId, determinations: body });
        lastSaved.current = json;
        // Only the checks and revisions are taken: the fields keep what is being typed.
        setState(s);
        return true;
      } catch (e) {
        onError(messageOf(e));
        return false;
      }
    });
    return queue.current;
  }, [caseId, onError]);

  const change = useCallback(
    (index: number, patch: Partial<CodeDetermination>, save = true) => {
      const next = current.current.map((d, i) => (i === index ? { ...d, ...patch } : d));
      current.current = next;
      setDeterminations(next);
      if (timer.current) clearTimeout(timer.current);
      if (save) void flush();
      else timer.current = setTimeout(() => void flush(), PAUSE_MS);
    },
    [flush],
  );

  const replaceAll = useCallback(
    (ds: CodeDetermination[]) => {
      current.current = ds;
      setDeterminations(ds);
      void flush();
    },
    [flush],
  );

  const run = useCallback(
    async (work: () => Promise<DecisionState>) => {
      setBusy(true);
      try {
        if (!(await flush())) return false;
        adopt(await work());
        await onCaseChanged();
        return true;
      } catch (e) {
        onError(messageOf(e));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [flush, adopt, onCaseChanged, onError],
  );

  useEffect(() => () => {
    // Leaving the tab saves what was typed.
    if (timer.current) void flush();
  }, [flush]);

  return { state, determinations, busy, change, flush, replaceAll, run, reloadState };
}
