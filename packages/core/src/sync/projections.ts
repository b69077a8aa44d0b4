// Which projection makes each synced table visible in this library's domain tables.
import type { Db } from '../library/database.js';
import {
  CatalogProjector,
  showArtistsProjection,
  showsProjection,
  type ProjectionOptions,
} from './catalog.projection.js';
import { DecisionProjector, eventAssignmentsProjection } from './decision.projection.js';
import { photoProjection, type SyncProjections } from './replica.js';

export function syncProjections(db: Db, options: ProjectionOptions = {}): SyncProjections {
  const catalog = new CatalogProjector(db, options);
  const decisions = new DecisionProjector(db, catalog, options.now);
  return {
    photos: photoProjection(db),
    shows: showsProjection(catalog),
    show_artists: showArtistsProjection(catalog),
    event_assignments: eventAssignmentsProjection(decisions),
  };
}
