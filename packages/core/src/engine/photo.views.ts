// Shapes of photos as the CLI (JSON) and the UI contract show them.
import path from 'node:path';
import type { PhotoDetail, PhotoSummary } from '../contract/index.js';
import type { Library } from '../library/library.js';
import type { PhotoRecord } from '../library/photo.repository.js';

/** A photo as `encore photos --json` prints it: its record plus where its bytes and renditions are. */
export interface PhotoView extends PhotoRecord {
  /** Absolute paths of every copy. */
  paths: string[];
  /** Rendition size -> absolute file path. */
  thumbnails: Record<string, string>;
}

export function toPhotoView(lib: Library, p: PhotoRecord): PhotoView {
  return withFiles(
    lib,
    p,
    lib.locations.forPhoto(p.id).map((l) => l.absPath),
    lib.thumbnails.forPhoto(p.id),
  );
}

/** Every photo's view with two queries for all paths and renditions, not two per photo. */
export function allPhotoViews(lib: Library, photos: Iterable<PhotoRecord>): PhotoView[] {
  const paths = lib.locations.pathsByPhoto();
  const renditions = lib.thumbnails.byPhoto();
  return [...photos].map((p) =>
    withFiles(lib, p, paths.get(p.id) ?? [], renditions.get(p.id) ?? []),
  );
}

function withFiles(
  lib: Library,
  p: PhotoRecord,
  paths: string[],
  renditions: { size: string; file: string }[],
): PhotoView {
  const thumbnails: Record<string, string> = {};
  for (const t of renditions) thumbnails[t.size] = path.join(lib.dir, t.file);
  return { ...p, paths, thumbnails };
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
    rating: p.rating,
    caption: p.caption,
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
