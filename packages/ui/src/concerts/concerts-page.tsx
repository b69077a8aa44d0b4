// The Concerts page: events newest first under status tabs, each with its show or the shows
// that might be it, and the user's answers (assign, pick another, not a concert, undo).
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { EventInfo } from '@encore/core/contract';
import { useEngine, useEngineEvent } from '../shell/engine-context.js';
import { errorText } from '../shell/error-text.js';
import {
  CONCERT_TABS,
  TAB_LABELS,
  decisionMessage,
  inTab,
  tabCounts,
  type ConcertTab,
} from './concert-text.js';
import { EventRow, type EventAction } from './event-row.js';
import { ShowPicker } from './show-picker.js';

/** Rows rendered at first and per "Show more": a long history stays quick to open. */
const PAGE_ROWS = 50;
/** Ingest sends library.changed per photo; one reload per burst is enough. */
const RELOAD_DELAY_MS = 300;

export function ConcertsPage() {
  const client = useEngine();
  const [events, setEvents] = useState<EventInfo[] | null>(null);
  const [tab, setTab] = useState<ConcertTab>('all');
  const [shown, setShown] = useState(PAGE_ROWS);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [busyId, setBusyId] = useState<string | null>(null);
  const [picking, setPicking] = useState<EventInfo | null>(null);
  const request = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  const tabRefs = useRef<Partial<Record<ConcertTab, HTMLButtonElement | null>>>({});

  const load = useCallback(async () => {
    const mine = ++request.current;
    try {
      const list = await client.call('events.list', {});
      // An older answer arriving late must not overwrite a newer one.
      if (mine === request.current) {
        setEvents(list);
        setError(null);
      }
    } catch (err) {
      if (mine === request.current) setError(errorText(err));
    }
  }, [client]);

  useEffect(() => {
    void load();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load]);

  const reloadSoon = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void load(), RELOAD_DELAY_MS);
  };
  useEngineEvent('events.changed', () => void load());
  useEngineEvent('library.changed', reloadSoon);

  const counts = useMemo(() => tabCounts(events ?? []), [events]);
  const visible = useMemo(() => (events ?? []).filter((e) => inTab(tab, e)), [events, tab]);

  const act = async (e: EventInfo, action: EventAction) => {
    setBusyId(e.id);
    setError(null);
    try {
      const updated =
        action.kind === 'assign'
          ? await client.call('events.assign', { eventId: e.id, showId: action.showId })
          : action.kind === 'unassign'
            ? await client.call('events.unassign', { eventId: e.id })
            : action.kind === 'not-concert'
              ? await client.call('events.notConcert', { eventId: e.id })
              : await client.call('events.clearDecision', { eventId: e.id });
      request.current++; // a listing already on its way predates this decision
      setEvents((list) => list?.map((x) => (x.id === updated.id ? updated : x)) ?? list);
      setMessage(decisionMessage(updated));
      keepFocus(updated.id);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusyId(null);
    }
  };

  /**
   * The button just pressed may be gone after a decision (a candidate, or the whole row when
   * it leaves the tab): keep the keyboard user's place at the row's first action, or the panel.
   */
  const focusAfter = useRef<string | null>(null);
  const keepFocus = (eventId: string) => {
    focusAfter.current = eventId;
  };
  // After the commit that shows the decision (buttons enabled again), not at the next frame,
  // which may come before React has rendered it.
  useLayoutEffect(() => {
    const eventId = focusAfter.current;
    if (eventId === null || busyId !== null) return;
    focusAfter.current = null;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const rowButton = panel.current?.querySelector<HTMLButtonElement>(
      `li[data-event-id="${CSS.escape(eventId)}"] .enc-event-actions button`,
    );
    (rowButton ?? panel.current)?.focus();
  });

  const onTabKey = (ev: KeyboardEvent<HTMLButtonElement>) => {
    const at = CONCERT_TABS.indexOf(tab);
    const next =
      ev.key === 'ArrowRight'
        ? CONCERT_TABS[(at + 1) % CONCERT_TABS.length]
        : ev.key === 'ArrowLeft'
          ? CONCERT_TABS[(at + CONCERT_TABS.length - 1) % CONCERT_TABS.length]
          : ev.key === 'Home'
            ? CONCERT_TABS[0]
            : ev.key === 'End'
              ? CONCERT_TABS[CONCERT_TABS.length - 1]
              : undefined;
    if (!next) return;
    ev.preventDefault();
    selectTab(next);
    tabRefs.current[next]?.focus();
  };

  const selectTab = (t: ConcertTab) => {
    setTab(t);
    setShown(PAGE_ROWS);
  };

  return (
    <section className="enc-page enc-concerts" aria-label="Concerts">
      <header className="enc-toolbar">
        <h1>Concerts</h1>
        <span className="enc-muted">Photos taken together, and the show they were</span>
      </header>
      <div className="enc-tabs" role="tablist" aria-label="Show events">
        {CONCERT_TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`enc-concerts-tab-${t}`}
            aria-selected={t === tab}
            aria-controls="enc-concerts-panel"
            tabIndex={t === tab ? 0 : -1}
            ref={(el) => {
              tabRefs.current[t] = el;
            }}
            onClick={() => selectTab(t)}
            onKeyDown={onTabKey}
          >
            {TAB_LABELS[t]} <span className="enc-tab-count">{counts[t]}</span>
          </button>
        ))}
      </div>
      <p className="enc-sr-only" role="status">
        {message}
      </p>
      {error ? (
        <div className="enc-banner enc-error" role="alert">
          {error}
        </div>
      ) : null}
      <div
        id="enc-concerts-panel"
        role="tabpanel"
        aria-labelledby={`enc-concerts-tab-${tab}`}
        tabIndex={-1}
        ref={panel}
        className="enc-tabpanel"
      >
        {events === null ? (
          error ? null : (
            <p className="enc-muted">Matching photos to concerts…</p>
          )
        ) : visible.length === 0 ? (
          <p className="enc-empty">{emptyText(tab, events.length)}</p>
        ) : (
          <>
            <ul className="enc-event-list" data-testid="event-list">
              {visible.slice(0, shown).map((e) => (
                <EventRow
                  key={e.id}
                  event={e}
                  busy={busyId === e.id}
                  onAction={(action) => void act(e, action)}
                  onPick={() => setPicking(e)}
                />
              ))}
            </ul>
            {visible.length > shown ? (
              <button type="button" onClick={() => setShown((n) => n + PAGE_ROWS)}>
                Show more ({(visible.length - shown).toLocaleString()} left)
              </button>
            ) : null}
          </>
        )}
      </div>
      {picking ? (
        <ShowPicker
          event={picking}
          onCancel={() => setPicking(null)}
          onPick={(showId) => {
            const e = picking;
            setPicking(null);
            void act(e, { kind: 'assign', showId });
          }}
        />
      ) : null}
    </section>
  );
}

function emptyText(tab: ConcertTab, total: number): string {
  if (total === 0)
    return 'No events yet. Photos taken together at one place become an event once they are imported.';
  if (tab === 'review') return 'Nothing needs review.';
  if (tab === 'matched') return 'No event is matched to a show yet.';
  if (tab === 'not-concert') return 'No event is marked as not a concert.';
  return 'No events.';
}
