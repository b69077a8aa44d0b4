// The concert catalog as one service: lookups for matching (ShowLookup, change feed),
// listing, imports (all files in one transaction: a bad file stores nothing), exports, and
// the shows people add and fix by hand.
import fs from 'node:fs';
import type { Db } from '../library/database.js';
import { ArtistRepository } from './artist.repository.js';
import { CatalogChangesRepository } from './catalog-changes.repository.js';
import { CatalogError, ImportError } from './catalog.errors.js';
import { CatalogWriter, type ImportSummary } from './catalog.writer.js';
import { showsToCsv } from './export/csv.export.js';
import { showsToJson } from './export/json.export.js';
import { draftsFromText } from './import/file.import.js';
import {
  checkArtists,
  checkDate,
  checkVenue,
  venueDraft,
  type ManualShowInput,
  type ShowEdit,
} from './manual-show.input.js';
import type { ShowDraft } from './show-draft.js';
import { ShowRepository, type ShowQuery } from './show.repository.js';
import { ShowSyncRecorder } from './show.sync.js';
import type {
  CatalogChanges,
  LocalDate,
  ShowId,
  ShowLookup,
  ShowRecord,
  VenueId,
} from './types.js';
import { VenueRepository } from './venue.repository.js';
import { gazetteerCity, locateVenue, type CityLocator } from './venue-locator.js';

export type { CityLocator } from './venue-locator.js';

export type { ManualShowInput, ShowEdit } from './manual-show.input.js';

