import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHeadless } from '../headless/headless-server.js';
import type { HeadlessServer } from '../headless/headless-server.js';
import { FakeEngine } from '../testing/fake-engine.js';
import { createWsEngineClient } from './ws-engine-client.js';
import type { SocketLike, WsEngineClient } from './ws-engine-client.js';

const connect = (url: string) => new WebSocket(url) as unknown as SocketLike;

describe('WebSocket EngineClient against the headless bridge', () => {
  let dir: string;
  let engine: FakeEngine;
  let server: HeadlessServer;
  let client: WsEngineClient;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'encore-wsclient-'));
    engine = new FakeEngine({ photos: 3 });
    server = await startHeadless({ engine, rendererDir: dir });
    const url = `${server.origin.replace('http', 'ws')}/ws?token=${server.token}`;
    client = createWsEngineClient({ url, connect, backoffMs: 20 });
  });

  afterEach(async () => {
    client.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('queues calls made before the socket opens and resolves them', async () => {
    const [status, page] = await Promise.all([
      client.call('library.status'),
      client.call('library.page', { limit: 10 }),
    ]);
    expect(status.photos).toBe(3);
    expect(page.items.map((p) => p.id)).toHaveLength(3);
  });

  it('rejects with the engine error code', async () => {
    await expect(client.call('sources.remove', { id: 99 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'no source 99',
      field: 'id',
    });
  });

  it('delivers events to listeners until they unsubscribe', async () => {
    await client.call('library.status'); // connected
    const seen: string[][] = [];
    const off = client.on('library.changed', (p) => seen.push(p.photoIds));
    const next = new Promise<void>((resolve) => client.on('library.changed', () => resolve()));
    engine.emit('library.changed', { photoIds: ['a'] });
    await next;
    off();
    const again = new Promise<void>((resolve) => client.on('library.changed', () => resolve()));
    engine.emit('library.changed', { photoIds: ['b'] });
    await again;
    expect(seen).toEqual([['a']]);
  });

  it('fails calls in flight with ENGINE_GONE when the bridge goes away', async () => {
    await client.call('library.status');
    let release!: () => void;
    engine.call = (() => new Promise<never>(() => (release = () => {}))) as FakeEngine['call'];
    const pending = client.call('library.status');
    await new Promise((r) => setTimeout(r, 20));
    await server.close();
    await expect(pending).rejects.toMatchObject({ code: 'ENGINE_GONE' });
    release?.();
  });
});
