// Makes a pulled `event_assignments.decision` the photo's row in match_decisions. An
// assignment whose show this library does not know yet waits in sync_fields (the photo has
// no decision meanwhile: the one it had was overruled) and is applied when the show
// arrives; one whose show was removed stays the user's call with no show (back to review). Every write takes a new seq, which is how matching notices a decision.
import { MatchStateRepository } from '../matching/match-state.repository.js';
import type { Db } from '../library/database.js';
import type { CatalogProjector } from './catalog.projection.js';
import { SyncFieldsRepository } from './fields.repository.js';
import type { SyncProjection } from './replica.js';

type Decision =
  { kind: 'assign'; show: string } | { kind: 'unassign' } | { kind: 'not-concert' } | null;

export class DecisionProjector {
  private readonly fields: SyncFieldsRepository;
  private readonly state: MatchStateRepository;

  constructor(
    db: Db,
    private readonly catalog: CatalogProjector,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.fields = new SyncFieldsRepository(db);
    this.state = new MatchStateRepository(db);
    catalog.onShowArrived = (key) => {
      for (const photo of this.fields.photosAssignedTo(key)) this.project(photo);
    };
  }

  project(photoId: string): void {
    const d = (this.fields.row('event_assignments', photoId).decision ?? null) as Decision;
    if (d === null) {
      this.state.removePhotoDecision(photoId);
      return;
    }
    if (d.kind !== 'assign') {
      this.state.putPhotoDecision(photoId, d.kind, null, this.now());
      return;
    }
    const show = this.catalog.resolve(d.show);
    if (show !== null) this.state.putPhotoDecision(photoId, 'assign', show, this.now());
    // The chosen show was removed: still the user's call, back to review (as matching treats
    // an assignment whose show left the catalog), the same on every device.
    else if (this.catalog.isDeleted(d.show))
      this.state.putPhotoDecision(photoId, 'assign', null, this.now());
    else this.state.removePhotoDecision(photoId);
  }
}

export function eventAssignmentsProjection(p: DecisionProjector): SyncProjection {
  return { apply: (row) => p.project(row) };
}
