/**
 * The queue's rows, fetched a page at a time around what is in view: with 10,000 cases only the
 * pages the reviewer scrolls to ever cross IPC. A new sort, filter or search starts over.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiRequest, ApiResponse } from '../../shared/api/contract';
import type { QueueRow } from '../../shared/intake/query-cases';
import { call, messageOf } from '../api/client';

export const PAGE_SIZE = 200;

export type QueueFilter = Omit<ApiRequest<'cases.query'>, 'offset' | 'limit'>;
type Meta = Omit<ApiResponse<'cases.query'>, 'rows' | 'offset'>;

export function useQueuePages(filter: QueueFilter, refreshKey: number) {
  const [meta, setMeta] = useState<Meta | null>(null);
  const [pages, setPages] = useState<Map<number, QueueRow[]>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const requested = useRef(new Set<number>());
  const key = JSON.stringify(filter);

  const load = useCallback(
    (page: number, gen: number) => {
      if (requested.current.has(page)) return;
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
