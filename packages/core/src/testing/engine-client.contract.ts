// One suite for every EngineClient: the in-process engine on real fixtures, the headless
// WebSocket transport in front of it, and the UI tests' fake (the way tldraw's
// storageContractSuite runs one suite against each storage). What a client can rely on —
// paging without repeats, filters, validation with the field named, error codes carried
// unchanged, events after writes — is asserted here once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient, Events, Page, PhotoSummary } from '../contract/index.js';
import { tempDir } from './temp.js';

export interface ContractSubject {
  client: EngineClient;
  /** Undoes everything the setup made. */
  close(): Promise<void>;
}

export interface ContractSetup {
  /** At least 3 photos; the suite stars, rates and captions them. */
  open(): Promise<ContractSubject>;
}

type Loose = (name: string, q?: unknown) => Promise<unknown>;

export function engineClientContract(name: string, setup: ContractSetup): void {
  describe(`engine client contract: ${name}`, () => {
    let subject: ContractSubject;
    let client: EngineClient;
    let ids: string[];
    const folders = tempDir('encore-contract-');

    beforeAll(async () => {
      subject = await setup.open();
      client = subject.client;
      const page = await client.call('library.page', { limit: 500 });
      ids = page.items.map((p) => p.id);
      expect(ids.length).toBeGreaterThanOrEqual(3);
    }, 240_000);

    afterAll(async () => {
      await subject?.close();
      folders.cleanup();
    });

    it('pages the grid newest first without repeating or losing a photo', async () => {
      const total = await client.call('library.count', {});
      expect(total).toBe(ids.length);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<PhotoSummary> = await client.call('library.page', { limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((p) => p.id));
        cursor = page.next;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...ids].sort());
    });

    it('stars photos, says so with library.changed, and filters and counts the stars', async () => {
      const target = ids[1]!;
      const changed = new Promise<Events['library.changed']>((resolve) => {
        const off = client.on('library.changed', (p) => {
          if (p.photoIds.includes(target)) {
            off();
            resolve(p);
          }
        });
      });
      const result = await client.call('photo.setStarred', { ids: [target], starred: true });
      expect(result.ids).toEqual([target]);
      await changed;
      const starred = await client.call('library.page', { starred: true, limit: 500 });
      expect(starred.items.map((p) => p.id)).toContain(target);
      expect(starred.items.every((p) => p.starred)).toBe(true);
      expect(await client.call('library.count', { starred: true })).toBe(starred.items.length);
      await client.call('photo.setStarred', { ids: [target], starred: false });
      const after = await client.call('library.page', { starred: true, limit: 500 });
      expect(after.items.map((p) => p.id)).not.toContain(target);
    });

    it('keeps ratings and captions, and shows them in the detail', async () => {
      const target = ids[2]!;
      await client.call('photo.setRating', { ids: [target], rating: 4 });
      await client.call('photo.setCaption', { id: target, caption: '  Encore!  ' });
      expect(await client.call('photo.get', { id: target })).toMatchObject({
        id: target,
        rating: 4,
        caption: 'Encore!',
      });
      await client.call('photo.setRating', { ids: [target], rating: null });
      await client.call('photo.setCaption', { id: target, caption: null });
      expect(await client.call('photo.get', { id: target })).toMatchObject({
        rating: null,
        caption: null,
      });
    });

    it('refuses bad input with USAGE and the field to blame, changing nothing', async () => {
      const loose = client.call.bind(client) as Loose;
      const target = ids[0]!;
      await expect(loose('photo.setRating', { ids: [target], rating: 6 })).rejects.toMatchObject({
        code: 'USAGE',
        field: 'rating',
      });
      await expect(loose('photo.setRating', { ids: [target], rating: 2.5 })).rejects.toMatchObject({
        code: 'USAGE',
        field: 'rating',
      });
      await expect(loose('photo.setStarred', { ids: 'abc', starred: true })).rejects.toMatchObject({
        code: 'USAGE',
        field: 'ids',
      });
      await expect(loose('photo.setStarred', { ids: [], starred: true })).rejects.toMatchObject({
        code: 'USAGE',
        field: 'ids',
      });
      await expect(loose('library.page', { limit: 0 })).rejects.toMatchObject({
        code: 'USAGE',
        field: 'limit',
      });
      await expect(loose('events.assign', { eventId: 'e1', showId: -1 })).rejects.toMatchObject({
        code: 'USAGE',
        field: 'showId',
      });
      expect(await client.call('photo.get', { id: target })).toMatchObject({ rating: null });
    });

    it('answers UNKNOWN_METHOD for a name outside the contract', async () => {
      const loose = client.call.bind(client) as Loose;
      await expect(loose('library.drop')).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    });

    it('adds folders by absolute path, refuses a folder inside one, removes by id', async () => {
      const outer = path.join(folders.dir, 'Concerts');
      const inner = path.join(outer, '2024');
      fs.mkdirSync(inner, { recursive: true });
      const added = await client.call('sources.add', { path: outer });
      expect(path.isAbsolute(added.path)).toBe(true);
      expect(added).toMatchObject({ kind: 'local', lastScanAt: null });
      await expect(client.call('sources.add', { path: inner })).rejects.toMatchObject({
        code: 'SOURCE_OVERLAP',
        field: 'path',
      });
      expect((await client.call('sources.list')).map((s) => s.id)).toContain(added.id);
      const removed = await client.call('sources.remove', { id: added.id });
      expect(removed.id).toBe(added.id);
      expect((await client.call('sources.list')).map((s) => s.id)).not.toContain(added.id);
      await expect(client.call('sources.remove', { id: added.id })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        field: 'id',
      });
    });

    it('refuses a sync pass while signed out with NOT_SIGNED_IN', async () => {
      await expect(client.call('sync.now')).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
      expect(await client.call('sync.status')).toMatchObject({ state: 'signed-out' });
    });
  });
}
