// Merges show drafts (from importers, online lookups and forms) into the catalog. Re-imports
// meet what is stored through setlist.fm ids (setlists, venues, artists) and otherwise names,
// so importing the same file twice changes nothing and a newer setlist replaces its songs.
// The caller holds the transaction.
import type { ArtistRepository } from './artist.repository.js';
import { playedSongs, type SetlistDraft, type ShowDraft } from './show-draft.js';
import type { ShowRepository } from './show.repository.js';
import type { ArtistId, ShowId, ShowRecord } from './types.js';
import type { VenueRepository } from './venue.repository.js';

export interface ImportSummary {
  shows: { added: number; updated: number; unchanged: number };
  artists: { added: number };
  venues: { added: number };
  setlists: { added: number; updated: number };
}

export function emptySummary(): ImportSummary {
  return {
    shows: { added: 0, updated: 0, unchanged: 0 },
    artists: { added: 0 },
    venues: { added: 0 },
    setlists: { added: 0, updated: 0 },
  };
}

type Outcome = 'added' | 'updated' | 'unchanged';
const RANK: Record<Outcome, number> = { unchanged: 0, updated: 1, added: 2 };

export class CatalogWriter {
  /** What happened to each show touched, strongest outcome kept (added > updated > unchanged). */
  private readonly outcomes = new Map<ShowId, Outcome>();
  private readonly counts = emptySummary();
  /** Shows whose synced fields may have changed (venue or artist facts included), and removed ones. */
  private readonly touched = new Set<ShowId>();
  private readonly removedKeys = new Set<string>();

  constructor(
    private readonly repos: {
      venues: VenueRepository;
      artists: ArtistRepository;
      shows: ShowRepository;
    },
    private readonly now: Date = new Date(),
  ) {}

  /** Merges one draft; returns the show's id. */
  apply(d: ShowDraft): ShowId {
    const { venues, artists, shows } = this.repos;
    const known = venues.find(d.venue);
    const existingId = known ? shows.idAt(known.id, d.date) : null;
    const before = existingId ? shows.get(existingId) : null;

    const venue = venues.resolve(d.venue, this.now);
    if (venue.added) this.counts.venues.added++;
    if (venue.updated) shows.idsAtVenue(venue.id).forEach((id) => this.touched.add(id));
    const artistId = (a: ShowDraft['artists'][number]): ArtistId => {
      const r = artists.resolve(a, this.now);
      if (r.added) this.counts.artists.added++;
      if (r.updated) shows.idsWithArtist(r.id).forEach((id) => this.touched.add(id));
      return r.id;
    };
    const billIds = unique(d.artists.map(artistId));
    const setlistArtistIds = d.setlists.map((s) => artistId(s.artist));

    const showId =
      existingId ??
      shows.insert({ date: d.date, venueId: venue.id, tour: d.tour, origin: d.origin }, this.now);

    d.setlists.forEach((s, i) => this.upsertSetlist(showId, s, setlistArtistIds[i]!));

    // The bill: what was there keeps its place, newcomers join after it; setlist.fm data is
    // then ordered by songs played when every artist has a setlist (the headliner plays most).
    const current = before?.artists.map((a) => a.id) ?? [];
    let bill = [...current, ...billIds.filter((id) => !current.includes(id))];
    bill = unique([...bill, ...setlistArtistIds]);
    if (d.billOrder === 'by-songs') bill = this.bySongs(showId, bill);
    if (bill.join() !== current.join()) shows.setBill(showId, bill);

    if (before) {
      const fields: Parameters<ShowRepository['update']>[1] = {};
      const fromSetlistfm = (o: string) => o === 'setlistfm' || o === 'online';
      if (
        d.tour &&
        (before.tour == null || (fromSetlistfm(d.origin) && fromSetlistfm(before.origin)))
      )
        fields.tour = d.tour;
      // A show the user imports stops being a mere online find.
      if (before.origin === 'online' && d.origin !== 'online') fields.origin = d.origin;
      shows.update(showId, fields);
    }
    this.settle(showId, before);
    return showId;
  }

