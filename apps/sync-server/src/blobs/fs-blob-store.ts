// The filesystem blob store: uploads stream to `tmp/<uuid>` while hashing and are fsynced,
// then hard-linked to `objects/ab/cd/<sha256>` (link() fails rather than overwrite, so the
// first copy of some content stays) and the directory is fsynced. One server process owns
// the folder: `init` deletes whatever a killed process left in `tmp/`.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobStore, ByteRange, StagedBlob } from './blob-store.js';

const SHA256 = /^[0-9a-f]{64}$/;
const REF = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

export class FsBlobStore implements BlobStore {
  readonly tmpDir: string;
  readonly objectsDir: string;

  constructor(readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
    this.objectsDir = path.join(root, 'objects');
  }

  /** Where the object for `sha256` lives (tests look at it). */
  objectPath(sha256: string): string {
    if (!SHA256.test(sha256)) throw new TypeError(`not a sha256: ${sha256}`);
    return path.join(this.objectsDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async init(): Promise<{ discarded: number }> {
    await mkdir(this.tmpDir, { recursive: true });
    await mkdir(this.objectsDir, { recursive: true });
    const leftovers = await readdir(this.tmpDir);
    for (const name of leftovers) {
      await rm(path.join(this.tmpDir, name), { recursive: true, force: true });
    }
    return { discarded: leftovers.length };
  }

  async stage(source: Readable): Promise<StagedBlob> {
    const ref = randomUUID();
    await mkdir(this.tmpDir, { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      // flush: fsync before close; the pipeline settles once the file is closed.
      const file = createWriteStream(path.join(this.tmpDir, ref), {
        flags: 'wx',
        mode: 0o600,
        flush: true,
      });
      await pipeline(source, hasher, file);
    } catch (err) {
      await rm(path.join(this.tmpDir, ref), { force: true });
      throw err;
    }
    return { ref, sha256: hash.digest('hex'), size };
  }

  async commit(ref: string, sha256: string): Promise<'stored' | 'exists'> {
    const temp = this.tempPath(ref);
    const dest = this.objectPath(sha256);
    const dir = path.dirname(dest);
    const created = await mkdir(dir, { recursive: true });
    let result: 'stored' | 'exists' = 'stored';
    try {
      await link(temp, dest);
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
      result = 'exists';
    }
    await rm(temp, { force: true });
    if (result === 'stored') {
      // The new name, and any directory mkdir just made, must survive a power cut.
      await syncDir(dir);
      if (created !== undefined) {
        await syncDir(path.dirname(dir));
        await syncDir(this.objectsDir);
      }
    }
    return result;
  }

  async discard(ref: string): Promise<void> {
    await rm(this.tempPath(ref), { force: true });
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable | null> {
    let fh;
    try {
      fh = await open(this.objectPath(sha256), 'r');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return null;
      throw err;
    }
    // Opened before returning, so a missing file is an answer here, not a broken stream.
    return fh.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async stat(sha256: string): Promise<{ size: number } | null> {
    try {
      return { size: (await stat(this.objectPath(sha256))).size };
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.objectPath(sha256), { force: true });
  }

  private tempPath(ref: string): string {
    if (!REF.test(ref)) throw new TypeError(`not a staged blob: ${ref}`);
    return path.join(this.tmpDir, ref);
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch (err) {
    // Some platforms cannot fsync a directory; the rename-free link is still atomic there.
    if (!['EINVAL', 'EISDIR', 'EPERM', 'ENOTSUP'].includes(errnoCode(err) ?? '')) throw err;
  } finally {
    await fh.close();
  }
}
