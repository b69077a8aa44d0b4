// Cursor paging over 'library.page': restarts when the filters change, appends on demand,
// and drops answers that arrive after the filters moved on. The total comes from
// 'library.count', asked once per filter (and on refresh) because it is the slow query.
// Stars toggle optimistically: the tile flips at once, and the engine's own
// 'library.changed' echo of that change does not count as news.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PhotoSummary } from '@encore/core/contract';
import { useEngine, useEngineEvent } from '../shell/engine-context.js';
import { errorText } from '../shell/error-text.js';
import { countQuery, filtersKey, toLibraryQuery } from './library-query.js';
import type { LibraryFilters } from './library-query.js';

export interface PhotoPages {
  photos: PhotoSummary[];
  /** Photos matching the filters; null until counted. */
  total: number | null;
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  /** The library changed since the photos shown were fetched. */
  stale: boolean;
  /** Why the last star toggle failed (it was rolled back), until the next one. */
  actionError: string | null;
  loadMore(): void;
  reload(): void;
  toggleStar(photo: PhotoSummary): void;
}

interface PagesState {
  photos: PhotoSummary[];
  next: string | null;
  total: number | null;
  loading: boolean;
  error: string | null;
  stale: boolean;
}

const EMPTY: PagesState = {
  photos: [],
  next: null,
  total: null,
  loading: true,
  error: null,
  stale: false,
};

export function usePhotoPages(filters: LibraryFilters, pageSize = 120): PhotoPages {
  const client = useEngine();
  const [state, setState] = useState<PagesState>(EMPTY);
  const generation = useRef(0);
  const busy = useRef(false);
  const latest = useRef({ filters, state });
  latest.current = { filters, state };
  const [actionError, setActionError] = useState<string | null>(null);
  /** Photo id -> toggles in flight whose 'library.changed' echo is still to come. */
  const own = useRef(new Map<string, number>());

  const fetchPage = useCallback(
    async (cursor: string | null) => {
      const mine = generation.current;
      busy.current = true;
      setState((s) => ({ ...s, loading: true, error: null }));
      try {
        const query = { ...toLibraryQuery(latest.current.filters, pageSize), cursor };
        const page = await client.call('library.page', query);
        if (mine !== generation.current) return;
        setState((s) => ({
          photos: cursor === null ? page.items : [...s.photos, ...page.items],
          next: page.next,
          total: s.total,
          loading: false,
          error: null,
          stale: cursor === null ? false : s.stale,
        }));
      } catch (err) {
        if (mine !== generation.current) return;
        setState((s) => ({ ...s, loading: false, error: errorText(err) }));
      } finally {
        if (mine === generation.current) busy.current = false;
      }
    },
    [client, pageSize],
  );

  const fetchCount = useCallback(async () => {
    const mine = generation.current;
    try {
      const total = await client.call('library.count', countQuery(latest.current.filters));
      if (mine === generation.current) setState((s) => ({ ...s, total }));
    } catch {
      // The grid still works without a total; the page error (if any) says what is wrong.
    }
  }, [client]);

  const restart = useCallback(
    (clear: boolean) => {
      generation.current += 1;
      if (clear) setState(EMPTY);
      void fetchPage(null);
      void fetchCount();
    },
    [fetchPage, fetchCount],
  );

  const key = filtersKey(filters);
  useEffect(() => restart(true), [key, restart]);

  useEngineEvent('library.changed', ({ photoIds }) => {
    if (photoIds.length > 0 && photoIds.every((id) => own.current.has(id))) {
      for (const id of photoIds) forget(own.current, id);
      void fetchCount();
      return;
    }
    const s = latest.current.state;
    // A short, fully loaded list (a library being imported) refreshes by itself; a long one
    // would lose the user's scroll position, so it offers a refresh instead.
    if (s.next === null && s.photos.length < pageSize) restart(false);
    else setState((prev) => ({ ...prev, stale: true }));
  });

  const loadMore = useCallback(() => {
    const s = latest.current.state;
    if (busy.current || s.next === null || s.error !== null) return;
    void fetchPage(s.next);
  }, [fetchPage]);

  const retry = useCallback(() => {
    const s = latest.current.state;
    if (s.photos.length === 0 || s.next === null) restart(false);
    else void fetchPage(s.next);
  }, [fetchPage, restart]);

  const setStarredLocally = useCallback((id: string, starred: boolean) => {
    setState((s) => ({
      ...s,
      photos: s.photos.map((p) => (p.id === id ? { ...p, starred } : p)),
    }));
  }, []);

  const toggleStar = useCallback(
    (photo: PhotoSummary) => {
      const current =
        latest.current.state.photos.find((p) => p.id === photo.id)?.starred ?? photo.starred;
      const starred = !current;
      setActionError(null);
      setStarredLocally(photo.id, starred);
      own.current.set(photo.id, (own.current.get(photo.id) ?? 0) + 1);
      client.call('photo.setStarred', { ids: [photo.id], starred }).catch((err: unknown) => {
        forget(own.current, photo.id);
        setStarredLocally(photo.id, current);
        setActionError(errorText(err));
      });
    },
    [client, setStarredLocally],
  );

  return {
    photos: state.photos,
    total: state.total,
    hasMore: state.next !== null,
    loading: state.loading,
    error: state.error,
    stale: state.stale,
    actionError,
    loadMore,
    reload: state.error ? retry : () => restart(false),
    toggleStar,
  };
}

function forget(counts: Map<string, number>, id: string): void {
  const n = (counts.get(id) ?? 0) - 1;
  if (n > 0) counts.set(id, n);
  else counts.delete(id);
}
