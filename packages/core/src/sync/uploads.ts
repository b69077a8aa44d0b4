// Starred photos' bytes the server should hold: the original (from any local copy) and the
// preview and thumb the desktop already made. Pending work is derived, not queued: the
// starred photos with a local file whose variants are not yet in sync_blobs (and did not
// fail for a reason a retry cannot fix). Starring, unstarring, a new copy appearing, or a
// new account all change the answer without any bookkeeping of their own (the SQL:
// uploads.repository.ts).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { BlobVariant } from '../protocol/index.js';

export interface UploadTask {
  photoId: string;
  variant: BlobVariant;
  /** Absolute path of the bytes to send. */
  file: string;
  contentType: string;
  /** Local copies of the original, when the first one is gone. */
  alternatives: string[];
}

const MIME_BY_FORMAT: Record<string, string> = {
  jpeg: 'image/jpeg',
  heic: 'image/heic',
  avif: 'image/avif',
  png: 'image/png',
  webp: 'image/webp',
  tiff: 'image/tiff',
  gif: 'image/gif',
  dng: 'image/x-adobe-dng',
  cr2: 'image/x-canon-cr2',
  cr3: 'image/x-canon-cr3',
  nef: 'image/x-nikon-nef',
  arw: 'image/x-sony-arw',
  orf: 'image/x-olympus-orf',
  rw2: 'image/x-panasonic-rw2',
  raf: 'image/x-fuji-raf',
  mov: 'video/quicktime',
  mp4: 'video/mp4',
};

export function contentTypeOf(format: string): string {
  // Own keys only: a format named like an Object method ('toString') is not a type.
  return Object.hasOwn(MIME_BY_FORMAT, format)
    ? MIME_BY_FORMAT[format]!
    : 'application/octet-stream';
}

/** A file extension for a blob's content type ('' when unknown). */
export function extensionOf(contentType: string): string {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'image/jpeg') return '.jpg';
  if (type === 'video/quicktime') return '.mov';
  const format = Object.entries(MIME_BY_FORMAT).find(([, mime]) => mime === type)?.[0];
  return format ? `.${format}` : '';
}

export async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}
