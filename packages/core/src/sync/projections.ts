// Which projection makes each synced table visible in this library's domain tables.
import type { Db } from '../library/database.js';
import { photoProjection, type SyncProjections } from './replica.js';

export function syncProjections(db: Db): SyncProjections {
  return {
    photos: photoProjection(db),
  };
}
