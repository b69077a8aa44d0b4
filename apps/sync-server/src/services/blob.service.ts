// Blobs of starred photos: an upload streams into the blob store while it is counted
// against the size limit and the user's quota, is verified against its declared sha256,
// committed without overwriting, and only then recorded. Records are per user; objects are
// shared by content and deleted when the last record naming them goes.
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import type { BlobUsageResponse, BlobVariant, BlobView } from '@encore/core/protocol';
import type { ByteRange, BlobStore, StagedBlob } from '../blobs/blob-store.js';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { bodyIdleTimeout } from '../http/timeouts.js';
import { BlobRepository } from '../repositories/blob.repository.js';
import type { BlobRow } from '../repositories/blob.repository.js';
import type { Caller } from './account.service.js';

export interface BlobServiceOptions {
  now: () => Date;
  /** Largest body one upload may carry. */
  maxBytes: number;
  /** Bytes of blobs one user may keep. */
  quotaBytes: number;
  /** Body bytes received (metrics). */
  onBytes?: (count: number) => void;
  /** +1 when an upload starts streaming, -1 when it stops (metrics). */
  onInFlight?: (delta: number) => void;
  /** Background cleanup that failed (the request itself already has its answer). */
  onError?: (err: unknown, what: string) => void;
  /** An upload body that sends no byte for this long is cut with 408 (default: never). */
  bodyIdleMs?: number;
}

export interface BlobUpload {
  photo: string;
  variant: BlobVariant;
  /** Declared hex sha256 of the body (already checked against the photo for originals). */
  sha256: string;
  contentType: string;
  /** From Content-Length; null for a chunked body. */
  contentLength: number | null;
  body: Readable;
}

export interface BlobPutResult {
  blob: BlobView;
  created: boolean;
}

/** Errors that end an upload before its body is read must also end the connection. */
const CLOSE = { connection: 'close' };

export function toBlobView(row: BlobRow): BlobView {
  return {
    photo: row.photo,
    variant: row.variant,
    sha256: row.sha256,
    size: row.size,
    contentType: row.contentType,
    createdAt: row.createdAt,
  };
}

