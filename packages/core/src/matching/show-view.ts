// The one view of a catalog show that every client sees (CLI --json, the UI, events).
import type { ShowRecord } from '../catalog/types.js';
import type { ShowInfo } from '../contract/index.js';

export function toShowInfo(s: ShowRecord): ShowInfo {
  // Setlists in bill order, so the headliner's setlist comes last like the artists do.
  const position = new Map(s.artists.map((a, i) => [Number(a.id), i]));
  const setlists = [...s.setlists].sort(
    (a, b) => (position.get(Number(a.artistId)) ?? 0) - (position.get(Number(b.artistId)) ?? 0),
  );
  return {
    id: Number(s.id),
    date: s.date,
    venue: {
      name: s.venue.name,
      city: s.venue.cityName,
      country: s.venue.country,
      lat: s.venue.lat,
      lon: s.venue.lon,
      setlistfmId: s.venue.setlistfmId,
    },
    artists: s.artists.map((a) => a.name),
    tour: s.tour,
    origin: s.origin,
    setlistIds: setlists.flatMap((l) => (l.setlistfmId ? [l.setlistfmId] : [])),
  };
}
