// Single photos: the full listing, one photo's detail, and the synced fields a user edits
// (star, rating, caption). Each edit and its sync message are written in one transaction.
import { isPhotoId } from '../../domain/ids.js';
import { createApp, type App } from '../app.js';
import type { EngineContext } from '../engine.context.js';
import { allPhotoViews, toDetail } from '../photo.views.js';

export function photosHandlers(ctx: EngineContext): App {
  const lib = ctx.library;
  const resolveAll = (ids: string[]) => ids.map((id, i) => ctx.resolvePhotoId(id, `ids.${i}`));
  return createApp()
    .method('photos.list', (q) =>
      allPhotoViews(lib, lib.photos.all({ starredOnly: q?.starred ?? false })),
    )
    .method('photo.get', ({ id }) => {
      if (!isPhotoId(id)) return null;
      const p = lib.photos.get(id);
      return p ? toDetail(lib, p) : null;
    })
    .method('photo.setStarred', ({ ids: given, starred }) => {
      // All photos or none: an unknown id changes nothing.
      const ids = resolveAll(given);
      const now = new Date();
      lib.transaction(() => {
        const changed = ids.filter(
          (id) =>
            (ctx.outbox.value('photos', id, 'starred') ?? false) !== starred ||
            (lib.photos.get(id)?.starred ?? starred) !== starred,
        );
        for (const id of changed) lib.photos.setStarred(id, starred, now);
        ctx.outbox.record(
          changed.map((id) => ({ table: 'photos', row: id, column: 'starred', value: starred })),
        );
      });
      ctx.changedPhotos(ids);
      return { ids };
    })
    .method('photo.setRating', ({ ids: given, rating }) => {
      const ids = resolveAll(given);
      const now = new Date();
      lib.transaction(() => {
        for (const id of ids) lib.photos.setRating(id, rating, now);
        ctx.outbox.recordChanged(
          ids.map((id) => ({ table: 'photos', row: id, column: 'rating', value: rating })),
        );
      });
      ctx.changedPhotos(ids);
      return { ids };
    })
    .method('photo.setCaption', ({ id: given, caption }) => {
      const text = caption === null ? null : caption.trim() || null;
      const id = ctx.resolvePhotoId(given);
      lib.transaction(() => {
        lib.photos.setCaption(id, text, new Date());
        ctx.outbox.recordChanged([{ table: 'photos', row: id, column: 'caption', value: text }]);
      });
      ctx.changedPhotos([id]);
      return { id };
    })
    .method('photo.renditionPath', ({ id, size }) => {
      if (!isPhotoId(id)) return null;
      const t = lib.thumbnails.forPhoto(id).find((r) => r.size === size);
      return t ? lib.thumbStore.absolute(t.file) : null;
    });
}
