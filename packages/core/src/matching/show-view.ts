// A catalog show as events show it (CLI --json, UI): names, not internal ids.
import type { ShowRecord } from '../catalog/types.js';
import type { ShowView } from './types.js';

export function toShowView(s: ShowRecord): ShowView {
  // Setlists in bill order, so the headliner's setlist comes last like the artists do.
  const position = new Map(s.artists.map((a, i) => [Number(a.id), i]));
  const setlists = [...s.setlists].sort(
    (a, b) => (position.get(Number(a.artistId)) ?? 0) - (position.get(Number(b.artistId)) ?? 0),
  );
  return {
    id: s.id,
    date: s.date,
    venue: {
      name: s.venue.name,
      city: s.venue.cityName,
      country: s.venue.country,
      setlistfmId: s.venue.setlistfmId,
    },
    artists: s.artists.map((a) => a.name),
    setlistIds: setlists.flatMap((l) => (l.setlistfmId ? [l.setlistfmId] : [])),
  };
}