  /** What sync must look at: shows touched (some may be gone since) and keys of removed ones. */
  changedShows(): { ids: ShowId[]; removedKeys: string[] } {
    return { ids: [...this.touched], removedKeys: [...this.removedKeys] };
  }

  summary(): ImportSummary {
    const s = structuredClone(this.counts);
    for (const o of this.outcomes.values()) s.shows[o]++;
    return s;
  }

  private upsertSetlist(showId: ShowId, s: SetlistDraft, artistId: ArtistId): void {
    const { shows } = this.repos;
    const record = {
      setlistfmId: s.setlistfmId,
      artistId,
      songs: s.songs,
      versionId: s.versionId,
      lastUpdated: s.lastUpdated,
      url: s.url,
    };
    const row = s.setlistfmId ? shows.setlistBySetlistfmId(s.setlistfmId) : null;
    if (!row) {
      if (
        !s.setlistfmId &&
        shows.get(showId)?.setlists.some((x) => x.artistId === artistId && !x.setlistfmId)
      )
        return;
      shows.insertSetlist(showId, record);
      this.counts.setlists.added++;
      return;
    }
    const moved = row.showId !== showId;
    if (!moved && !isNewer(s, row)) return;
    if (moved) {
      // setlist.fm corrected the date or venue: the setlist leaves its old show.
      const old = shows.get(row.showId);
      shows.updateSetlist(row.id, showId, record);
      if (old) this.afterSetlistLeft(old, row.artistId);
    } else shows.updateSetlist(row.id, showId, record);
    this.counts.setlists.updated++;
  }

  /** The old show loses the artist if it came from setlist.fm and nothing else holds them there. */
  private afterSetlistLeft(old: ShowRecord, artistId: ArtistId): void {
    const { shows } = this.repos;
    const stillThere = shows.get(old.id)!;
    const holds = stillThere.setlists.some((x) => x.artistId === artistId);
    if (!holds && (old.origin === 'setlistfm' || old.origin === 'online')) {
      const bill = stillThere.artists.map((a) => a.id).filter((id) => id !== artistId);
      if (bill.length === 0) {
        shows.delete(old.id);
        this.removedKeys.add(old.syncKey);
      } else shows.setBill(old.id, bill);
    }
    this.settle(old.id, old);
  }

  private bySongs(showId: ShowId, bill: ArtistId[]): ArtistId[] {
    const played = new Map<ArtistId, number>();
    for (const s of this.repos.shows.get(showId)?.setlists ?? [])
      played.set(s.artistId, (played.get(s.artistId) ?? 0) + playedSongs(s.songs));
    if (!bill.every((id) => played.has(id))) return bill;
    // Array.prototype.sort is stable: ties keep the current order (file order for new shows).
    return [...bill].sort((a, b) => played.get(a)! - played.get(b)!);
  }

  private settle(showId: ShowId, before: ShowRecord | null): void {
    this.touched.add(showId);
    const after = this.repos.shows.get(showId);
    let outcome: Outcome = 'added';
    if (before) {
      outcome = after && sameShow(before, after) ? 'unchanged' : 'updated';
      if (outcome === 'updated' && after) this.repos.shows.touch(showId, this.now);
    }
    const prev = this.outcomes.get(showId);
    if (!prev || RANK[outcome] > RANK[prev]) this.outcomes.set(showId, outcome);
  }
}

function isNewer(
  s: SetlistDraft,
  row: { versionId: string | null; lastUpdated: string | null },
): boolean {
  if (s.lastUpdated && row.lastUpdated)
    return Date.parse(s.lastUpdated) > Date.parse(row.lastUpdated);
  return s.versionId != null && s.versionId !== row.versionId;
}

function sameShow(a: ShowRecord, b: ShowRecord): boolean {
  return JSON.stringify({ ...a, updatedAt: '' }) === JSON.stringify({ ...b, updatedAt: '' });
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
