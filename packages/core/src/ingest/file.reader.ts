// Reads a file once: sniffs its format from the first bytes, streams it through sha256, and
// keeps the bytes for the decoder (images) or not (video). A file that changes while being
// read is reported as FILE_CHANGED so the job is redone.
import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import { EncoreError } from '../domain/errors.js';
import type { PhotoId } from '../domain/ids.js';
import { mediaKind, type MediaFormat } from '../media/format.js';

const CHUNK = 1 << 20;
const HEAD = 4096;

export interface ReadResult {
  photoId: PhotoId;
  format: MediaFormat;
  size: number;
  mtimeMs: number;
  /** The whole file, for images and RAW; undefined for video. */
  bytes: Buffer | undefined;
}

export type Sniffer = (head: Buffer) => MediaFormat | null;

export async function readAndHash(path: string, sniff: Sniffer): Promise<ReadResult> {
  const handle = await fsp.open(path, 'r');
  try {
    const before = await handle.stat();
    if (!before.isFile())
      throw new EncoreError('NOT_A_FILE', `${path} is not a regular file`, { path });
    const size = before.size;
    if (size === 0) throw new EncoreError('EMPTY_FILE', `${path} is empty (0 bytes)`, { path });

    const head = Buffer.alloc(Math.min(HEAD, size));
    await readFully(handle, head, 0);
    const format = sniff(head);
    if (!format) {
      throw new EncoreError(
        'UNSUPPORTED_FORMAT',
        `${path} is not a photo or video Encore can read (unrecognised content)`,
        { path },
      );
    }

    const hash = createHash('sha256');
    let bytes: Buffer | undefined;
    if (mediaKind(format) === 'video') {
      hash.update(head);
      const chunk = Buffer.allocUnsafe(CHUNK);
      let pos = head.length;
      for (;;) {
        const { bytesRead } = await handle.read(chunk, 0, CHUNK, pos);
        if (bytesRead === 0) break;
        hash.update(chunk.subarray(0, bytesRead));
        pos += bytesRead;
      }
      if (pos !== size) throw changed(path);
    } else {
      bytes = Buffer.allocUnsafe(size);
      head.copy(bytes, 0);
      const got = await readFully(handle, bytes, head.length);
      if (got !== size) throw changed(path);
      // A file that grew while we read it: there is more past the size we stat-ed.
      const probe = await handle.read(Buffer.alloc(1), 0, 1, size);
      if (probe.bytesRead !== 0) throw changed(path);
      hash.update(bytes);
    }

    const after = await handle.stat();
    const onDisk = await fsp.stat(path).catch(() => null);
    if (
      after.size !== size ||
      after.mtimeMs !== before.mtimeMs ||
      !onDisk ||
      onDisk.ino !== before.ino ||
      onDisk.size !== size ||
      onDisk.mtimeMs !== before.mtimeMs
    ) {
      throw changed(path);
    }
    return { photoId: hash.digest('hex') as PhotoId, format, size, mtimeMs: before.mtimeMs, bytes };
  } finally {
    await handle.close();
  }
}

async function readFully(handle: fsp.FileHandle, into: Buffer, start: number): Promise<number> {
  let pos = start;
  while (pos < into.length) {
    const { bytesRead } = await handle.read(into, pos, Math.min(CHUNK, into.length - pos), pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
  }
  return pos;
}

function changed(path: string): EncoreError {
  return new EncoreError(
    'FILE_CHANGED',
    `${path} changed while it was being read; it will be read again`,
    { path },
  );
}
