import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobFilter, JobListPage, JobSummary } from '../../src-shared/contract';
import type { ErrorValue } from '../../src-shared/result';
import type { Bridge } from '../../src-shared/rpc';

export const PAGE_SIZE = 100;

type PageResult = Awaited<ReturnType<Bridge['call']>>;
let firstPagePrefetch: Promise<PageResult> | undefined;

/**
 * Asks for the list's first page as soon as the bridge exists, while React is still starting: the
 * job list is what opens first, and this overlaps its query with rendering the shell.
 */
export function prefetchFirstJobPage(bridge: Bridge): void {
  firstPagePrefetch = bridge.call('jobs.list', { filter: 'all', search: '', offset: 0, limit: PAGE_SIZE }) as Promise<PageResult>;
}

function takePrefetch(page: number, filter: JobFilter, search: string): Promise<PageResult> | undefined {
  if (page !== 0 || filter !== 'all' || search !== '' || !firstPagePrefetch) return undefined;
  const prefetched = firstPagePrefetch;
  firstPagePrefetch = undefined;
  return prefetched;
}

export interface JobPages {
  /** null until the first page of the current query has arrived. */
  total: number | null;
  counts: JobListPage['counts'] | null;
  error: ErrorValue | null;
  /** The row at an index, or undefined while its page is still on the way. */
  rowAt(index: number): JobSummary | undefined;
  /** Ask for the pages covering rows first..last (inclusive); cheap to call on every scroll. */
  ensure(first: number, last: number): void;
  retry(): void;
}

/**
 * The job list as pages fetched from SQLite (`jobs.list` offset/limit) as the window scrolls over
 * them. A new query (filter or search) starts over; `jobs.changed` re-fetches the pages held, so the
 * list updates in place without losing the scroll position.
 */
export function useJobPages(bridge: Bridge, dataEpoch: number, filter: JobFilter, search: string): JobPages {
  const pages = useRef(new Map<number, JobSummary[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const [, setVersion] = useState(0);
  const [total, setTotal] = useState<number | null>(null);
  const [counts, setCounts] = useState<JobListPage['counts'] | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const query = useRef({ filter, search });
  const visible = useRef({ first: 0, last: PAGE_SIZE - 1 });
  // A new query keeps showing the old rows until its first page lands: no flash of empty rows per keystroke.
  const resetOnArrival = useRef(false);

  const fetchPage = useCallback(
    (page: number) => {
      if (inFlight.current.has(page)) return;
      inFlight.current.add(page);
      const asked = generation.current;
      const { filter: f, search: s } = query.current;
      const request = takePrefetch(page, f, s) ?? bridge.call('jobs.list', { filter: f, search: s, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      void (request as ReturnType<typeof bridge.call<'jobs.list'>>).then((result) => {
        inFlight.current.delete(page);
        // An answer to an older query must not land in the newer one's rows.
        if (asked !== generation.current) return;
        if (!result.ok) return setError(result.error);
        if (resetOnArrival.current) {
          resetOnArrival.current = false;
          pages.current.clear();
        }
        pages.current.set(page, result.value.items);
        setError(null);
        setTotal(result.value.total);
        setCounts(result.value.counts);
        setVersion((v) => v + 1);
      });
    },
    [bridge],
  );

  const ensure = useCallback(
    (first: number, last: number) => {
      visible.current = { first, last };
      if (resetOnArrival.current) return;
      for (let page = Math.floor(Math.max(0, first) / PAGE_SIZE); page <= Math.floor(Math.max(0, last) / PAGE_SIZE); page++) {
        if (!pages.current.has(page)) fetchPage(page);
      }
    },
    [fetchPage],
  );

  const refreshHeld = useCallback(() => {
    // Pages out of sight are dropped rather than refetched: scrolling back will fetch them fresh.
    const firstPage = Math.floor(visible.current.first / PAGE_SIZE);
    const lastPage = Math.floor(visible.current.last / PAGE_SIZE);
    generation.current++;
    inFlight.current.clear();
    for (const page of [...pages.current.keys()]) if (page < firstPage || page > lastPage) pages.current.delete(page);
    for (let page = firstPage; page <= lastPage; page++) fetchPage(page);
  }, [fetchPage]);

  useEffect(() => {
    if (dataEpoch === 0) return;
    query.current = { filter, search };
    generation.current++;
    resetOnArrival.current = true;
    inFlight.current.clear();
    visible.current = { first: 0, last: PAGE_SIZE - 1 };
    fetchPage(0);
  }, [dataEpoch, filter, search, fetchPage]);

  useEffect(() => bridge.on('jobs.changed', refreshHeld), [bridge, refreshHeld]);

  return {
    total,
    counts,
    error,
    rowAt: (index) => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    ensure,
    retry: refreshHeld,
  };
}
