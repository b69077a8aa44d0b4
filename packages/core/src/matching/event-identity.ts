// Stable event ids across re-clustering. A rebuilt event inherits the id of the old event it
// shares the most photos with (greedy, largest overlap first, each old id used once), so
// candidates, CLI references and the UI's selection survive a rescan that adds a few photos.
// An event with no predecessor is named after its first photo ("e" + 16 hex digits of the
// photo's content hash): deterministic, so two devices clustering the same photos agree.
import type { EventId } from './types.js';

export function eventIdFor(photoId: string): EventId {
  return `e${photoId.slice(0, 16)}` as EventId;
}

/**
 * ids[k] for each new event (its photo ids in `events[k]`), given the previous membership
 * (photo id -> event id) and the ids already in use.
 */
export function assignEventIds(
  events: string[][],
  previous: Map<string, string>,
  inUse: ReadonlySet<string> = new Set(),
): EventId[] {
  const pairs: { k: number; old: string; overlap: number }[] = [];
  events.forEach((photos, k) => {
    const counts = new Map<string, number>();
    for (const p of photos) {
      const old = previous.get(p);
      if (old !== undefined) counts.set(old, (counts.get(old) ?? 0) + 1);
    }
    for (const [old, overlap] of counts) pairs.push({ k, old, overlap });
  });
  pairs.sort((a, b) => b.overlap - a.overlap || a.k - b.k || (a.old < b.old ? -1 : 1));
  const ids: (EventId | null)[] = events.map(() => null);
  const taken = new Set<string>(inUse);
  for (const { k, old } of pairs) {
    if (ids[k] !== null || taken.has(old)) continue;
    ids[k] = old as EventId;
    taken.add(old);
  }
  return events.map((photos, k) => {
    const reused = ids[k];
    if (reused) return reused;
    for (const p of photos) {
      const id = eventIdFor(p);
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
    // Every photo's name is taken (only possible with colliding hash prefixes): number it.
    let n = 2;
    while (taken.has(`${eventIdFor(photos[0] ?? '')}-${n}`)) n++;
    const id = `${eventIdFor(photos[0] ?? '')}-${n}` as EventId;
    taken.add(id);
    return id;
  });
}
