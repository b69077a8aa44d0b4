// The photos columns the sync replica projects into (starred, rating, caption) for photos
// this library has; written without the outbox, so a pulled change is not sent back.
import type { Db } from '../library/database.js';

export class PhotoProjectionRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      starred: db.prepare(`UPDATE photos SET starred = ? WHERE id = ?`),
      rating: db.prepare(`UPDATE photos SET rating = ? WHERE id = ?`),
      caption: db.prepare(`UPDATE photos SET caption = ? WHERE id = ?`),
    };
  }

  setStarred(id: string, starred: boolean): void {
    this.stmts.starred.run(starred ? 1 : 0, id);
  }

  setRating(id: string, rating: number | null): void {
    this.stmts.rating.run(rating, id);
  }

  setCaption(id: string, caption: string | null): void {
    this.stmts.caption.run(caption, id);
  }
}
