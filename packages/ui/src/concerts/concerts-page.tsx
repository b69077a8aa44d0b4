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
  offeredCandidates,
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
      queueAt.current = null;
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
  /** Set when the decision came from the keyboard queue: its row's place in the list. */
  const queueAt = useRef<number | null>(null);
  const keepFocus = (eventId: string) => {
    focusAfter.current = eventId;
  };
  // After the commit that shows the decision (buttons enabled again), not at the next frame,
  // which may come before React has rendered it.
  useLayoutEffect(() => {
    const eventId = focusAfter.current;
    if (eventId === null || busyId !== null) return;
    focusAfter.current = null;
    const at = queueAt.current;
    queueAt.current = null;
    if (at !== null) {
      // Culling by keyboard: stay on the row, or on the one that took its place.
      const rows = [...(panel.current?.querySelectorAll<HTMLLIElement>('li.enc-event') ?? [])];
      const same = rows.find((r) => r.dataset.eventId === eventId);
      const next = same ?? rows[Math.min(at, rows.length - 1)];
      (next ?? panel.current)?.focus();
      return;
    }
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

  /**
   * The review queue by keyboard, as in a culling tool: J/K next and previous event, Enter
   * takes the first show offered, N says not a concert. Keys typed into a control (a button's
   * own Enter, the picker's search) are left alone.
   */
  const onPanelKey = (ev: KeyboardEvent<HTMLDivElement>) => {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const target = ev.target as HTMLElement;
    const rows = [...(panel.current?.querySelectorAll<HTMLLIElement>('li.enc-event') ?? [])];
    const current = target.closest<HTMLLIElement>('li.enc-event');
    const key = ev.key.toLowerCase();
    if (key === 'j' || key === 'k') {
      if (target.matches('input, textarea, select')) return;
      ev.preventDefault();
      const at = current ? rows.indexOf(current) : -1;
      const next =
        key === 'j' ? rows[Math.min(at + 1, rows.length - 1)] : rows[Math.max(at - 1, 0)];
      next?.focus();
      next?.scrollIntoView({ block: 'nearest' });
      return;
    }
    // Enter and N act on the row itself being focused, never on a focused button inside it.
    if (!current || target !== current || busyId !== null) return;
    const e = visible.find((x) => x.id === current.dataset.eventId);
    if (!e) return;
    if (key === 'enter') {
      const first = offeredCandidates(e)[0];
      if (!first) return;
      ev.preventDefault();
      queueAt.current = rows.indexOf(current);
      void act(e, { kind: 'assign', showId: first.show.id });
    } else if (key === 'n' && e.status !== 'not-concert') {
      ev.preventDefault();
      queueAt.current = rows.indexOf(current);
      void act(e, { kind: 'not-concert' });
    }
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
        onKeyDown={onPanelKey}
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
  if (tab === 'other') return 'No other undecided events.';
  if (tab === 'matched') return 'No event is matched to a show yet.';
  if (tab === 'not-concert') return 'No event is marked as not a concert.';
  return 'No events.';
}
