import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { blobStoreContract, sha256 } from '../testing/blob-store-contract.js';
import { FsBlobStore } from './fs-blob-store.js';

blobStoreContract('filesystem', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'encore-blobs-'));
  const store = new FsBlobStore(dir);
  return {
    store,
    staged: async () => (await readdir(store.tmpDir)).length,
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('FsBlobStore', () => {
  it('keeps objects at objects/ab/cd/<sha256>, one file however often committed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'encore-blobs-'));
    try {
      const store = new FsBlobStore(dir);
      await store.init();
      const hash = sha256('content');
      const results = await Promise.all(
        Array.from({ length: 5 }, async () => {
          const staged = await store.stage(Readable.from(['content']));
          return store.commit(staged.ref, hash);
        }),
      );
      expect(results.filter((r) => r === 'stored')).toHaveLength(1);
      const file = path.join(dir, 'objects', hash.slice(0, 2), hash.slice(2, 4), hash);
      expect(store.objectPath(hash)).toBe(file);
      expect((await stat(file)).nlink).toBe(1);
      expect(await readdir(store.tmpDir)).toEqual([]);
      await expect(store.commit('../../etc/passwd', hash)).rejects.toThrow(/not a staged blob/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
