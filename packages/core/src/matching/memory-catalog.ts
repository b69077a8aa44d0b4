// A catalog over an in-memory list, with the change feed: for tests, and for callers that
// already hold shows.
import type {
  ArtistId,
  CatalogChanges,
  LocalDate,
  ShowId,
  ShowLookup,
  ShowRecord,
  VenueId,
  VenueRecord,
} from '../catalog/types.js';

export class MemoryCatalog implements ShowLookup {
  private readonly shows = new Map<number, ShowRecord>();
  private version = 0;
  /** date -> version of its last change; deleted show id -> version. */
  private readonly changed = new Map<string, number>();
  private readonly deleted = new Map<number, number>();

  constructor(shows: ShowRecord[] = []) {
    for (const s of shows) this.put(s);
  }

  /** Adds or replaces a show (by id). */
  put(show: ShowRecord): void {
    const old = this.shows.get(Number(show.id));
    this.version++;
    if (old) this.changed.set(old.date, this.version);
    this.changed.set(show.date, this.version);
    this.shows.set(Number(show.id), show);
  }

  remove(id: ShowId): void {
    const old = this.shows.get(Number(id));
    if (!old) return;
    this.version++;
    this.changed.set(old.date, this.version);
    this.deleted.set(Number(id), this.version);
    this.shows.delete(Number(id));
  }

  changedDatesSince(cursor: number): CatalogChanges {
    return {
      cursor: this.version,
      dates: [...this.changed].filter(([, v]) => v > cursor).map(([d]) => d as LocalDate),
      deletedShowIds: [...this.deleted].filter(([, v]) => v > cursor).map(([id]) => id as ShowId),
    };
  }

  showsOn(dates: LocalDate[]): ShowRecord[] {
    const wanted = new Set<string>(dates);
    return [...this.shows.values()].filter((s) => wanted.has(s.date));
  }

  get(id: ShowId): ShowRecord | null {
    return this.shows.get(Number(id)) ?? null;
  }
}

export interface ShowSpec {
  id: number;
  date: string;
  venue: string;
  city: string | null;
  country?: string;
  cityId?: number | null;
  cityLat?: number | null;
  cityLon?: number | null;
  lat?: number | null;
  lon?: number | null;
  artists?: string[];
  updatedAt?: string;
}

/** A ShowRecord from a few fields (venue ids follow the venue name). */
export function showRecord(spec: ShowSpec): ShowRecord {
  const venue: VenueRecord = {
    id: (Math.abs([...spec.venue].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7)) %
      1_000_000) as VenueId,
    name: spec.venue,
    setlistfmId: null,
    cityName: spec.city,
    cityGeonameId: spec.cityId ?? null,
    country: spec.country ?? null,
    cityLat: spec.cityLat ?? null,
    cityLon: spec.cityLon ?? null,
    lat: spec.lat ?? null,
    lon: spec.lon ?? null,
  };
  const artists = (spec.artists ?? ['Artist']).map((name, i) => ({
    id: (spec.id * 100 + i) as ArtistId,
    name,
    mbid: null,
  }));
  return {
    id: spec.id as ShowId,
    date: spec.date as LocalDate,
    venue,
    artists,
    setlists: artists.map((a, i) => ({
      setlistfmId: `sl${spec.id}x${i}`,
      artistId: a.id,
      songs: [],
    })),
    tour: null,
    origin: 'manual',
    syncKey: `u:00000000-0000-4000-8000-${String(spec.id).padStart(12, '0')}`,
    updatedAt: spec.updatedAt ?? '2024-01-01T00:00:00.000Z',
  };
}
