// setlist.fm JSON -> show drafts. Accepts what people download or the API returns: one
// `setlists` envelope (a search, /user/{id}/attended, /artist/{mbid}/setlists), an array of
// them (many pages), or one setlist object. Setlists at the same venue on the same date are
// one show; its bill is ordered by songs played, fewest first, so the headliner closes it.
import type { z } from 'zod';
import { ImportError, shown } from '../catalog.errors.js';
import { parseSetlistfmDate } from '../local-date.js';
import {
  normalizeCountry,
  playedSongs,
  sameArtist,
  type ArtistDraft,
  type SetlistDraft,
  type ShowDraft,
} from '../show-draft.js';
import {
  apiSetlist,
  formatPath,
  setlistsEnvelope,
  valueAt,
  type ApiSetlist,
} from '../setlistfm/setlistfm.schema.js';
import type { Song } from '../types.js';

/** Validates setlist.fm JSON (already parsed) and returns its setlists in file order. */
export function setlistsFromJson(value: unknown, file: string): ApiSetlist[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => setlistsFromItem(item, file, `[${i}]`));
  }
  return setlistsFromItem(value, file, '');
}

function setlistsFromItem(item: unknown, file: string, prefix: string): ApiSetlist[] {
  if (item == null || typeof item !== 'object' || Array.isArray(item)) {
    throw new ImportError('IMPORT_BAD_ENVELOPE', {
      file,
      ...(prefix ? { field: prefix } : {}),
      problem: `expected a setlist.fm "setlists" response or a setlist, got ${shown(item)}`,
    });
  }
  const obj = item as Record<string, unknown>;
  if ('eventDate' in obj && !('setlist' in obj)) {
    return [check(apiSetlist, obj, file, prefix)];
  }
  if (obj.type !== undefined && obj.type !== 'setlists') {
    throw new ImportError('IMPORT_BAD_ENVELOPE', {
      file,
      field: join(prefix, 'type'),
      problem: `expected "setlists" (a setlist.fm setlists response), got ${shown(obj.type)}`,
    });
  }
  if (!Array.isArray(obj.setlist)) {
    throw new ImportError('IMPORT_BAD_ENVELOPE', {
      file,
      field: join(prefix, 'setlist'),
      problem: `expected the array of setlists of a setlist.fm "setlists" response, got ${shown(obj.setlist)}`,
    });
  }
  return check(setlistsEnvelope, obj, file, prefix).setlist;
}

function check<T extends z.ZodType>(
  schema: T,
  value: unknown,
  file: string,
  prefix: string,
): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw importErrorFromZod(r.error, file, prefix, value);
}

/**
 * The first zod issue as one line naming the path (after `prefix`, the value's own path in
 * the file) and the value found there.
 */
export function importErrorFromZod(
  error: z.ZodError,
  file: string,
  prefix: string,
  value: unknown,
): ImportError {
  const issue = error.issues[0]!;
  const found = valueAt(value, issue.path);
  let problem: string;
  if (issue.code === 'invalid_type') problem = `expected ${issue.expected}, got ${shown(found)}`;
  else if (issue.code === 'too_small' && typeof found === 'string') problem = 'must not be empty';
  else problem = `${issue.message}, got ${shown(found)}`;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : '';
  return new ImportError('IMPORT_BAD_FIELD', {
    file,
    field: prefix + (issue.path.length ? sep(prefix, issue.path) : ''),
    problem: problem + more,
  });
}

function sep(prefix: string, path: readonly PropertyKey[]): string {
  const p = formatPath(path);
  return prefix && !p.startsWith('[') ? `.${p}` : p;
}

function join(prefix: string, field: string): string {
  return prefix ? `${prefix}.${field}` : field;
}

/** Groups setlists into shows (venue + date), deduplicating setlists seen twice. */
export function draftsFromSetlists(
  setlists: readonly ApiSetlist[],
  origin: 'setlistfm' | 'online',
): ShowDraft[] {
  const byId = new Map<string, ApiSetlist>();
  for (const s of setlists) {
    const seen = byId.get(s.id);
    // The same setlist on two pages or in two files: the newer edit wins.
    if (!seen || (isoTime(s.lastUpdated) ?? '') > (isoTime(seen.lastUpdated) ?? ''))
      byId.set(s.id, s);
  }
  const groups = new Map<string, ApiSetlist[]>();
  for (const s of byId.values()) {
    const city = s.venue.city;
    const venueKey =
      s.venue.id ?? `${s.venue.name}|${city?.name ?? ''}|${city?.country?.code ?? ''}`;
    const key = `${venueKey.toLowerCase()}|${s.eventDate}`;
    const group = groups.get(key) ?? [];
    group.push(s);
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => draftFromGroup(group, origin));
}

function draftFromGroup(group: ApiSetlist[], origin: 'setlistfm' | 'online'): ShowDraft {
  const setlists = group.map(setlistDraft);
  // Stable sort: ties (often 0 songs, a line-up without setlists yet) keep file order.
  const order = setlists
    .map((s, i) => ({ s, i }))
    .sort((a, b) => playedSongs(a.s.songs) - playedSongs(b.s.songs) || a.i - b.i);
  const artists: ArtistDraft[] = [];
  for (const { s } of order)
    if (!artists.some((a) => sameArtist(a, s.artist))) artists.push(s.artist);
  const first = group[0]!;
  const city = first.venue.city;
  const headliner = group[order[order.length - 1]!.i]!;
  return {
    date: parseSetlistfmDate(first.eventDate)!,
    venue: {
      name: first.venue.name,
      setlistfmId: first.venue.id ?? null,
      cityName: city?.name ?? null,
      cityGeonameId: city?.id ? Number(city.id) : null,
      country: normalizeCountry(city?.country?.code ?? city?.country?.name ?? null),
      cityLat: city?.coords?.lat ?? null,
      cityLon: city?.coords?.long ?? null,
      lat: null,
      lon: null,
      asOf: setlists.map((s) => s.lastUpdated ?? '').reduce((a, b) => (b > a ? b : a), '') || null,
    },
    artists,
    setlists: order.map(({ s }) => s),
    tour: headliner.tour?.name ?? group.find((s) => s.tour)?.tour?.name ?? null,
    origin,
    billOrder: 'by-songs',
  };
}

function setlistDraft(s: ApiSetlist): SetlistDraft {
  const songs: Song[] = (s.sets?.set ?? []).flatMap((set, i) =>
    (set.song ?? []).map((song) => ({
      set: i,
      name: song.name,
      ...(song.info ? { info: song.info } : {}),
      ...(song.tape ? { tape: true } : {}),
      ...(song.cover ? { cover: song.cover.name } : {}),
    })),
  );
  return {
    setlistfmId: s.id,
    versionId: s.versionId ?? null,
    lastUpdated: isoTime(s.lastUpdated),
    url: s.url ?? null,
    artist: { name: s.artist.name, mbid: s.artist.mbid || null },
    songs,
  };
}

/** setlist.fm writes 2017-09-27T11:25:45.000+0000; stored as ISO 8601 UTC. */
function isoTime(text: string | undefined): string | null {
  if (!text) return null;
  const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
