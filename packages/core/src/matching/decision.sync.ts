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
import { MatchStateRepository, type DecisionKind } from './match-state.repository.js';

export type SyncedDecision =
  { kind: 'assign'; show: string } | { kind: 'unassign' } | { kind: 'not-concert' } | null;

export class DecisionSyncRecorder {
  private readonly outbox: SyncOutbox;
  private readonly shows: ShowRepository;
  private readonly showSync: ShowSyncRecorder;
  private readonly state: MatchStateRepository;

  constructor(db: Db) {
    this.state = new MatchStateRepository(db);
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

  /**
   * Queues decisions made before this library synced (photos with no synced decision yet),
   * with the shows they point at. Pulled decisions are already in sync_fields, so a stale
   * local one never overrides them.
   */
  recordUnsynced(): void {
    const byPhoto = [...this.state.decisionsByPhoto()].filter(
      ([photo]) => this.outbox.value('event_assignments', photo, 'decision') === undefined,
    );
    const shows = new Map(
      this.shows
        .getMany([...new Set(byPhoto.flatMap(([, d]) => (d.showId !== null ? [d.showId] : [])))])
        .map((s) => [s.id, s]),
    );
    this.showSync.record([...shows.values()], { includeOnline: true, onlyUnsynced: true });
    const changes = byPhoto.flatMap(([row, d]) => {
      let value: SyncedDecision;
      if (d.kind !== 'assign') value = { kind: d.kind };
      else {
        const show = d.showId !== null ? shows.get(d.showId) : undefined;
        if (!show) return [];
        value = { kind: 'assign', show: show.syncKey };
      }
      return [{ table: 'event_assignments', row, column: 'decision', value }];
    });
    this.outbox.record(changes);
  }
}
