// Rebuilding events from the library's photos: cluster, keep the identity of every event whose
// facts did not change (hash first, overlap for the rest), and write only what changed.
import { createHash } from 'node:crypto';
import { Gazetteer } from '../metadata/geocoder.js';
import {
  buildEvents,
  type BuiltEvent,
  type ClusterOptions,
  type PhotoPoint,
} from './event.builder.js';
import { assignEventIds } from './event-identity.js';
import type { EventInput, EventRepository } from './event.repository.js';
import type { MatchStateRepository } from './match-state.repository.js';
import { pointFromRow, type Excluded } from './photo-points.js';
import type { EventId, RebuildSummary } from './types.js';

function inputHash(b: BuiltEvent): string {
  const h = createHash('sha1');
  h.update(b.photoIds.join(','));
  h.update(
    JSON.stringify([
      b.startMs,
      b.endMs,
      b.showDay,
      b.timeZone,
      b.zoneCertain,
      b.lat,
      b.lon,
      b.cityId,
      b.profile,
    ]),
  );
  return h.digest('base64url');
}

/** The event's city when no photo carries one (rows from before the gazetteer). */
function cityAt(b: BuiltEvent): EventInput['city'] {
  if (b.lat === null || b.lon === null) return null;
  const c = Gazetteer.load().nearest(b.lat, b.lon);
  return c ? { name: c.name, country: c.country, geonameId: c.geonameId } : null;
}

export function rebuildEvents(
  repo: EventRepository,
  state: MatchStateRepository,
  clustering: ClusterOptions,
  now: Date,
): RebuildSummary {
  const signature = `${state.photoSignature()}|${JSON.stringify(clustering)}`;
  if (signature === state.get('rebuildSignature')) return repo.unchangedSummary();
  const rows = repo.photosForClustering();
  const byPhoto = state.decisionsByPhoto();
  const excluded: Excluded[] = [];
  const points: PhotoPoint[] = [];
  for (const row of rows) {
    const p = pointFromRow(row, byPhoto);
    if ('reason' in p) excluded.push(p);
    else points.push(p);
  }
  const built = buildEvents(points, clustering);
  // An event whose facts hash is already stored is that event, unchanged. Only the others
  // need the overlap rule, against the old events nobody kept.
  const hashes = built.map(inputHash);
  const previous = repo.inputHashes();
  const byHash = new Map([...previous].map(([id, hash]) => [hash, id as EventId]));
  const ids = hashes.map((h) => byHash.get(h) ?? null);
  const kept = new Set<string>(ids.filter((id): id is EventId => id !== null));
  const open = built.flatMap((_, k) => (ids[k] === null ? [k] : []));
  if (open.length > 0) {
    const free = [...previous.keys()].filter((id) => !kept.has(id));
    const named = assignEventIds(
      open.map((k) => built[k]!.photoIds),
      repo.membership(free),
      kept,
    );
    open.forEach((k, i) => (ids[k] = named[i]!));
  }
  const names = repo.cityNames([
    ...new Set(open.flatMap((k) => (built[k]!.cityId !== null ? [built[k]!.cityId!] : []))),
  ]);
  const changed = open.map((k) => {
    const { photoIds, decision: _decision, cityId, ...facts } = built[k]!;
    const named = cityId !== null ? names.get(cityId) : undefined;
    const city = named ? { ...named, geonameId: cityId! } : cityAt(built[k]!);
    const id = ids[k]!;
    return {
      event: { ...facts, city, id, photoCount: photoIds.length, inputHash: hashes[k]! },
      photoIds,
    };
  });
  const created = changed.filter((c) => !previous.has(c.event.id)).length;
  const all = new Set<string>(ids as EventId[]);
  const removed = [...previous.keys()].filter((id) => !all.has(id));
  repo.saveClustering(changed, removed, excluded, now);
  state.pruneDecisions();
  state.set('rebuildSignature', signature);
  const reasons = new Map<Excluded['reason'], number>();
  for (const x of excluded) reasons.set(x.reason, (reasons.get(x.reason) ?? 0) + 1);
  return {
    events: built.length,
    created,
    changed: changed.length - created,
    removed: removed.length,
    unchanged: built.length - changed.length,
    photos: points.length,
    excluded: [...reasons].map(([reason, photos]) => ({ reason, photos })),
  };
}
