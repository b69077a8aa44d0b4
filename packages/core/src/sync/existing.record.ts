// A library that existed before it synced: its shows and concert decisions were never
// recorded. This queues what sync has never seen (fields absent from sync_fields), so it is
// safe to run on every sign-in or bootstrap: values pulled from other devices are kept.
import { Catalog } from '../catalog/catalog.service.js';
import type { Db } from '../library/database.js';
import { DecisionSyncRecorder } from '../matching/decision.sync.js';

export function recordExistingForSync(db: Db): void {
  db.transaction(() => {
    Catalog.forLibrary({ db }).recordUnsynced();
    new DecisionSyncRecorder(db).recordUnsynced();
  }).immediate();
}
