// SyncClient against a scripted stand-in for the sync server (node:http): sign-in, a pass
// (bootstrap, push, pull, uploads), fetching a blob, devices, sign-out, and the errors.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Library } from '../library/library.js';
import { addPhotos, openTestLibrary } from '../matching/testing/fixtures-library.js';
import { tempDir } from '../testing/temp.js';
import { SyncClient } from './client.js';
import type { RemoteChange } from './replica.js';

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  body: unknown;
}
type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
type Route = (req: Seen, raw: Buffer) => Answer | undefined;

let routes: Route[] = [];
const seen: Seen[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let body: unknown = undefined;
      try {
        body =
          raw.length && req.headers['content-type'] === 'application/json'
            ? JSON.parse(raw.toString())
            : undefined;
      } catch {
        body = undefined;
      }
      const s: Seen = { method: req.method!, url: req.url!, auth: req.headers.authorization, body };
      seen.push(s);
      const a = routes.map((r) => r(s, raw)).find(Boolean) ?? {
        status: 404,
        body: { code: 'NOT_FOUND', message: 'no route' },
      };
      const payload =
        a.body === undefined
          ? ''
          : typeof a.body === 'string' || Buffer.isBuffer(a.body)
            ? a.body
            : JSON.stringify(a.body);
      res.writeHead(a.status, a.headers ?? {});
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const DEVICE = '0b6f0c8e-5d1a-4c7e-9f00-1234567890ab';
const OTHER = '1b6f0c8e-5d1a-4c7e-9f00-1234567890ab';
const HLC = '2026-11-22T08:00:00.000Z-0000-aaaa';

const cleanups: (() => void)[] = [];
let lib: Library;
let libDir: string;
beforeEach(() => {
  routes = [];
  seen.length = 0;
  lib = openTestLibrary(cleanups);
  libDir = lib.dir;
});
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function route(
  method: string,
  prefix: string,
  answer: Answer | ((s: Seen, raw: Buffer) => Answer),
): void {
  routes.push((s, raw) =>
    s.method === method && s.url.startsWith(prefix)
      ? typeof answer === 'function'
        ? answer(s, raw)
        : answer
      : undefined,
  );
}

function signInRoutes(device = DEVICE, user = 'u1'): void {
  route('POST', '/v1/sessions', {
    status: 201,
    body: {
      v: 1,
      user: { id: user, email: 'me@example.com' },
      device: {
        id: device,
        name: 'laptop',
        createdAt: 'x',
        lastSeenAt: null,
        revokedAt: null,
        current: true,
      },
      token: 'tok',
    },
  });
}

function client(onApplied?: (c: RemoteChange[]) => void): SyncClient {
  return new SyncClient(lib.db, libDir, { onApplied });
}

const creds = () => ({
  server: base,
  email: 'me@example.com',
  password: 'long enough',
  deviceName: 'laptop',
});

describe('SyncClient', () => {
  it('is signed out until it signs in; then pending until a pass', async () => {
    const c = client();
    expect(c.status()).toEqual({
      server: null,
      account: null,
      device: null,
      lastSyncAt: null,
      pendingMessages: 0,
      pendingUploads: 0,
      failedUploads: 0,
      state: 'signed-out',
      lastError: null,
    });
    await expect(c.syncNow()).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
    await expect(c.signOut()).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
    route('POST', '/v1/accounts', {
      status: 201,
      body: { v: 1, user: { id: 'u1', email: 'me@example.com' } },
    });
    signInRoutes();
    const account = await c.signUp(creds());
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /v1/accounts',
      'POST /v1/sessions',
    ]);
    expect(seen[0]!.body).toEqual({ v: 1, email: 'me@example.com', password: 'long enough' });
    expect(seen[1]!.body).toEqual({
      v: 1,
      email: 'me@example.com',
      password: 'long enough',
      deviceName: 'laptop',
    });
    expect(account).toMatchObject({
      server: base,
      userId: 'u1',
      deviceId: DEVICE,
      token: 'tok',
      cursor: null,
    });
    expect(c.account()).toMatchObject({ deviceId: DEVICE });
    expect(c.status()).toMatchObject({
      server: base,
      account: 'me@example.com',
      device: { id: DEVICE, name: 'laptop' },
      state: 'pending',
      lastError: null,
    });
    expect(c.defaultDeviceName()).toMatch(/ \(.+\)$/);
  });

  it('a pass bootstraps from the server state, pushes the outbox and pulls the rest', async () => {
    const [photo] = addPhotos(lib, [{ utc: '2024-10-26T20:00:00Z', zone: 'UTC' }]) as [string];
    const applied: RemoteChange[][] = [];
    const c = client((ch) => applied.push(ch));
    signInRoutes();
    await c.signIn(creds());
    lib.transaction(() =>
      c.outbox.record([{ table: 'photos', row: photo, column: 'caption', value: 'encore' }]),
    );
    let page = 0;
    route('GET', '/v1/state', () =>
      page++ === 0
        ? {
            status: 200,
            body: {
              v: 1,
              rows: [
                {
                  table: 'photos',
                  row: photo,
                  column: 'starred',
                  value: true,
                  hlc: HLC,
                  device: OTHER,
                },
              ],
              cursor: 'c/1',
              hasMore: true,
              seq: 7,
            },
          }
        : { status: 200, body: { v: 1, rows: [], cursor: null, hasMore: false, seq: 9 } },
    );
    route('POST', '/v1/sync', (s) => ({
      status: 200,
      body: {
        v: 1,
        messages: [],
        cursor: (s.body as { since: number }).since + 1,
        hasMore: false,
        head: 10,
      },
    }));
    const summary = await c.syncNow();
    expect(summary).toEqual({
      bootstrapped: true,
      pushed: 1,
      pulled: 1,
      applied: 1,
      uploaded: 0,
      uploadFailures: 0,
    });
    const urls = seen.slice(1).map((s) => `${s.method} ${s.url}`);
    expect(urls).toEqual([
      'GET /v1/state?v=1&limit=1000',
      'GET /v1/state?v=1&limit=1000&cursor=c%2F1',
      'POST /v1/sync',
    ]);
    expect(seen[3]!.auth).toBe('Bearer tok');
    expect(seen[3]!.body).toMatchObject({
      v: 1,
      since: 9,
      limit: 1000,
      messages: [
        { table: 'photos', row: photo, column: 'caption', value: 'encore', device: DEVICE },
      ],
    });
    expect(applied).toHaveLength(1);
    expect(c.account()).toMatchObject({ cursor: 10 });
    expect(c.status()).toMatchObject({ pendingMessages: 0, lastError: null });
    expect(c.status().lastSyncAt).not.toBeNull();
  });

  it('starts over from the state when the server asks for a resync', async () => {
    const c = client();
    signInRoutes();
    await c.signIn(creds());
    lib.db.prepare(`UPDATE sync_account SET cursor = 5`).run();
    let calls = 0;
    route('POST', '/v1/sync', () =>
      calls++ === 0
        ? { status: 409, body: { code: 'RESYNC_REQUIRED', message: 'log compacted' } }
        : { status: 200, body: { v: 1, messages: [], cursor: 3, hasMore: false, head: 3 } },
    );
    route('GET', '/v1/state', {
      status: 200,
      body: { v: 1, rows: [], cursor: null, hasMore: false, seq: 3 },
    });
    const summary = await c.syncNow();
    expect(summary.bootstrapped).toBe(true);
    expect(seen.slice(1).map((s) => `${s.method} ${s.url.split('?')[0]}`)).toEqual([
      'POST /v1/sync',
      'GET /v1/state',
      'POST /v1/sync',
    ]);
  });

  it('a failed pass is recorded: offline, reauth, error', async () => {
    const c = client();
    signInRoutes();
    await c.signIn(creds());
    route('GET', '/v1/state', { status: 401, body: { code: 'TOKEN_REVOKED', message: 'revoked' } });
    await expect(c.syncNow()).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    expect(c.status()).toMatchObject({
      state: 'reauth-required',
      lastError: { code: 'TOKEN_REVOKED', message: 'revoked' },
    });
    routes = [];
    route('GET', '/v1/state', { status: 500, body: { code: 'INTERNAL', message: 'boom' } });
    await expect(c.syncNow()).rejects.toMatchObject({ code: 'SERVER_ERROR' });
    expect(c.status()).toMatchObject({
      state: 'error',
      lastError: { code: 'SERVER_ERROR', message: 'boom' },
    });
    routes = [];
    route('GET', '/v1/state', { status: 200, body: '{"v":1' });
    await expect(c.syncNow()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('uploads a starred photo the server lacks, and counts files that are gone', async () => {
    const src = tempDir();
    cleanups.push(src.cleanup);
    const bytes = Buffer.from('photo bytes');
    const id = createHash('sha256').update(bytes).digest('hex');
    fs.writeFileSync(path.join(src.dir, 'a.jpg'), bytes);
    lib.db
      .prepare(
        `INSERT INTO photos (id, size, format, kind, sort_ms, starred, created_at, updated_at) VALUES (?, 11, 'jpeg', 'image', 0, 0, 'x', 'x')`,
      )
      .run(id);
    lib.db.prepare(`UPDATE photos SET starred = 1 WHERE id = ?`).run(id);
    lib.db
      .prepare(`INSERT INTO sources (id, kind, path, added_at) VALUES (1, 'local', ?, 'x')`)
      .run(src.dir);
    lib.db
      .prepare(
        `INSERT INTO locations (source_id, rel_path, size, mtime_ms, photo_id, state) VALUES (1, 'a.jpg', 11, 1, ?, 'ok')`,
      )
      .run(id);
    lib.db
      .prepare(
        `INSERT INTO thumbnails (photo_id, size, file, width, height, bytes, mime) VALUES (?, 'grid', 'gone.webp', 1, 1, 1, 'image/webp')`,
      )
      .run(id);
    const c = client();
    signInRoutes();
    await c.signIn(creds());
    expect(c.status().pendingUploads).toBe(2);
    route('GET', '/v1/state', {
      status: 200,
      body: { v: 1, rows: [], cursor: null, hasMore: false, seq: 0 },
    });
    route('POST', '/v1/sync', {
      status: 200,
      body: { v: 1, messages: [], cursor: 0, hasMore: false, head: 0 },
    });
    route('HEAD', '/v1/blobs/', { status: 404 });
    const puts: Buffer[] = [];
    route('PUT', '/v1/blobs/', (_s, raw) => {
      puts.push(raw);
      return { status: 201, body: {} };
    });
    const summary = await c.syncNow();
    expect(summary).toMatchObject({ uploaded: 1, uploadFailures: 1 });
    expect(puts.map((p) => p.toString())).toEqual(['photo bytes']);
    expect(c.uploads.failures()).toEqual([
      expect.objectContaining({ photoId: id, variant: 'thumb', code: 'FILE_MISSING', attempts: 1 }),
    ]);
    expect(c.status()).toMatchObject({ pendingUploads: 0, failedUploads: 1, state: 'up-to-date' });
    // Already synced: the next pass has nothing to send.
    const again = await c.syncNow();
    expect(again).toMatchObject({ bootstrapped: false, uploaded: 0, uploadFailures: 0 });

    // fetch: the local copy first.
    expect(await c.fetch(id)).toBe(path.join(src.dir, 'a.jpg'));
  });

  it('fetches a blob it lacks into remote/, once, named by its type', async () => {
    const c = client();
    signInRoutes();
    await c.signIn(creds());
    const bytes = Buffer.from('remote bytes');
    const id = createHash('sha256').update(bytes).digest('hex');
    route('GET', `/v1/blobs/${id}/original`, {
      status: 200,
      body: bytes,
      headers: { 'content-type': 'image/jpeg', 'x-content-sha256': id },
    });
    const file = await c.fetch(id);
    expect(file).toBe(path.join(libDir, 'remote', id.slice(0, 2), `${id}.original.jpg`));
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    const before = seen.length;
    expect(await c.fetch(id)).toBe(file);
    expect(seen.length).toBe(before);
    await expect(c.fetch(id, 'thumb')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `the server has no thumb of photo ${id} (only starred photos are uploaded, by a device that has the file)`,
    });
  });

  it('lists and revokes devices, refusing this one and ambiguous prefixes', async () => {
    const c = client();
    signInRoutes();
    await c.signIn(creds());
    const dev = (id: string, name: string, current = false, revokedAt: string | null = null) => ({
      id,
      name,
      createdAt: 'x',
      lastSeenAt: null,
      revokedAt,
      current,
    });
    const devices = [
      dev(DEVICE, 'laptop', true),
      dev('abcd1111-0000-4000-8000-000000000000', 'phone'),
      dev('abcd2222-0000-4000-8000-000000000000', 'tablet'),
      dev('ffff0000-0000-4000-8000-000000000000', 'phone', false, 'yesterday'),
    ];
    route('GET', '/v1/devices', { status: 200, body: { v: 1, devices } });
    route('DELETE', '/v1/devices/', { status: 204 });
    expect(await c.devices()).toEqual(devices);
    expect(await c.revokeDevice('phone')).toMatchObject({ id: devices[1]!.id });
    expect(await c.revokeDevice('ABCD2')).toMatchObject({ id: devices[2]!.id });
    await expect(c.revokeDevice('abcd')).rejects.toThrow(
      'abcd matches 2 devices; give more of the id',
    );
    await expect(c.revokeDevice('abc')).rejects.toThrow('no device abc on this account');
    await expect(c.revokeDevice('laptop')).rejects.toThrow('that is this device');
    expect(seen.filter((s) => s.method === 'DELETE').map((s) => s.url)).toEqual([
      `/v1/devices/${devices[1]!.id}`,
      `/v1/devices/${devices[2]!.id}`,
    ]);
    route('GET', '/v1/blobs', {
      status: 200,
      body: { v: 1, usedBytes: 1, quotaBytes: 2, count: 1 },
    });
    expect(await c.usage()).toEqual({ v: 1, usedBytes: 1, quotaBytes: 2, count: 1 });
  });

  it('signs out, revoking this device when the server is reachable', async () => {
    const c = client();
    signInRoutes();
    await c.signIn(creds());
    route('DELETE', `/v1/devices/${DEVICE}`, { status: 204 });
    expect(await c.signOut()).toEqual({ revoked: true, warning: null });
    expect(c.account()).toBeNull();

    await c.signIn(creds());
    routes = [];
    route('DELETE', `/v1/devices/${DEVICE}`, {
      status: 401,
      body: { code: 'TOKEN_REVOKED', message: 'x' },
    });
    expect(await c.signOut()).toEqual({ revoked: true, warning: null });

    signInRoutes();
    await c.signIn(creds());
    routes = [];
    route('DELETE', `/v1/devices/${DEVICE}`, {
      status: 500,
      body: { code: 'INTERNAL', message: 'down' },
    });
    const out = await c.signOut();
    expect(out.revoked).toBe(false);
    expect(out.warning).toBe(
      `could not revoke this device on ${base} (down); it stays listed on the account until it is revoked from another device`,
    );
  });
});
