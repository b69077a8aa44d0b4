// Shapes of photos as the CLI (JSON) and the UI contract show them.
import path from 'node:path';
import type { PhotoDetail, PhotoSummary } from '../contract/index.js';
import type { Library } from '../library/library.js';
import type { PhotoRecord } from '../library/photo.repository.js';

export interface PhotoView {
  id: string;
  paths: string[];
  format: string;
  kind: string;
  size: number;
  width: number | null;
  height: number | null;
  orientation: number;
  takenAt: string | null;
  takenAtUtc: string | null;
  timeZone: string | null;
  timeSource: string | null;
  zoneSource: string | null;
  lat: number | null;
  lon: number | null;
  alt: number | null;
  make: string | null;
  model: string | null;
  city: { name: string; country: string; geonameId: number } | null;
  thumbnails: Record<string, string>;
  thumbhash: string | null;
  phash: string | null;
  placeholder: boolean;
  starred: boolean;
}

export function toPhotoView(lib: Library, p: PhotoRecord): PhotoView {
  const thumbnails: Record<string, string> = {};
  for (const t of lib.thumbnails.forPhoto(p.id)) thumbnails[t.size] = path.join(lib.dir, t.file);
  return {
    id: p.id,
    paths: lib.locations.forPhoto(p.id).map((l) => l.absPath),
    format: p.format,
    kind: p.kind,
    size: p.size,
    width: p.width,
    height: p.height,
    orientation: p.orientation,
    takenAt: p.takenAt,
    takenAtUtc: p.takenAtUtc,
    timeZone: p.timeZone,
    timeSource: p.timeSource,
    zoneSource: p.zoneSource,
    lat: p.lat,
    lon: p.lon,
    alt: p.alt,
    make: p.make,
    model: p.model,
    city: p.city,
    thumbnails,
    thumbhash: p.thumbhash,
    phash: p.phash,
    placeholder: p.placeholder,
    starred: p.starred,
  };
}

export function toSummary(p: PhotoRecord): PhotoSummary {
  return {
    id: p.id,
    format: p.format,
    width: p.width,
    height: p.height,
    takenAt: p.takenAt,
    takenAtUtc: p.takenAtUtc,
    city: p.city,
    thumbhash: p.thumbhash,
    gridUrl: `/thumbs/grid/${p.id}.webp`,
    previewUrl: `/thumbs/preview/${p.id}.webp`,
    starred: p.starred,
  };
}

export function toDetail(lib: Library, p: PhotoRecord): PhotoDetail {
  const v = toPhotoView(lib, p);
  return {
    ...toSummary(p),
    paths: v.paths,
    orientation: p.orientation,
    timeZone: p.timeZone,
    timeSource: p.timeSource,
    lat: p.lat,
    lon: p.lon,
    alt: p.alt,
    make: p.make,
    model: p.model,
    phash: p.phash,
  };
}

export function encodeCursor(last: { sortMs: number; id: string }): string {
  return Buffer.from(JSON.stringify([last.sortMs, last.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { sortMs: number; id: string } | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string')
      return { sortMs: v[0], id: v[1] };
  } catch {
    // fall through
  }
  return null;
}
