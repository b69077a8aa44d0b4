// Makes pulled `shows` and `show_artists` fields visible in the catalog. Fields arrive one
// message each, in any order, so every projection reads the row's whole state from
// sync_fields and converges on it: a show appears once it has a date and a venue, its bill
// follows from the `show_artists` rows under its key, and decisions pulled before it are
// applied when it arrives. Writes go through the catalog's repositories (never Catalog's
// methods, which record to the outbox): a pulled change is not sent back. The change feed
// triggers (migration 002) tell matching, as for any catalog write.
import { ArtistRepository } from '../catalog/artist.repository.js';
import { emptyVenue, type VenueDraft } from '../catalog/show-draft.js';
import { ShowRepository } from '../catalog/show.repository.js';
import type { LocalDate, ShowId } from '../catalog/types.js';
import { VenueRepository } from '../catalog/venue.repository.js';
import { locateVenue } from '../catalog/venue-locator.js';
import type { Db } from '../library/database.js';
import { SyncFieldsRepository, type FieldValues } from './fields.repository.js';
import type { SyncProjection } from './replica.js';

/** The `venue` column of a synced show. */
interface SyncedVenue {
  name: string;
  city: string | null;
  country: string | null;
  cityGeonameId: number | null;
  setlistfmId: string | null;
}

export interface ProjectionOptions {
  now?: () => Date;
}

export class CatalogProjector {
  private readonly fields: SyncFieldsRepository;
  private readonly shows: ShowRepository;
  private readonly venues: VenueRepository;
  private readonly artists: ArtistRepository;
  private readonly now: () => Date;
  /**
   * Set by the decision projection: re-applies the decisions that name a show key when the
   * show arrives or is removed.
   */
  onShowArrived: (key: string) => void = () => {};

  constructor(db: Db, options: ProjectionOptions = {}) {
    this.fields = new SyncFieldsRepository(db);
    this.shows = new ShowRepository(db);
    this.venues = new VenueRepository(db);
    this.artists = new ArtistRepository(db);
    this.now = options.now ?? (() => new Date());
  }

  /**
   * The local show a key stands for: the show created with it, else the show at the same
   * venue on the same date (the same concert, made on two devices before they synced).
   */
  resolve(key: string): ShowId | null {
    const own = this.shows.idBySyncKey(key);
    if (own) return own;
    const f = this.fields.row('shows', key);
    if (f.deleted === true || typeof f.date !== 'string' || !f.venue) return null;
    const venue = this.venues.find(venueDraft(f.venue as SyncedVenue));
    return venue ? this.shows.idAt(venue.id, f.date as LocalDate) : null;
  }

  /** True when the show with this key was removed (on any device). */
  isDeleted(key: string): boolean {
    return this.fields.row('shows', key).deleted === true;
  }

  /** Brings the show with this key in line with its synced fields. */
  projectShow(key: string): void {
    const f = this.fields.row('shows', key);
    const id = this.shows.idBySyncKey(key);
    if (f.deleted === true) {
      // As Catalog.remove: bill and setlists go with it, the change feed keeps a tombstone.
      if (id) this.shows.delete(id);
      // Photos assigned to it go back to review as the user's call, as after a local remove.
      this.onShowArrived(key);
      return;
    }
    if (typeof f.date !== 'string' || !f.venue) return;
    const date = f.date as LocalDate;
    const now = this.now();
    const venue = this.venues.resolve(
      locateVenue(venueDraft(f.venue as SyncedVenue), undefined, { coordsForKnownCity: true }),
      now,
    );
    const tour = 'tour' in f ? (f.tour as string | null) : undefined;
    const there = this.shows.idAt(venue.id, date);
    if (!id) {
      if (!there) {
        const origin = (f.venue as SyncedVenue).setlistfmId ? 'setlistfm' : 'manual';
        this.shows.insert(
          { date, venueId: venue.id, tour: tour ?? null, origin, syncKey: key },
          now,
        );
      }
      // Created, or the same concert already here under another key: either way it now
      // stands for this key, so its bill and the decisions waiting for it apply.
      this.projectBill(key);
      this.onShowArrived(key);
      return;
    }
    // Another show already holds that venue and date: keep this one where it is.
    const moves = there === null || there === id;
    const changed = this.shows.update(id, {
      ...(moves ? { date, venueId: venue.id } : {}),
      ...(tour !== undefined ? { tour } : {}),
    });
    if (changed) this.shows.touch(id, now);
  }

  /**
   * Puts the synced bill entries of this show key on (at their position) or off the show.
   * Artists on the local bill that sync never mentioned stay where they are.
   */
  projectBill(key: string): void {
    const showId = this.resolve(key);
    if (!showId) return;
    const entries = [...this.fields.rowsUnder('show_artists', `${key}/`)]
      .map(([row, v]) => ({ row, ...entry(v) }))
      .filter((e): e is { row: string } & Entry => e.name !== null);
    let changed = false;
    // Removals first, so an artist re-keyed (name -> mbid) ends up on the bill.
    for (const e of entries.filter((x) => x.position === null)) {
      const a = this.artists.find({ name: e.name, mbid: e.mbid });
      if (a && this.shows.leaveBill(showId, a.id)) changed = true;
    }
    for (const e of entries.filter((x) => x.position !== null)) {
      const a = this.artists.resolve({ name: e.name, mbid: e.mbid }, this.now());
      if (this.shows.placeOnBill(showId, a.id, e.position!)) changed = true;
    }
    if (changed) this.shows.touch(showId, this.now());
  }
}

interface Entry {
  name: string;
  mbid: string | null;
  position: number | null;
}

/** A bill entry's fields, or name null while its name (or position) has not arrived. */
function entry(v: FieldValues): Entry | { name: null } {
  if (typeof v.name !== 'string' || !('position' in v)) return { name: null };
  return {
    name: v.name,
    mbid: typeof v.mbid === 'string' ? v.mbid : null,
    position: typeof v.position === 'number' ? v.position : null,
  };
}

function venueDraft(v: SyncedVenue): VenueDraft {
  return {
    ...emptyVenue(v.name),
    setlistfmId: v.setlistfmId,
    cityName: v.city,
    country: v.country,
    cityGeonameId: v.cityGeonameId,
  };
}

export function showsProjection(p: CatalogProjector): SyncProjection {
  return { apply: (row) => p.projectShow(row) };
}

/** Rows are `<show key>/<artist>`: the show key is what comes before the first '/'. */
export function showArtistsProjection(p: CatalogProjector): SyncProjection {
  return { apply: (row) => p.projectBill(row.slice(0, row.indexOf('/'))) };
}
