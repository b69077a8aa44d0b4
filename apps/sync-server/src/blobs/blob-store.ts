// The seam between the blob service and where verified bytes live, addressed by their
// sha256. The filesystem store (fs-blob-store.ts) is the default; an S3-compatible store
// implements the same steps (docs/decisions/021-blob-store.md).
import type { Readable } from 'node:stream';

/** Bytes staged by `stage`: durable, hashed, not yet visible under any address. */
export interface StagedBlob {
  /** Opaque handle of the staged bytes (a temp file name; an S3 staging key). */
  ref: string;
  /** Hex sha256 of the bytes actually received. */
  sha256: string;
  size: number;
}

/** A byte range, both ends inclusive (as in `Range: bytes=start-end`). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Content-addressed blob storage in four moves: stage a stream, commit it under its hash
 * without overwriting, read it (whole or a range), delete it. Callers decide what the hash
 * must be and whether anything still references an object; the store only keeps bytes.
 *
 * How an S3-compatible store maps onto it:
 * - `stage`: a multipart upload to `tmp/<uuid>` (parts of 8 MiB, so memory stays at one
 *   part per upload), hashing with sha256 as parts stream through; CompleteMultipartUpload
 *   makes it durable. A failed source means AbortMultipartUpload.
 * - `commit`: CopyObject (UploadPartCopy beyond 5 GiB) from the staging key to
 *   `objects/ab/cd/<sha256>` with `If-None-Match: *` (AWS S3, R2 and MinIO honour
 *   conditional writes; 412 PreconditionFailed means 'exists'); where the destination cannot
 *   be conditional, HeadObject first: losing that race is harmless because the same key
 *   always holds the same bytes. Then DeleteObject of the staging key.
 * - `discard`: DeleteObject / AbortMultipartUpload of the staging key.
 * - `init`: abort multipart uploads under `tmp/` (ListMultipartUploads) and delete leftover
 *   staging keys; a bucket lifecycle rule (AbortIncompleteMultipartUpload, expire `tmp/`
 *   after a day) covers instances that never restart.
 * - `open`: GetObject with `Range: bytes=a-b`; `stat`: HeadObject; `delete`: DeleteObject.
 */
export interface BlobStore {
  /** Prepares the store and discards bytes staged by a process that died mid-upload. */
  init(): Promise<{ discarded: number }>;
  /**
   * Streams `source` to a private staging place while hashing it; the bytes are durable
   * when this resolves. When `source` fails, nothing is left behind and this rejects with
   * the source's error.
   */
  stage(source: Readable): Promise<StagedBlob>;
  /**
   * Makes staged bytes readable under `sha256` without overwriting: 'exists' when that
   * content was already stored (the staged copy is dropped). Durable when it resolves.
   */
  commit(ref: string, sha256: string): Promise<'stored' | 'exists'>;
  /** Drops staged bytes (no-op when already gone). */
  discard(ref: string): Promise<void>;
  /** Opens an object for reading, whole or a range; null when there is no such object. */
  open(sha256: string, range?: ByteRange): Promise<Readable | null>;
  stat(sha256: string): Promise<{ size: number } | null>;
  /** Deletes an object (no-op when absent). */
  delete(sha256: string): Promise<void>;
}
