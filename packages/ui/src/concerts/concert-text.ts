// What the Concerts page says about events and shows, and which tab an event is under: pure,
// so it is unit-tested without a browser.
import type { EventInfo, EventStatus, ShowInfo } from '@encore/core/contract';

export const CONCERT_TABS = ['all', 'matched', 'review', 'other', 'not-concert'] as const;
export type ConcertTab = (typeof CONCERT_TABS)[number];

export const TAB_LABELS: Record<ConcertTab, string> = {
  all: 'All',
  matched: 'Matched',
  review: 'Needs review',
  other: 'Other events',
  'not-concert': 'Not a concert',
};

/** Which tab lists an event: undecided events split by whether they are worth a look. */
export function inTab(tab: ConcertTab, e: Pick<EventInfo, 'status' | 'needsReview'>): boolean {
  const undecided = e.status === 'ambiguous' || e.status === 'unmatched';
  switch (tab) {
    case 'all':
      return true;
    case 'matched':
      return e.status === 'matched';
    case 'review':
      return undecided && e.needsReview;
    case 'other':
      return undecided && !e.needsReview;
    case 'not-concert':
      return e.status === 'not-concert';
  }
}

export function tabCounts(
  events: Pick<EventInfo, 'status' | 'needsReview'>[],
): Record<ConcertTab, number> {
  const counts = { all: 0, matched: 0, review: 0, other: 0, 'not-concert': 0 };
  for (const e of events) for (const t of CONCERT_TABS) if (inTab(t, e)) counts[t]++;
  return counts;
}

/** "Opener, The Headliners" — the bill as the catalog has it (headliner last). */
export function billText(s: ShowInfo): string {
  return s.artists.length ? s.artists.join(', ') : 'Unknown artists';
}

/** The headliner: the last act on the bill. */
export function headliner(s: ShowInfo): string {
  return s.artists[s.artists.length - 1] ?? 'Unknown artist';
}

export function venueText(s: ShowInfo): string {
  return [s.venue.name, s.venue.city, s.venue.country].filter(Boolean).join(', ');
}

/** Short enough for a button: "Glass Harbour at Roundhouse". */
export function showShort(s: ShowInfo): string {
  return `${headliner(s)} at ${s.venue.name}`;
}

/** One line for a list of shows: "2024-03-02 · Support Act, Glass Harbour · Roundhouse, London, GB". */
export function showLine(s: ShowInfo): string {
  return `${s.date} · ${billText(s)} · ${venueText(s)}`;
}

/** "2024-03-02 · 20:05–23:10 · London, GB" (times in the event's zone). */
export function eventWhenWhere(e: EventInfo): string {
  const place = e.city ? `${e.city.name}, ${e.city.country}` : 'Unknown place';
  return `${e.showDay} · ${e.localStart}–${e.localEnd} · ${place}`;
}

export function photoCountText(n: number): string {
  return n === 1 ? '1 photo' : `${n.toLocaleString()} photos`;
}

export const STATUS_TEXT: Record<EventStatus, string> = {
  matched: 'Matched',
  ambiguous: 'Several shows fit',
  unmatched: 'No show found',
  'not-concert': 'Not a concert',
};

/** Who decided: the user (on any of their devices) or automatic matching. */
export function decidedText(e: Pick<EventInfo, 'decidedBy'>): string {
  return e.decidedBy === 'user' ? 'Your decision' : 'Automatic';
}

/** The candidates worth offering as one-click answers, best first. */
export function offeredCandidates(e: EventInfo, max = 3): EventInfo['candidates'] {
  if (e.status === 'not-concert') return [];
  const others = e.candidates.filter((c) => c.show.id !== e.show?.id);
  // A confident match offers its runners-up only when the user is looking at it anyway.
  return e.status === 'matched' ? [] : others.slice(0, max);
}

/** Said after an action, so a screen reader hears what happened to the row. */
export function decisionMessage(e: EventInfo): string {
  const when = `${e.showDay}${e.city ? ` in ${e.city.name}` : ''}`;
  if (e.status === 'matched' && e.show) return `${when}: ${showShort(e.show)}.`;
  if (e.status === 'not-concert') return `${when}: not a concert.`;
  if (e.decidedBy === 'auto')
    return `${when}: back to automatic matching (${STATUS_TEXT[e.status].toLowerCase()}).`;
  return `${when}: waiting for review.`;
}
