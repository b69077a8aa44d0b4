// What matching tells sync about the user's concert decisions: one `event_assignments`
// field per photo of the event (events are re-clustered per device, photos are the same
// everywhere), written in the decision's own transaction. An assignment names the show by
// its sync key, and the show itself is recorded too (an online find, or a show made before
// sync, would otherwise never reach the other devices).
import { ShowRepository } from '../catalog/show.repository.js';
import { ShowSyncRecorder } from '../catalog/show.sync.js';
import type { ShowId } from '../catalog/types.js';
import type { Db } from '../library/database.js';
import { SyncOutbox } from '../sync/outbox.js';
import type { DecisionKind } from './match-state.repository.js';

export type SyncedDecision =
  { kind: 'assign'; show: string } | { kind: 'unassign' } | { kind: 'not-concert' } | null;

export class DecisionSyncRecorder {
  private readonly outbox: SyncOutbox;
  private readonly shows: ShowRepository;
  private readonly showSync: ShowSyncRecorder;

  constructor(db: Db) {
    this.outbox = new SyncOutbox(db);
    this.shows = new ShowRepository(db);
    this.showSync = new ShowSyncRecorder(db);
  }

  /**
   * Records the decision for each photo (null: cleared). An assignment to a show this
   * library's catalog does not hold (a test's in-memory catalog) has no key and is not sent.
   */
  record(photoIds: readonly string[], kind: DecisionKind | null, showId: ShowId | null): void {
    let value: SyncedDecision = null;
    if (kind === 'assign') {
      const show = showId !== null ? this.shows.get(showId) : null;
      if (!show) return;
      this.showSync.record([show], { includeOnline: true });
      value = { kind: 'assign', show: show.syncKey };
    } else if (kind !== null) value = { kind };
    this.outbox.recordChanged(
      photoIds.map((row) => ({ table: 'event_assignments', row, column: 'decision', value })),
    );
  }
}
