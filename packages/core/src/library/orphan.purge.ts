// Photos whose last file went away stay for a grace period (a move is an unlink then an add,
// and keeps the photo's identity, stars and decisions); after it they leave the library with
// their thumbnails.
import type { PhotoId } from '../domain/ids.js';
import type { Library } from './library.js';

/**
 * Deletes the photos orphaned at or before `nowMs - graceMs` that still have no location, and
 * their thumbnail files. Returns the deleted ids. Files go after the commit: a crash in
 * between leaves only unreferenced files (swept later), never rows without files.
 */
export function purgeOrphans(lib: Library, graceMs: number, nowMs: number = Date.now()): PhotoId[] {
  const ids = lib.photos.orphansBefore(nowMs - graceMs);
  if (ids.length === 0) return ids;
  const files: string[] = [];
  lib.transaction(() => {
    for (const id of ids) {
      for (const t of lib.thumbnails.forPhoto(id)) files.push(t.file);
      lib.photos.delete(id);
    }
  });
  for (const f of files) lib.thumbStore.remove(f);
  return ids;
}
