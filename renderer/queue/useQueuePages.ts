/**
 * The queue's rows, fetched a page at a time around what is in view: with 10,000 cases only the
 * pages the reviewer scrolls to ever cross IPC. A new sort, filter or search starts over.
 * In team mode (`live`) the pages already shown are fetched again when anyone commits a change
 * (the database's NOTIFY, through team.waitForChange), in place: no flash of "Loading…", the
 * scroll position kept.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiRequest, ApiResponse } from '../../shared/api/contract';
import type { QueueRow } from '../../shared/intake/query-cases';
import { call, messageOf } from '../api/client';

export const PAGE_SIZE = 200;

export type QueueFilter = Omit<ApiRequest<'cases.query'>, 'offset' | 'limit'>;
type Meta = Omit<ApiResponse<'cases.query'>, 'rows' | 'offset'>;

/**
 * Changes arriving within this long of each other are one refresh. A department's queue query
 * costs the server about 0.4 s at 100,000 cases (npm run bench -- team), so each open queue asks
 * at most every couple of seconds however busy the others are.
 */
const SETTLE_MS = 2_000;

export function useQueuePages(filter: QueueFilter, refreshKey: number, live = false) {
  const [meta, setMeta] = useState<Meta | null>(null);
  const [pages, setPages] = useState<Map<number, QueueRow[]>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const requested = useRef(new Set<number>());
  const key = JSON.stringify(filter);

  const load = useCallback(
    (page: number, gen: number, again = false) => {
      if (requested.current.has(page) && !again) return;
      requested.current.add(page);
      call('cases.query', { ...(JSON.parse(key) as QueueFilter), offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (res) => {
          if (gen !== generation.current) return;
          const { rows, offset: _offset, ...rest } = res;
          setMeta(rest);
          setPages((p) => new Map(p).set(page, rows));
          setError(null);
        },
        (e) => {
          if (gen !== generation.current) return;
          requested.current.delete(page);
          setError(messageOf(e));
        },
      );
    },
    [key],
  );

  useEffect(() => {
    generation.current += 1;
    requested.current = new Set();
    setPages(new Map());
    load(0, generation.current);
  }, [load, refreshKey]);

  // The pages on screen, for the live refresh to fetch again (read there, not during render).
  const shown = useRef(pages);
  useEffect(() => {
    shown.current = pages;
  }, [pages]);
  useEffect(() => {
    if (!live) return;
    let on = true;
    void (async () => {
      while (on) {
        try {
          const w = await call('team.waitForChange', { timeoutMs: 25_000 });
          if (!w.live) return;
          if (!w.changed || !on) continue;
          await new Promise((r) => setTimeout(r, SETTLE_MS));
          for (const page of shown.current.keys()) if (on) load(page, generation.current, true);
        } catch {
          // The database is away or the window locked: look again a little later.
          await new Promise((r) => setTimeout(r, 5_000));
        }
      }
    })();
    return () => {
      on = false;
    };
  }, [live, load]);

  /** Asks for the pages covering rows [first, last]; rows not loaded yet read as undefined. */
  const ensure = useCallback(
    (first: number, last: number) => {
      for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) load(p, generation.current);
    },
    [load],
  );

  const rowAt = useCallback((i: number) => pages.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE], [pages]);

  return { meta, rowAt, ensure, error, loaded: pages.has(0) };
}
