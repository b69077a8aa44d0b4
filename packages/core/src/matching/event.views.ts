// Stored events -> the EventView shape of `encore events --json` and the UI.
import type { ShowId, ShowLookup } from '../catalog/types.js';
import type { EventRepository, StoredEvent } from './event.repository.js';
import { toShowInfo } from './show-view.js';
import type { EventView, ShowView } from './types.js';

/** `all`: the events are the whole table, so photo ids and candidates load in one query each. */
export function toEventViews(
  repo: EventRepository,
  lookup: ShowLookup,
  events: StoredEvent[],
  all: boolean,
  nearby: (e: StoredEvent) => [number, number][],
): EventView[] {
  const ids = all ? null : events.map((e) => e.id);
  const photos = repo.photoIds(ids);
  const candidates = repo.candidates(ids);
  const shows = new Map<number, ShowView | null>();
  const show = (id: ShowId): ShowView | null => {
    let v = shows.get(Number(id));
    if (v === undefined) {
      const s = lookup.get(id);
      v = s ? toShowInfo(s) : null;
      shows.set(Number(id), v);
    }
    return v;
  };
  return events.map((e) => ({
    id: e.id,
    start: new Date(e.startMs).toISOString(),
    end: new Date(e.endMs).toISOString(),
    localDate: e.localDate,
    showDay: e.showDay,
    timeZone: e.timeZone,
    zoneCertain: e.zoneCertain,
    photoIds: photos.get(e.id) ?? [],
    lat: e.lat,
    lon: e.lon,
    city: e.city,
    nearbyCityIds: nearby(e).map(([id]) => id),
    status: e.status,
    decidedBy: e.decidedBy,
    show: e.showId !== null ? show(e.showId) : null,
    candidates: (candidates.get(e.id) ?? []).flatMap((c) => {
      const s = show(c.showId);
      return s ? [{ show: s, score: c.score, reasons: c.reasons }] : [];
    }),
  }));
}
