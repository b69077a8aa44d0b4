// Thumbnail files under <library>/thumbs/<size>/<ab>/<photoId>.webp. Written to a temp file
// and renamed into place, so a reader (or a crash) never sees a half-written thumbnail.
import fs from 'node:fs';
import path from 'node:path';
import type { PhotoId } from '../domain/ids.js';
import type { ThumbnailSize } from '../media/types.js';

const EXT_BY_MIME: Record<string, string> = {
  'image/webp': 'webp',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

export function thumbnailRelPath(photoId: PhotoId, size: ThumbnailSize, mime: string): string {
  const ext = EXT_BY_MIME[mime] ?? 'bin';
  return path.join('thumbs', size, photoId.slice(0, 2), `${photoId}.${ext}`);
}

export interface FileWriter {
  writeFile(file: string, data: Buffer): void;
  rename(from: string, to: string): void;
  unlink(file: string): void;
  mkdir(dir: string): void;
}

export const nodeFileWriter: FileWriter = {
  writeFile: (file, data) => {
    const fd = fs.openSync(file, 'w');
    try {
      fs.writeSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  },
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (file) => fs.rmSync(file, { force: true }),
  mkdir: (dir) => fs.mkdirSync(dir, { recursive: true }),
};

export class ThumbnailStore {
  constructor(
    readonly libraryDir: string,
    private readonly writer: FileWriter = nodeFileWriter,
  ) {}

  absolute(relPath: string): string {
    return path.join(this.libraryDir, relPath);
  }

  /** Writes atomically and returns the path relative to the library. */
  write(photoId: PhotoId, size: ThumbnailSize, mime: string, data: Buffer): string {
    const rel = thumbnailRelPath(photoId, size, mime);
    const abs = this.absolute(rel);
    this.writer.mkdir(path.dirname(abs));
    const tmp = `${abs}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      this.writer.writeFile(tmp, data);
      this.writer.rename(tmp, abs);
    } catch (err) {
      try {
        this.writer.unlink(tmp);
      } catch {
        // the temp file may not exist; the original error is what matters
      }
      throw err;
    }
    return rel;
  }

  remove(relPath: string): void {
    this.writer.unlink(this.absolute(relPath));
  }

  /** Removes temp files a killed process left behind (old ones only: another live process may be writing). */
  sweepTemp(olderThanMs = 10 * 60_000): number {
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    const root = path.join(this.libraryDir, 'thumbs');
    if (!fs.existsSync(root)) return 0;
    for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.tmp')) continue;
      const file = path.join(entry.parentPath, entry.name);
      const st = fs.statSync(file, { throwIfNoEntry: false });
      if (st && st.mtimeMs < cutoff) {
        fs.rmSync(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
