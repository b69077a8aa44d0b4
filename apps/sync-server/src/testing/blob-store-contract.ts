// The BlobStore contract as one suite, run against every implementation (the filesystem
// store now; an S3-compatible store against MinIO when it lands).
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../blobs/blob-store.js';

export interface StoreUnderTest {
  store: BlobStore;
  /** The number of staged (uncommitted) uploads the store holds now. */
  staged(): Promise<number>;
  close(): Promise<void>;
}

export const sha256 = (data: string | Buffer): string =>
  createHash('sha256').update(data).digest('hex');

/** A stream that sends `chunks`, then fails (a client that went away mid-upload). */
function failingAfter(chunks: string[]): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i < chunks.length) this.push(chunks[i++]);
      else this.destroy(new Error('client went away'));
    },
  });
}

export function blobStoreContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let t: StoreUnderTest;
    beforeEach(async () => {
      t = await make();
      await t.store.init();
    });
    afterEach(() => t.close());

    it('stages with the hash and size of what arrived, commits, reads whole and ranges', async () => {
      const staged = await t.store.stage(Readable.from(['hello ', 'blob']));
      expect(staged).toMatchObject({ sha256: sha256('hello blob'), size: 10 });
      expect(await t.store.stat(staged.sha256)).toBeNull();
      expect(await t.store.commit(staged.ref, staged.sha256)).toBe('stored');
      expect(await t.staged()).toBe(0);
      expect(await t.store.stat(staged.sha256)).toEqual({ size: 10 });
      expect(await text((await t.store.open(staged.sha256))!)).toBe('hello blob');
      expect(await text((await t.store.open(staged.sha256, { start: 6, end: 9 }))!)).toBe('blob');
    });

    it('never overwrites: a second commit of the same content is dropped', async () => {
      const first = await t.store.stage(Readable.from(['same']));
      const second = await t.store.stage(Readable.from(['same']));
      expect(await t.staged()).toBe(2);
      expect(await t.store.commit(first.ref, first.sha256)).toBe('stored');
      expect(await t.store.commit(second.ref, second.sha256)).toBe('exists');
      expect(await t.staged()).toBe(0);
      expect(await text((await t.store.open(first.sha256))!)).toBe('same');
    });

    it('leaves nothing behind when the source fails or the upload is discarded', async () => {
      await expect(t.store.stage(failingAfter(['part', 'ial']))).rejects.toThrow(/went away/);
      expect(await t.staged()).toBe(0);
      const staged = await t.store.stage(Readable.from(['unwanted']));
      await t.store.discard(staged.ref);
      await t.store.discard(staged.ref);
      expect(await t.staged()).toBe(0);
      expect(await t.store.stat(staged.sha256)).toBeNull();
    });

    it('init discards what an earlier process staged', async () => {
      await t.store.stage(Readable.from(['orphan']));
      expect(await t.staged()).toBe(1);
      expect(await t.store.init()).toEqual({ discarded: 1 });
      expect(await t.staged()).toBe(0);
    });

    it('deletes objects; absent ones read as null', async () => {
      const staged = await t.store.stage(Readable.from(['gone soon']));
      await t.store.commit(staged.ref, staged.sha256);
      await t.store.delete(staged.sha256);
      await t.store.delete(staged.sha256);
      expect(await t.store.stat(staged.sha256)).toBeNull();
      expect(await t.store.open(staged.sha256)).toBeNull();
    });
  });
}
