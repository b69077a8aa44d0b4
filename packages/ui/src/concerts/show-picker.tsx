// "Pick another show…": a modal search over the user's catalog (concerts.list), shows nearest
// the event's evening first. A native <dialog> keeps focus inside and closes on Escape.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EventInfo, ShowInfo } from '@encore/core/contract';
import { useEngine } from '../shell/engine-context.js';
import { errorText } from '../shell/error-text.js';
import { billText, eventWhenWhere, venueText } from './concert-text.js';

const SEARCH_DELAY_MS = 150;
const RESULTS = 50;

export function ShowPicker(props: {
  event: EventInfo;
  onPick: (showId: number) => void;
  onCancel: () => void;
}) {
  const client = useEngine();
  const dialog = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState('');
  const [shows, setShows] = useState<ShowInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const near = props.event.showDay;

  // Layout effect: close() must run before React detaches the dialog, so the browser hands
  // focus back to the button that opened it.
  useLayoutEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      client.call('concerts.list', { query, near, limit: RESULTS }).then(
        (list) => {
          if (!live) return;
          setShows(list);
          setError(null);
        },
        (err: unknown) => live && setError(errorText(err)),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [client, query, near]);

  return (
    <dialog
      ref={dialog}
      className="enc-picker"
      aria-labelledby="enc-picker-title"
      onCancel={(ev) => {
        ev.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id="enc-picker-title">Which show was it?</h2>
      <p className="enc-muted">{eventWhenWhere(props.event)}</p>
      <input
        type="search"
        aria-label="Search your concerts"
        placeholder="Artist, venue, city or date"
        autoFocus
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {error ? (
        <div className="enc-banner enc-error" role="alert">
          {error}
        </div>
      ) : null}
      {shows === null ? (
        <p className="enc-muted">Loading…</p>
      ) : shows.length === 0 ? (
        <p className="enc-muted">
          {query.trim()
            ? `No show in your catalog matches “${query.trim()}”.`
            : 'Your catalog has no shows yet.'}
        </p>
      ) : (
        <ul className="enc-picker-list" aria-label="Shows" data-testid="show-picker-list">
          {shows.map((s) => (
            <li key={s.id}>
              <button type="button" onClick={() => props.onPick(s.id)}>
                <span className="enc-picker-date">{s.date}</span>
                {' · '}
                <span>{billText(s)}</span>
                {' · '}
                <span className="enc-muted">{venueText(s)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="enc-picker-foot">
        <span className="enc-muted">
          {shows && shows.length === RESULTS ? `First ${RESULTS}; type to narrow.` : ''}
        </span>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
