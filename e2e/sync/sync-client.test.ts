// The desktop sync client against a real sync server process: two libraries signed in to
// one account exchange stars, ratings and captions, settle concurrent edits the same way,
// survive the server going away, upload starred photos' bytes and fetch them where the
// file is missing; the background loop delivers a change through a poke.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../packages/core/src/engine/engine.js';
import { closedPort } from '../../packages/core/src/testing/closed-port.js';
import { copyFixtures, tempDir } from '../../packages/core/src/testing/temp.js';
import { startSyncServer, type SyncServerProcess } from '../support/sync-server.js';

const PASSWORD = 'correct horse battery staple';
const cleanups: (() => void | Promise<void>)[] = [];

async function openLibrary(files: string[] = []): Promise<Engine> {
  const lib = tempDir('encore-sync-lib-');
  const photos = tempDir('encore-sync-photos-');
  cleanups.push(lib.cleanup, photos.cleanup);
  const engine = await Engine.open({ libraryDir: lib.dir, workers: 1, homeZone: 'UTC' });
  cleanups.unshift(() => engine.close());
  if (files.length) {
    copyFixtures(photos.dir, files);
    engine.addSource(photos.dir);
    await engine.scan();
  }
  return engine;
}

async function until<T>(what: string, fn: () => T | undefined | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const SHARED = 'jpeg_gps/exiftool__Google.jpg';
const ONLY_A = 'jpeg_gps/ianare__DSCN0010.jpg';

describe('sync client against a real server', () => {
  let server: SyncServerProcess;
  let a: Engine;
  let b: Engine;
  let shared: string;
  let onlyA: string;

  beforeAll(async () => {
    server = await startSyncServer();
    cleanups.push(() => server.dispose());
    a = await openLibrary([SHARED, ONLY_A]);
    b = await openLibrary([SHARED]);
    shared = b.photos()[0]!.id;
    onlyA = a.photos().find((p) => p.id !== shared)!.id;
  });

  afterAll(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('signs up on one library and in on the other; stars made before sign-in arrive', async () => {
    a.setStarred([onlyA], true); // before any account: queued in the outbox
    expect(a.sync.status()).toMatchObject({ state: 'signed-out', pendingMessages: 1 });

    const email = `fan-${Date.now()}@example.com`;
    await a.sync.signUp({ server: server.url, email, password: PASSWORD, deviceName: 'laptop A' });
    const first = await a.syncNow();
    expect(first).toMatchObject({ bootstrapped: true, pushed: 1 });

    await b.sync.signIn({ server: server.url, email, password: PASSWORD, deviceName: 'laptop B' });
    const pulled = await b.syncNow();
    expect(pulled.bootstrapped).toBe(true);
    // B has no file of onlyA: the star is kept and the photo listed as remote.
    expect(b.remoteStarred().map((p) => p.id)).toEqual([onlyA]);
    expect(b.sync.status()).toMatchObject({
      server: server.url,
      account: email,
      device: { name: 'laptop B' },
      pendingMessages: 0,
      state: 'up-to-date',
    });
  });

  it('stars, ratings and captions on a shared photo reach the other library', async () => {
    a.setStarred([shared], true);
    a.setRating([shared], 4);
    a.setCaption(shared, 'opening song');
    await a.syncNow();
    await b.syncNow();
    expect(b.photo(shared)).toMatchObject({ starred: true, rating: 4, caption: 'opening song' });
  });

  it('two libraries editing one field offline settle on the same value', async () => {
    b.setCaption(shared, 'from B');
    await new Promise((r) => setTimeout(r, 5));
    a.setCaption(shared, 'from A, later');
    // B pushes first, A later: A's later edit wins everywhere, whatever the push order.
    await b.syncNow();
    await a.syncNow();
    await b.syncNow();
    expect(a.photo(shared)!.caption).toBe('from A, later');
    expect(b.photo(shared)!.caption).toBe('from A, later');
    const fields = (e: Engine) =>
      e.sync.replica.fields().map(({ table, row, column, value, hlc }) => ({
        table,
        row,
        column,
        value,
        hlc,
      }));
    expect(fields(a)).toEqual(fields(b));
  });

  it('keeps changes through a server outage and sends them when it is back', async () => {
    await server.kill();
    a.setRating([shared], 2);
    await expect(a.syncNow()).rejects.toMatchObject({ code: 'OFFLINE' });
    expect(a.sync.status()).toMatchObject({ state: 'offline', pendingMessages: 1 });
    await server.start();
    await a.syncNow();
    expect(a.sync.status()).toMatchObject({ state: 'up-to-date', pendingMessages: 0 });
    await b.syncNow();
    expect(b.photo(shared)!.rating).toBe(2);
  });

  it("uploads starred photos' original, preview and thumb, and fetches them where missing", async () => {
    const summary = await a.syncNow();
    expect(summary.uploadFailures).toBe(0);
    expect(a.sync.status().pendingUploads).toBe(0);
    const usage = await a.sync.usage();
    // onlyA and shared, three variants each (B may have sent the shared ones first).
    expect(usage.count).toBe(6);

    const file = await b.sync.fetch(onlyA, 'original');
    expect(file.endsWith(`${onlyA}.original.jpg`)).toBe(true);
    // A second fetch uses the copy (no download).
    expect(await b.sync.fetch(onlyA, 'original')).toBe(file);
    const bytes = fs.readFileSync(file);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(onlyA);
    expect(b.remoteStarred()[0]!.fetched.original).toBe(file);
    const thumb = await b.sync.fetch(onlyA, 'thumb');
    expect(fs.statSync(thumb).size).toBeGreaterThan(0);
    // A local copy is used as is, never downloaded.
    expect(await b.sync.fetch(shared, 'original')).toBe(b.photo(shared)!.paths[0]);
  });

  it('the background loop brings a change over within moments through a poke', async () => {
    expect(a.startSync({ debounceMs: 20, pollMs: 600_000 })).toBe(true);
    expect(b.startSync({ debounceMs: 20, pollMs: 600_000 })).toBe(true);
    a.setStarred([shared], false);
    await until('B to see the unstar', () => b.photo(shared)?.starred === false);
    b.setStarred([shared], true);
    await until('A to see the star again', () => a.photo(shared)?.starred === true);
    await a.stopSync();
    await b.stopSync();
  });

  it('recovers from a cursor the server no longer accepts by bootstrapping from its state', async () => {
    // B's own caption reached the server earlier...
    b.setCaption(shared, 'sent before the restore');
    await b.syncNow();
    // ...then the server answers as after a compaction or a restore from an older backup.
    b.sync.accounts.setCursor(b.sync.account()!.deviceId, 1_000_000);
    a.setRating([shared], 3);
    await a.syncNow();
    const summary = await b.syncNow();
    expect(summary.bootstrapped).toBe(true);
    // B sends its own values again (a restored server may lack them; duplicates are skipped).
    expect(summary.pushed).toBeGreaterThan(0);
    await a.syncNow();
    expect(a.photo(shared)!.caption).toBe('sent before the restore');
    expect(b.photo(shared)!.rating).toBe(3);
    expect(b.sync.account()!.cursor).toBeLessThan(1_000_000);
  });

  it('a device revoked from another one is told to sign in again and stops retrying', async () => {
    const c = await openLibrary();
    const account = a.sync.account()!;
    await c.sync.signIn({
      server: server.url,
      email: account.email,
      password: PASSWORD,
      deviceName: 'C',
    });
    await c.syncNow();
    const res = await fetch(`${server.url}/v1/devices/${c.sync.account()!.deviceId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${account.token}` },
    });
    expect(res.status).toBe(204);
    c.setStarred([onlyA], false);
    await expect(c.syncNow()).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    expect(c.sync.status()).toMatchObject({
      state: 'reauth-required',
      pendingMessages: 1,
      lastError: { code: 'TOKEN_REVOKED' },
    });
    // The background loop makes one attempt, hears the same, and stops: however short its
    // backoff and poll, no second attempt follows.
    const passes: (string | null)[] = [];
    expect(
      c.startSync({
        debounceMs: 10,
        pollMs: 20,
        minBackoffMs: 20,
        maxBackoffMs: 40,
        onPass: (r) => passes.push(r.ok ? null : ((r.error as { code?: string }).code ?? '?')),
      }),
    ).toBe(true);
    await until('the loop to make its attempt', () => passes.length > 0);
    await new Promise((r) => setTimeout(r, 500));
    expect(passes).toEqual(['TOKEN_REVOKED']);
    expect(c.sync.status().state).toBe('reauth-required');
    await c.stopSync();
    // Signing in again sends what waited.
    await c.sync.signIn({
      server: server.url,
      email: account.email,
      password: PASSWORD,
      deviceName: 'C again',
    });
    await c.syncNow();
    expect(c.sync.status()).toMatchObject({ state: 'up-to-date', pendingMessages: 0 });
    await a.syncNow();
    expect(a.remoteStarred().map((p) => p.id)).not.toContain(onlyA);
    expect(a.photo(onlyA)!.starred).toBe(false);
  });

  it('signing in to another account during a pass: the pass ends, and the new account gets everything', async () => {
    const e = await openLibrary([SHARED]);
    const id = e.photos()[0]!.id;
    const first = `first-${Date.now()}@example.com`;
    const second = `second-${Date.now()}@example.com`;
    await e.sync.signUp({ server: server.url, email: first, password: PASSWORD });
    e.setStarred([id], true);
    const pass = e.syncNow().catch((err: unknown) => err);
    await e.sync.signUp({ server: server.url, email: second, password: PASSWORD });
    await pass;
    const summary = await e.syncNow();
    expect(summary.bootstrapped).toBe(true);
    expect(e.sync.status()).toMatchObject({ account: second, state: 'up-to-date' });
    // The second account has the star: another library signed in to it receives it.
    const f = await openLibrary();
    await f.sync.signIn({ server: server.url, email: second, password: PASSWORD });
    await f.syncNow();
    expect(f.remoteStarred().map((p) => p.id)).toEqual([id]);
  });

  it('a wrong password or an unreachable server is a clear error and changes nothing', async () => {
    const d = await openLibrary();
    const email = a.sync.account()!.email;
    await expect(
      d.sync.signIn({ server: server.url, email, password: 'not the password' }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const closed = await closedPort();
    await expect(
      d.sync.signIn({ server: `http://127.0.0.1:${closed}`, email, password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'OFFLINE', message: expect.stringMatching(/ECONNREFUSED/) });
    // fetch refuses some ports outright (as browsers do): said as such.
    await expect(
      d.sync.signIn({ server: 'http://127.0.0.1:6000', email, password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'BAD_SERVER_URL', message: expect.stringMatching(/port/) });
    await expect(
      d.sync.signIn({ server: 'not a url', email, password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'BAD_SERVER_URL' });
    expect(d.sync.status().state).toBe('signed-out');
    await expect(d.syncNow()).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
  });

  it('signing out revokes the device: its old token no longer works', async () => {
    const token = b.sync.account()!.token!;
    await b.sync.signOut();
    expect(b.sync.status().state).toBe('signed-out');
    const res = await fetch(`${server.url}/v1/devices`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('TOKEN_REVOKED');
    // Changes made while signed out stay queued.
    b.setRating([shared], 1);
    expect(b.sync.status()).toMatchObject({ state: 'signed-out', pendingMessages: 1 });
  });
});

describe('sync client under the server per-device rate limit', () => {
  let server: SyncServerProcess;

  beforeAll(async () => {
    // 60 requests a minute per device (a burst of 15, then one a second): a first upload
    // of four starred photos (twelve blobs, a HEAD and a PUT each) runs into it.
    server = await startSyncServer({ env: { RATE_LIMIT_DEVICE_PER_MIN: '60' } });
    cleanups.push(() => server.dispose());
  });

  afterAll(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('waits out each 429 and finishes every upload in the same pass', async () => {
    const e = await openLibrary([
      SHARED,
      ONLY_A,
      'jpeg_gps/photoprism__ship.jpg',
      'jpeg_gps/photoprism__elephants.jpg',
    ]);
    const ids = e.photos().map((p) => p.id);
    e.setStarred(ids, true);
    await e.sync.signUp({
      server: server.url,
      email: `limited-${Date.now()}@example.com`,
      password: PASSWORD,
    });
    expect(e.sync.status().pendingUploads).toBe(12);
    const summary = await e.syncNow();
    expect(summary).toMatchObject({ uploaded: 12, uploadFailures: 0 });
    expect(e.sync.status()).toMatchObject({
      state: 'up-to-date',
      pendingUploads: 0,
      lastError: null,
    });
    // (The pass used up this device's requests: let one come back before asking.)
    await new Promise((r) => setTimeout(r, 2000));
    expect((await e.sync.usage()).count).toBe(12);
    // The limit was really hit (else this test proves nothing).
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^encore_rate_limited_total(\{\})? [1-9]/m);
  }, 120_000);
});