export class Catalog implements ShowLookup {
  readonly shows: ShowRepository;
  readonly venues: VenueRepository;
  readonly artists: ArtistRepository;
  readonly changes: CatalogChangesRepository;
  private readonly sync: ShowSyncRecorder;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
    /**
     * Typed venues (CSV, forms) have no GeoNames city id, which is how matching meets
     * events offline; when they come with a position, the gazetteer supplies it.
     */
    private readonly cityAt: CityLocator = gazetteerCity,
  ) {
    this.shows = new ShowRepository(db);
    this.venues = new VenueRepository(db);
    this.artists = new ArtistRepository(db);
    this.changes = new CatalogChangesRepository(db);
    this.sync = new ShowSyncRecorder(db);
  }

  static forLibrary(library: { db: Db }): Catalog {
    return new Catalog(library.db);
  }

  // ---- lookups ---------------------------------------------------------------------------

  showsOn(dates: LocalDate[]): ShowRecord[] {
    return this.shows.showsOn(dates);
  }

  get(id: ShowId): ShowRecord | null {
    return this.shows.get(id);
  }

  list(q: ShowQuery = {}): ShowRecord[] {
    return this.shows.list(q);
  }

  catalogVersion(): number {
    return this.changes.catalogVersion();
  }

  changedDatesSince(cursor: number): CatalogChanges {
    return this.changes.changedDatesSince(cursor);
  }

  // ---- import / export -------------------------------------------------------------------

  /** Reads and checks every file first, then stores them all in one transaction. */
  importFiles(files: readonly string[]): ImportSummary {
    const drafts = files.flatMap((file) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new ImportError('IMPORT_UNREADABLE', {
          file,
          problem: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        });
      }
      return draftsFromText(text, file);
    });
    return this.importDrafts(drafts).summary;
  }

  importText(text: string, file: string): ImportSummary {
    return this.importDrafts(draftsFromText(text, file)).summary;
  }

  /** Merges drafts in one transaction; any error leaves the catalog as it was. */
  importDrafts(drafts: readonly ShowDraft[]): { summary: ImportSummary; showIds: ShowId[] } {
    return this.db
      .transaction(() => {
        const writer = this.writer();
        const showIds = drafts.map((d) => writer.apply({ ...d, venue: this.locate(d.venue) }));
        this.recordWrites(writer);
        return { summary: writer.summary(), showIds: [...new Set(showIds)] };
      })
      .immediate();
  }

  exportCsv(q: ShowQuery = {}): string {
    return showsToCsv(this.list(q));
  }

  exportJson(q: ShowQuery = {}): string {
    return showsToJson(this.list(q), this.clock());
  }

  /** Queues the user's shows' fields that sync has never seen (a library older than sync). */
  recordUnsynced(): void {
    this.db
      .transaction(() => this.sync.record(this.shows.list(), { onlyUnsynced: true }))
      .immediate();
  }

  // ---- by hand ---------------------------------------------------------------------------

  create(input: ManualShowInput): ShowRecord {
    const draft: ShowDraft = {
      date: checkDate(input.date),
      venue: this.locate(venueDraft(checkVenue(input.venue))),
      artists: checkArtists(input.artists).map((name) => ({ name, mbid: null })),
      setlists: [],
      tour: input.tour?.trim() || null,
      origin: 'manual',
      billOrder: 'as-given',
    };
    return this.db
      .transaction(() => {
        const venue = this.venues.find(draft.venue);
        const existing = venue ? this.shows.idAt(venue.id, draft.date) : null;
        if (existing) throw exists(existing, draft.venue.name, draft.date);
        const writer = this.writer();
        const id = writer.apply(draft);
        this.recordWrites(writer);
        return this.shows.get(id)!;
      })
      .immediate();
  }

  edit(id: ShowId, patch: ShowEdit): ShowRecord {
    return this.db
      .transaction(() => {
        const cur = this.shows.get(id);
        if (!cur) throw notFound(id);
        const now = this.clock();
        const date = patch.date !== undefined ? checkDate(patch.date) : cur.date;
        let venueId: VenueId = cur.venue.id;
        if (patch.venue) {
          const moved =
            patch.venue.name !== undefined ||
            patch.venue.city !== undefined ||
            patch.venue.country !== undefined;
          // Another venue does not inherit this one's position.
          const v = checkVenue({
            name: patch.venue.name ?? cur.venue.name,
            city: patch.venue.city ?? cur.venue.cityName ?? '',
            country: patch.venue.country ?? cur.venue.country ?? '',
            lat: patch.venue.lat ?? (moved ? null : cur.venue.lat),
            lon: patch.venue.lon ?? (moved ? null : cur.venue.lon),
          });
          if (moved) venueId = this.venues.resolve(this.locate(venueDraft(v)), now).id;
          else {
            const located = this.locate({
              ...cur.venue,
              lat: v.lat ?? null,
              lon: v.lon ?? null,
              asOf: null,
            });
            this.venues.patch(
              cur.venue,
              { lat: located.lat, lon: located.lon, cityGeonameId: located.cityGeonameId },
              now,
            );
          }
        }
        const other = this.shows.idAt(venueId, date);
        if (other && other !== id) throw exists(other, this.venues.get(venueId)?.name ?? '', date);
        this.shows.update(id, {
          date,
          venueId,
          ...(patch.tour !== undefined ? { tour: patch.tour?.trim() || null } : {}),
        });
        if (patch.artists) {
          const ids = checkArtists(patch.artists).map(
            (name) => this.artists.resolve({ name, mbid: null }, now).id,
          );
          if (ids.join() !== cur.artists.map((a) => a.id).join()) this.shows.setBill(id, ids);
        }
        const after = this.shows.get(id)!;
        if (
          JSON.stringify({ ...after, updatedAt: '' }) !== JSON.stringify({ ...cur, updatedAt: '' })
        )
          this.shows.touch(id, now);
        // A venue patched in place reads differently at every show there.
        const venueShows = patch.venue ? this.shows.idsAtVenue(after.venue.id) : [];
        this.sync.record(this.shows.getMany([id, ...venueShows.filter((s) => s !== id)]));
        return this.shows.get(id)!;
      })
      .immediate();
  }

  remove(id: ShowId): ShowRecord {
    return this.db
      .transaction(() => {
        const cur = this.shows.get(id);
        if (!cur) throw notFound(id);
        try {
          this.shows.delete(id);
        } catch (err) {
          if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
            throw new CatalogError(
              'SHOW_IN_USE',
              `show #${id} is still referenced (photos are assigned to it)`,
              { id },
            );
          }
          throw err;
        }
        this.sync.recordRemoved([cur.syncKey]);
        return cur;
      })
      .immediate();
  }

  /**
   * Fills in the city's GeoNames id (and the city's position) when it is missing: from the
   * venue's position when given, else from the city's name and country in the offline
   * gazetteer — a show typed as "Madrid, ES" must meet photos taken in Madrid.
   */
  private locate(v: ShowDraft['venue']): ShowDraft['venue'] {
    return locateVenue(v, this.cityAt);
  }

  /** Tells sync what a writer changed (same transaction): removed shows, then the rest. */
  private recordWrites(writer: CatalogWriter): void {
    const { ids, removedKeys } = writer.changedShows();
    const shows = this.shows.getMany(ids);
    const live = new Set(shows.map((s) => s.syncKey));
    this.sync.recordRemoved(removedKeys.filter((k) => !live.has(k)));
    this.sync.record(shows);
  }

  private writer(): CatalogWriter {
    return new CatalogWriter(
      { venues: this.venues, artists: this.artists, shows: this.shows },
      this.clock(),
    );
  }
}

function notFound(id: ShowId): CatalogError {
  return new CatalogError('SHOW_NOT_FOUND', `no show #${id} in the catalog`, { id });
}

function exists(id: ShowId, venue: string, date: LocalDate): CatalogError {
  return new CatalogError('SHOW_EXISTS', `a show at ${venue} on ${date} already exists (#${id})`, {
    id,
  });
}
