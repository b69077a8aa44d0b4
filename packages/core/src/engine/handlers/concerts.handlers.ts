// Concerts: events and the user's decisions about them, and the concert catalog (search,
// import, export, add, edit, remove). Matching itself lives in matching/.
import type { ShowEdit } from '../../catalog/manual-show.input.js';
import type { ShowId } from '../../catalog/types.js';
import { toShowInfo } from '../../matching/show-view.js';
import { createApp, type App } from '../app.js';
import type { EngineContext } from '../engine.context.js';

export function concertsHandlers(ctx: EngineContext): App {
  const { concerts, catalog } = ctx;
  return createApp()
    .method('events.match', (q) => concerts.match(q?.all ?? false))
    .method('events.list', (q) => concerts.list(q))
    .method('events.assign', (q) => concerts.assign(q))
    .method('events.unassign', (q) => concerts.unassign(q))
    .method('events.notConcert', (q) => concerts.notConcert(q))
    .method('events.clearDecision', (q) => concerts.clearDecision(q))
    .method('concerts.list', (q) => concerts.concerts(q))
    .method('concerts.catalog', (q) =>
      catalog
        .list({
          includeOnline: q?.includeOnline ?? false,
          ...(q?.artist ? { artist: q.artist } : {}),
          ...(q?.venue ? { venue: q.venue } : {}),
          ...(q?.city ? { city: q.city } : {}),
          ...(q?.year !== undefined ? { year: q.year } : {}),
        })
        .map(toShowInfo),
    )
    .method('concerts.import', ({ files }) => catalog.importFiles(files))
    .method('concerts.export', ({ format, includeOnline }) => {
      const q = { includeOnline: includeOnline ?? false };
      const text = format === 'csv' ? catalog.exportCsv(q) : catalog.exportJson(q);
      return { text, count: catalog.list(q).length };
    })
    .method('concerts.add', ({ date, venue, artists, tour }) =>
      toShowInfo(
        catalog.create({
          date,
          venue: {
            name: venue.name,
            city: venue.city,
            country: venue.country,
            lat: venue.lat ?? null,
            lon: venue.lon ?? null,
          },
          artists,
          tour: tour ?? null,
        }),
      ),
    )
    .method('concerts.edit', ({ id, patch }) => {
      const edit: ShowEdit = {};
      if (patch.date !== undefined) edit.date = patch.date;
      if (patch.tour !== undefined) edit.tour = patch.tour;
      if (patch.artists !== undefined) edit.artists = patch.artists;
      if (patch.venue) {
        const venue: NonNullable<ShowEdit['venue']> = {};
        for (const key of ['name', 'city', 'country'] as const) {
          const v = patch.venue[key];
          if (v !== undefined) venue[key] = v;
        }
        if (patch.venue.lat !== undefined) venue.lat = patch.venue.lat;
        if (patch.venue.lon !== undefined) venue.lon = patch.venue.lon;
        edit.venue = venue;
      }
      return toShowInfo(catalog.edit(id as ShowId, edit));
    })
    .method('concerts.remove', ({ id }) => toShowInfo(catalog.remove(id as ShowId)));
}
