// One event on the Concerts page: a few thumbnails, when and where, what it was matched to
// (or the shows that might be it) and the answers the user can give.
import { memo, useState } from 'react';
import type { EventInfo } from '@encore/core/contract';
import {
  STATUS_TEXT,
  billText,
  decidedText,
  eventWhenWhere,
  offeredCandidates,
  photoCountText,
  showShort,
  venueText,
} from './concert-text.js';

export type EventAction =
  | { kind: 'assign'; showId: number }
  | { kind: 'unassign' }
  | { kind: 'not-concert' }
  | { kind: 'clear' };

export const EventRow = memo(function EventRow(props: {
  event: EventInfo;
  busy: boolean;
  onAction: (action: EventAction) => void;
  onPick: () => void;
}) {
  const { event: e, busy } = props;
  const headingId = `enc-event-${e.id}`;
  const offered = offeredCandidates(e);
  return (
    <li
      className={`enc-event enc-event-${e.status}`}
      aria-labelledby={headingId}
      aria-busy={busy || undefined}
      data-event-id={e.id}
      // J/K move the keyboard between rows (concerts-page.tsx); a row is focused, not tabbed to.
      tabIndex={-1}
    >
      <div className="enc-event-thumbs" aria-hidden="true">
        {e.thumbs.map((t) => (
          <Thumb key={t.id} url={t.gridUrl} />
        ))}
      </div>
      <div className="enc-event-main">
        <h2 className="enc-event-title" id={headingId}>
          {eventWhenWhere(e)}
        </h2>
        <div className="enc-event-meta">
          <span className="enc-muted">{photoCountText(e.photoCount)}</span>
          <span className={`enc-status enc-status-${e.status}`}>{STATUS_TEXT[e.status]}</span>
          <span className={`enc-decided enc-decided-${e.decidedBy}`}>{decidedText(e)}</span>
        </div>
        {e.show ? (
          <p className="enc-event-show" data-testid="event-show">
            <strong>{billText(e.show)}</strong>
            <span className="enc-muted">
              {' '}
              · {venueText(e.show)}
              {e.show.date !== e.showDay ? ` · ${e.show.date}` : ''}
              {e.show.tour ? ` · ${e.show.tour}` : ''}
            </span>
          </p>
        ) : null}
        {offered.length ? (
          <ul className="enc-candidates" aria-label="Shows that might be it">
            {offered.map((c) => (
              <li key={c.show.id} className="enc-candidate">
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => props.onAction({ kind: 'assign', showId: c.show.id })}
                >
                  This is {showShort(c.show)}
                </button>
                <span className="enc-muted">
                  {c.show.date} · {billText(c.show)} · {venueText(c.show)} ·{' '}
                  {Math.round(c.score * 100)}% fit
                  {c.reasons.length ? ` (${c.reasons.join('; ')})` : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        <div className="enc-event-actions">
          <button type="button" disabled={busy} onClick={props.onPick}>
            Pick another show…
          </button>
          {e.status === 'matched' ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => props.onAction({ kind: 'unassign' })}
            >
              Not this show
            </button>
          ) : null}
          {e.status !== 'not-concert' ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => props.onAction({ kind: 'not-concert' })}
            >
              Not a concert
            </button>
          ) : null}
          {e.decidedBy === 'user' ? (
            <button
              type="button"
              className="enc-link"
              disabled={busy}
              onClick={() => props.onAction({ kind: 'clear' })}
            >
              Undo my decision
            </button>
          ) : null}
        </div>
      </div>
    </li>
  );
});

/** A grid thumbnail; a photo without one (not made yet) leaves an empty tile. */
function Thumb(props: { url: string }) {
  const [failed, setFailed] = useState(false);
  return (
    <span className="enc-event-thumb">
      {failed ? null : (
        <img
          src={props.url}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          onError={() => setFailed(true)}
        />
      )}
    </span>
  );
}