export class BlobService {
  private readonly repo: BlobRepository;
  /** Bodies streaming now: shutdown cuts the ones that outlive the grace period. */
  private readonly inFlight = new Map<Transform, Promise<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly store: BlobStore,
    private readonly options: BlobServiceOptions,
  ) {
    this.repo = new BlobRepository(db);
  }

  async put(caller: Caller, upload: BlobUpload): Promise<BlobPutResult> {
    const { maxBytes } = this.options;
    if (upload.contentLength !== null && upload.contentLength > maxBytes) {
      throw tooLarge(upload.contentLength, maxBytes);
    }
    // Answer from the records before reading the body when we can.
    const existing = await this.repo.get(caller.userId, upload.photo, upload.variant);
    if (existing) return sameOrConflict(existing, upload.sha256);
    const room = this.options.quotaBytes - (await this.repo.usage(caller.userId)).usedBytes;
    if (upload.contentLength !== null && upload.contentLength > room) {
      throw quotaExceeded(upload.contentLength, room, this.options.quotaBytes);
    }

    const staged = await this.receive(upload.body, room);
    try {
      if (upload.contentLength !== null && staged.size !== upload.contentLength) {
        throw new AppError(
          'BAD_REQUEST',
          `body: ${staged.size} bytes arrived, content-length said ${upload.contentLength}`,
        );
      }
      if (staged.sha256 !== upload.sha256) {
        throw new AppError(
          'HASH_MISMATCH',
          `x-content-sha256: the body hashes to ${staged.sha256}, not ${upload.sha256}; nothing was stored`,
        );
      }
      return await this.commit(caller, upload, staged);
    } finally {
      // A no-op after a commit (which consumed it); otherwise the bytes go.
      await this.store
        .discard(staged.ref)
        .catch((e: unknown) => this.options.onError?.(e, 'discarding a staged upload'));
    }
  }

  async find(caller: Caller, photo: string, variant: BlobVariant): Promise<BlobRow> {
    const row = await this.repo.get(caller.userId, photo, variant);
    if (!row) throw new AppError('NOT_FOUND', `No ${variant} of photo ${photo} on this account`);
    return row;
  }

  async open(row: BlobRow, range?: ByteRange): Promise<Readable> {
    const stream = await this.store.open(row.sha256, range);
    // A record without its object is damage, not a client error: a 500, logged.
    if (!stream) throw new Error(`blob object ${row.sha256} is missing from the store`);
    return stream;
  }

  async remove(caller: Caller, photo: string, variant: BlobVariant): Promise<void> {
    const sha256 = await this.repo.delete(caller.userId, photo, variant);
    if (sha256 === null) {
      throw new AppError('NOT_FOUND', `No ${variant} of photo ${photo} on this account`);
    }
    await this.collect(sha256);
  }

  /**
   * The server keeps the bytes of starred photos: a photo unstarred (on every device, by
   * last-writer-wins) for longer than the grace period loses its blobs. Starring it again
   * makes the desktop check and upload them anew. Returns the records removed.
   */
  async sweepUnstarred(now: Date, graceMs: number, batch = 1000): Promise<number> {
    const before = new Date(now.getTime() - graceMs);
    let removed = 0;
    for (;;) {
      const rows = await this.repo.unstarred(before, before, batch);
      for (const r of rows) {
        const sha256 = await this.repo.deleteIfUnstarred(r.userId, r.photo, r.variant, before);
        if (sha256 !== null) {
          removed++;
          await this.collect(sha256);
        }
      }
      if (rows.length < batch) return removed;
    }
  }

  async usage(caller: Caller): Promise<BlobUsageResponse> {
    const { usedBytes, count } = await this.repo.usage(caller.userId);
    return { v: 1, usedBytes, quotaBytes: this.options.quotaBytes, count };
  }

  /**
   * Cuts the uploads still streaming after `graceMs` (their staged bytes are discarded and
   * the client hears 503); the ones that finish in time are kept.
   */
  async stop(graceMs = 0): Promise<void> {
    if (this.inFlight.size === 0) return;
    const all = Promise.allSettled(this.inFlight.values());
    let timer: NodeJS.Timeout | undefined;
    const cut = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        for (const meter of this.inFlight.keys()) {
          meter.destroy(
            new AppError('NOT_READY', 'The server is shutting down; send the upload again', CLOSE),
          );
        }
        resolve();
      }, graceMs);
    });
    await Promise.race([all, cut]);
    clearTimeout(timer);
    await all;
  }

  /** Streams the body to the store, counting it against `room` and the upload limit. */
  private async receive(body: Readable, room: number): Promise<StagedBlob> {
    const { maxBytes, quotaBytes, onBytes, onInFlight, bodyIdleMs } = this.options;
    if (body.destroyed) throw cutOff();
    const limit = Math.min(maxBytes, room);
    let received = 0;
    // No total deadline (a large upload on a slow link is legitimate), but it must progress.
    const idle =
      bodyIdleMs === undefined
        ? undefined
        : setTimeout(() => meter.destroy(bodyIdleTimeout(bodyIdleMs)), bodyIdleMs);
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        idle?.refresh();
        received += chunk.length;
        onBytes?.(chunk.length);
        if (received > limit) {
          callback(
            received > maxBytes
              ? tooLarge(received, maxBytes)
              : quotaExceeded(received, room, quotaBytes),
          );
          return;
        }
        callback(null, chunk);
      },
    });
    // pipe(), not pipeline(): a refused body must not destroy the request, or the 413
    // could not be sent. A client that goes away (an error, or a close before the end)
    // must still end the meter.
    const onGone = () => {
      if (!body.readableEnded) meter.destroy(cutOff());
    };
    body.on('close', onGone);
    body.on('error', onGone);
    body.pipe(meter);
    const staging = this.store.stage(meter);
    this.inFlight.set(meter, staging);
    onInFlight?.(1);
    try {
      return await staging;
    } finally {
      clearTimeout(idle);
      this.inFlight.delete(meter);
      onInFlight?.(-1);
      body.off('close', onGone);
      body.off('error', onGone);
      body.unpipe(meter);
    }
  }

  private async commit(
    caller: Caller,
    upload: BlobUpload,
    staged: StagedBlob,
  ): Promise<BlobPutResult> {
    let linked = false;
    try {
      return await this.db.transaction(async (tx) => {
        // Under the user's lock: another device may have recorded this blob, or filled
        // the quota, while this body streamed.
        await this.repo.lockUser(tx, caller.userId);
        const existing = await this.repo.get(caller.userId, upload.photo, upload.variant, tx);
        if (existing) return sameOrConflict(existing, staged.sha256);
        const { usedBytes } = await this.repo.usage(caller.userId, tx);
        const room = this.options.quotaBytes - usedBytes;
        if (staged.size > room) throw quotaExceeded(staged.size, room, this.options.quotaBytes);
        // Under the object's lock: a collection of the same content cannot delete the
        // object between the link and the record.
        await this.repo.lockObject(tx, staged.sha256);
        await this.store.commit(staged.ref, staged.sha256);
        linked = true;
        const row = await this.repo.insert(
          {
            userId: caller.userId,
            photo: upload.photo,
            variant: upload.variant,
            sha256: staged.sha256,
            size: staged.size,
            contentType: upload.contentType,
            now: this.options.now(),
          },
          tx,
        );
        if (!row) throw new Error('a blob record appeared under the user lock');
        return { blob: toBlobView(row), created: true };
      });
    } catch (err) {
      // The record did not commit: the object may now be nobody's.
      if (linked) {
        await this.collect(staged.sha256).catch((e: unknown) =>
          this.options.onError?.(e, 'collecting an unrecorded blob object'),
        );
      }
      throw err;
    }
  }

  /** Deletes the object when no record of any user names it any more. */
  private async collect(sha256: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.repo.lockObject(tx, sha256);
      if (await this.repo.isReferenced(sha256, tx)) return;
      await this.store.delete(sha256);
    });
  }
}

function sameOrConflict(existing: BlobRow, sha256: string): BlobPutResult {
  if (existing.sha256 === sha256) return { blob: toBlobView(existing), created: false };
  throw new AppError(
    'BLOB_EXISTS',
    `This account already has the ${existing.variant} of photo ${existing.photo} with sha256 ${existing.sha256}; delete it first to replace it`,
  );
}

function cutOff(): AppError {
  return new AppError('BAD_REQUEST', 'body: the upload was cut off before its end', CLOSE);
}

function tooLarge(bytes: number, maxBytes: number): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    `body: ${bytes} bytes is over the ${maxBytes}-byte limit per upload (BLOB_MAX_MB)`,
    CLOSE,
  );
}

function quotaExceeded(bytes: number, room: number, quota: number): AppError {
  return new AppError(
    'QUOTA_EXCEEDED',
    `quota: ${bytes} more bytes do not fit; ${Math.max(0, room)} of this account's ${quota} bytes are left (BLOB_QUOTA_MB)`,
    CLOSE,
  );
}
