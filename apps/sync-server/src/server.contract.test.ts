// The server's contract, run against embedded PGlite and a real PostgreSQL server (started
// here when its binaries are installed; CI installs them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { DevicesResponse, LoggedMessage, StateResponse } from '@encore/core/protocol';
import type { Database } from './db/database.js';
import { MIGRATIONS, migrate } from './db/migrations/index.js';
import { openPgDatabase } from './db/pg.database.js';
import { openPgliteDatabase } from './db/pglite.database.js';
import { findPostgresBin, startPostgresCluster } from './testing/postgres-cluster.js';
import type { PgCluster } from './testing/postgres-cluster.js';
import {
  PASSWORD,
  auth,
  change,
  newUser,
  photo,
  push,
  signIn,
  signUp,
  startTestServer,
  uniqueEmail,
} from './testing/test-server.js';
import type { Session, TestServer } from './testing/test-server.js';
import { Replica, seeded, serverSnapshot } from './testing/replica.js';
import { connect } from './testing/ws-client.js';

const pgBin = findPostgresBin();
if (!pgBin) {
  console.warn(
    'PostgreSQL binaries not found (/usr/lib/postgresql/*/bin/initdb): the PostgreSQL variant of the sync server contract is SKIPPED. Install postgresql to run it.',
  );
}

const DAY = 86_400_000;

describe.each([{ kind: 'pglite' as const }, { kind: 'postgres' as const }])(
  'sync server contract on $kind',
  ({ kind }) => {
    const skip = kind === 'postgres' && !pgBin;
    let cluster: PgCluster | null = null;
    let url = '';
    let db: Database;
    let server: TestServer;
    let app: FastifyInstance;

    async function openDb(): Promise<Database> {
      return kind === 'postgres'
        ? openPgDatabase({ connectionString: url, poolMax: 10 })
        : openPgliteDatabase(null);
    }

    beforeAll(async () => {
      if (skip) return;
      if (kind === 'postgres') {
        cluster = await startPostgresCluster();
        url = await cluster!.createDatabase();
      }
      db = await openDb();
      server = await startTestServer(db);
      app = server.app;
    });

    afterAll(async () => {
      await app?.close();
      await db?.close();
      await cluster?.stop();
    });

    describe.skipIf(skip)('contract', () => {
      it('applies migrations once, also when two servers start together', async () => {
        if (kind === 'postgres') {
          const fresh = await cluster!.createDatabase();
          const a = await openPgDatabase({ connectionString: fresh, poolMax: 2 });
          const b = await openPgDatabase({ connectionString: fresh, poolMax: 2 });
          try {
            const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
            expect([...ra, ...rb]).toEqual(MIGRATIONS.map((m) => m.id));
          } finally {
            await a.close();
            await b.close();
          }
        }
        expect(await migrate(db)).toEqual([]);
        const ready = await app.inject({ method: 'GET', url: '/ready' });
        expect(ready.json()).toEqual({ status: 'ready', database: kind });
      });

      describe('accounts', () => {
        it('signs up with a valid email and password, once per email', async () => {
          const email = uniqueEmail();
          const ok = await app.inject({
            method: 'POST',
            url: '/v1/accounts',
            payload: { v: 1, email, password: PASSWORD },
          });
          expect(ok.statusCode).toBe(201);
          expect(ok.json()).toMatchObject({ v: 1, user: { email } });

          const again = await app.inject({
            method: 'POST',
            url: '/v1/accounts',
            payload: { v: 1, email: email.toUpperCase(), password: PASSWORD },
          });
          expect(again.statusCode).toBe(409);
          expect(again.json()).toMatchObject({ code: 'EMAIL_TAKEN' });

          const bad = await app.inject({
            method: 'POST',
            url: '/v1/accounts',
            payload: { v: 1, email: 'not-an-email', password: 'short' },
          });
          expect(bad.statusCode).toBe(400);
          expect(bad.json()).toEqual({
            code: 'BAD_REQUEST',
            message: 'email: must be an email address; password: must be at least 10 characters',
          });
        });

        it('signs in with the right password only, the same answer for an unknown email', async () => {
          const email = await signUp(app);
          const wrong = await app.inject({
            method: 'POST',
            url: '/v1/sessions',
            payload: { v: 1, email, password: 'wrong password!', deviceName: 'phone' },
          });
          const unknown = await app.inject({
            method: 'POST',
            url: '/v1/sessions',
            payload: { v: 1, email: uniqueEmail(), password: PASSWORD, deviceName: 'phone' },
          });
          expect(wrong.statusCode).toBe(401);
          expect(unknown.statusCode).toBe(401);
          expect(wrong.json()).toEqual(unknown.json());
          expect(wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });

          const s = await signIn(app, email.toUpperCase(), 'phone');
          expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
          const rows = await db.query<{ token_hash: string }>(
            'SELECT token_hash FROM devices WHERE id = $1',
            [s.deviceId],
          );
          expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
          expect(rows[0]?.token_hash).not.toContain(s.token);
        });

        it('locks sign-in for an account and address after 5 failures, longer each time', async () => {
          const email = await signUp(app);
          const attempt = (password: string, remoteAddress = '10.1.1.1') =>
            app.inject({
              method: 'POST',
              url: '/v1/sessions',
              remoteAddress,
              payload: { v: 1, email, password, deviceName: 'phone' },
            });
          for (let i = 0; i < 4; i++)
            expect((await attempt('wrong password!')).statusCode).toBe(401);
          const fifth = await attempt('wrong password!');
          expect(fifth.statusCode).toBe(429);
          expect(fifth.json()).toMatchObject({ code: 'RATE_LIMITED' });
          expect(fifth.headers['retry-after']).toBe('30');

          // Locked: even the right password waits.
          const locked = await attempt(PASSWORD);
          expect(locked.statusCode).toBe(429);
          // Another address is not locked out by this one.
          expect((await attempt(PASSWORD, '10.2.2.2')).statusCode).toBe(201);

          server.clock.advance(31_000);
          const sixth = await attempt('wrong password!');
          expect(sixth.statusCode).toBe(429);
          expect(sixth.headers['retry-after']).toBe('60');

          server.clock.advance(61_000);
          expect((await attempt(PASSWORD)).statusCode).toBe(201);
          // Success forgets the failures.
          expect((await attempt('wrong password!')).statusCode).toBe(401);
        });
      });

      describe('devices and tokens', () => {
        it('lists the caller devices and revokes one', async () => {
          const [laptop, phone] = (await newUser(app, 2)) as [Session, Session];
          const list = await app.inject({
            method: 'GET',
            url: '/v1/devices',
            headers: auth(laptop),
          });
          expect(list.statusCode).toBe(200);
          const devices = list.json<DevicesResponse>().devices;
          expect(devices.map((d) => [d.name, d.current])).toEqual([
            ['device 1', true],
            ['device 2', false],
          ]);

          const del = await app.inject({
            method: 'DELETE',
            url: `/v1/devices/${phone.deviceId}`,
            headers: auth(laptop),
          });
          expect(del.statusCode).toBe(204);
          const revoked = await app.inject({
            method: 'GET',
            url: '/v1/devices',
            headers: auth(phone),
          });
          expect(revoked.statusCode).toBe(401);
          expect(revoked.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
          const after = await app.inject({
            method: 'GET',
            url: '/v1/devices',
            headers: auth(laptop),
          });
          expect(after.json<DevicesResponse>().devices[1]?.revokedAt).not.toBeNull();

          for (const id of ['00000000-0000-4000-8000-000000000000', 'laptop']) {
            const missing = await app.inject({
              method: 'DELETE',
              url: `/v1/devices/${id}`,
              headers: auth(laptop),
            });
            expect(missing.statusCode).toBe(404);
            expect(missing.json()).toMatchObject({ code: 'NOT_FOUND' });
          }
        });

        it('refuses missing, unknown and malformed tokens', async () => {
          const none = await app.inject({ method: 'GET', url: '/v1/devices' });
          expect(none.statusCode).toBe(401);
          expect(none.json()).toMatchObject({ code: 'UNAUTHORIZED' });
          const unknown = await app.inject({
            method: 'GET',
            url: '/v1/devices',
            headers: { authorization: `Bearer ${'A'.repeat(43)}` },
          });
          expect(unknown.json()).toMatchObject({ code: 'INVALID_TOKEN' });
          const garbage = await app.inject({
            method: 'GET',
            url: '/v1/devices',
            headers: { authorization: 'Basic xyz' },
          });
          expect(garbage.statusCode).toBe(401);
        });
      });

      describe('isolation', () => {
        it("keeps user B out of user A's messages, state and devices", async () => {
          const [a1, a2] = (await newUser(app, 2)) as [Session, Session];
          const [b] = (await newUser(app, 1)) as [Session];
          expect(
            (await push(app, a1, [change(a1, { column: 'caption', value: 'A only' })])).status,
          ).toBe(200);

          const bPull = await push(app, b, []);
          expect(bPull.status).toBe(200);
          expect(bPull.body.messages).toEqual([]);
          expect(bPull.body.head).toBe(0);

          const bState = await app.inject({ method: 'GET', url: '/v1/state', headers: auth(b) });
          expect(bState.json<StateResponse>().rows).toEqual([]);

          const bDevices = await app.inject({
            method: 'GET',
            url: '/v1/devices',
            headers: auth(b),
          });
          expect(bDevices.json<DevicesResponse>().devices.map((d) => d.id)).toEqual([b.deviceId]);

          const bRevokesA = await app.inject({
            method: 'DELETE',
            url: `/v1/devices/${a2.deviceId}`,
            headers: auth(b),
          });
          expect(bRevokesA.statusCode).toBe(404);
          expect(
            (await app.inject({ method: 'GET', url: '/v1/devices', headers: auth(a2) })).statusCode,
          ).toBe(200);

          // B cannot write as A's device.
          const forged = await push(app, b, [
            { ...change(a1, { value: false }), device: a1.deviceId },
          ]);
          expect(forged.status).toBe(403);
          expect(forged.body).toMatchObject({ code: 'FORBIDDEN' });
          const aPull = await push(app, a2, []);
          expect(aPull.body.messages.map((m) => m.value)).toEqual(['A only']);
        });
      });

      describe('sync', () => {
        it('appends a batch once, however often it is sent', async () => {
          const [d1, d2] = (await newUser(app, 2)) as [Session, Session];
          const t = Date.now();
          const batch = [
            change(d1, { row: photo(1), wall: t }),
            change(d1, { row: photo(2), wall: t, counter: 1 }),
            change(d1, { row: photo(2), wall: t, counter: 1 }), // a repeat inside the batch
          ];
          const first = await push(app, d1, batch);
          expect(first.status).toBe(200);
          expect(first.body.head).toBe(2);
          const again = await push(app, d1, batch, first.body.cursor);
          expect(again.body.head).toBe(2);
          expect(again.body.messages).toEqual([]);

          const pulled = await push(app, d2, []);
          expect(pulled.body.messages.map((m) => [m.seq, m.row])).toEqual([
            [1, photo(1)],
            [2, photo(2)],
          ]);
          expect(pulled.body.messages[0]).toMatchObject({
            device: d1.deviceId,
            table: 'photos',
            value: true,
          });
          // The pusher does not get its own messages back, and its cursor moves past them.
          expect(first.body.messages).toEqual([]);
          expect(first.body.cursor).toBe(2);
        });

        it('returns what others pushed meanwhile, whether or not a push follows the cursor', async () => {
          const [d1, d2] = (await newUser(app, 2)) as [Session, Session];
          const t = Date.now();
          // d1 is up to date: its batch lands right after its cursor, nothing to pull.
          const a = await push(app, d1, [change(d1, { row: photo(1), wall: t })]);
          expect(a.body).toMatchObject({ messages: [], cursor: 1, head: 1, hasMore: false });
          // d2 pushes from 0: it gets d1's message, and its own moves its cursor on.
          const b = await push(app, d2, [change(d2, { row: photo(2), wall: t })]);
          expect(b.body.messages.map((m) => m.seq)).toEqual([1]);
          expect(b.body).toMatchObject({ cursor: 2, head: 2 });
          // d1 pushes from 1: seq 2 is d2's, so it comes back with the answer.
          const c = await push(app, d1, [change(d1, { row: photo(3), wall: t + 1 })], 1);
          expect(c.body.messages.map((m) => [m.seq, m.device])).toEqual([[2, d2.deviceId]]);
          expect(c.body).toMatchObject({ cursor: 3, head: 3 });
        });

        it('pages through the log with limit, hasMore and cursor', async () => {
          const [d1, d2] = (await newUser(app, 2)) as [Session, Session];
          const t = Date.now();
          const msgs = Array.from({ length: 25 }, (_, i) =>
            change(d1, { row: photo(i + 1), wall: t, counter: i }),
          );
          await push(app, d1, msgs);
          const seen: LoggedMessage[] = [];
          let cursor = 0;
          let pages = 0;
          for (;;) {
            const page = await push(app, d2, [], cursor, 10);
            expect(page.status).toBe(200);
            seen.push(...page.body.messages);
            cursor = page.body.cursor;
            pages++;
            if (!page.body.hasMore) break;
          }
          expect(pages).toBe(3);
          expect(seen.map((m) => m.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
          expect(cursor).toBe(25);
        });

        it('converges on the last writer per field, whichever order the edits arrive in', async () => {
          const [d1, d2, viewer] = (await newUser(app, 3)) as [Session, Session, Session];
          const t = Date.now();
          // Row 1: the older edit arrives first; row 2: the newer edit arrives first.
          await push(app, d1, [
            change(d1, { row: photo(1), column: 'caption', value: 'old', wall: t }),
          ]);
          await push(app, d2, [
            change(d2, { row: photo(1), column: 'caption', value: 'new', wall: t + 5 }),
          ]);
          await push(app, d2, [
            change(d2, { row: photo(2), column: 'caption', value: 'new', wall: t + 5, counter: 1 }),
          ]);
          await push(app, d1, [
            change(d1, { row: photo(2), column: 'caption', value: 'old', wall: t, counter: 1 }),
          ]);
          // Same instant and counter: the device id breaks the tie, the same way everywhere.
          await push(app, d1, [
            change(d1, { row: photo(3), column: 'rating', value: 1, wall: t, counter: 2 }),
          ]);
          await push(app, d2, [
            change(d2, { row: photo(3), column: 'rating', value: 2, wall: t, counter: 2 }),
          ]);

          const state = await app.inject({
            method: 'GET',
            url: '/v1/state',
            headers: auth(viewer),
          });
          const rows = state.json<StateResponse>().rows;
          const value = (row: string, column: string) =>
            rows.find((r) => r.row === row && r.column === column)?.value;
          expect(value(photo(1), 'caption')).toBe('new');
          expect(value(photo(2), 'caption')).toBe('new');
          const tieWinner = d1.node > d2.node ? 1 : 2;
          expect(value(photo(3), 'rating')).toBe(tieWinner);
          expect(state.json<StateResponse>().seq).toBe(6);
        });

        it('numbers 20 concurrent pushes without gaps or repeats', async () => {
          const devices = await newUser(app, 4);
          const t = Date.now();
          const results = await Promise.all(
            Array.from({ length: 20 }, (_, i) => {
              const d = devices[i % 4] as Session;
              return push(
                app,
                d,
                [0, 1, 2].map((k) =>
                  change(d, { row: photo(i * 3 + k + 1), wall: t + i, counter: k }),
                ),
              );
            }),
          );
          for (const r of results) expect(r.status).toBe(200);
          const observer = await signIn(app, (devices[0] as Session).email, 'observer');
          const all: LoggedMessage[] = [];
          let cursor = 0;
          for (;;) {
            const page = await push(app, observer, [], cursor, 1000);
            all.push(...page.body.messages);
            cursor = page.body.cursor;
            if (!page.body.hasMore) break;
          }
          expect(all.map((m) => m.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
          expect(new Set(all.map((m) => m.row)).size).toBe(60);
        });

        it('bootstraps from the state in pages, then syncs on from its seq', async () => {
          const [d1] = (await newUser(app, 1)) as [Session];
          const t = Date.now();
          await push(
            app,
            d1,
            Array.from({ length: 7 }, (_, i) =>
              change(d1, { row: photo(i + 1), wall: t, counter: i }),
            ),
          );
          const fresh = await signIn(app, d1.email, 'new laptop');
          const first = await app.inject({
            method: 'GET',
            url: '/v1/state?limit=3',
            headers: auth(fresh),
          });
          const p1 = first.json<StateResponse>();
          expect(p1.rows).toHaveLength(3);
          expect(p1.hasMore).toBe(true);
          expect(p1.seq).toBe(7);
          // A write between pages comes later through the log.
          await push(app, d1, [change(d1, { row: photo(99), wall: t + 1 })], 7);
          const rows = [...p1.rows];
          let cursor = p1.cursor;
          while (cursor) {
            const res = await app.inject({
              method: 'GET',
              url: `/v1/state?limit=3&cursor=${encodeURIComponent(cursor)}`,
              headers: auth(fresh),
            });
            const page = res.json<StateResponse>();
            expect(page.seq).toBe(7);
            rows.push(...page.rows);
            cursor = page.cursor;
          }
          expect(rows.length).toBeGreaterThanOrEqual(7);
          const next = await push(app, fresh, [], p1.seq);
          expect(next.body.messages.map((m) => m.row)).toEqual([photo(99)]);

          const bad = await app.inject({
            method: 'GET',
            url: '/v1/state?cursor=nonsense',
            headers: auth(fresh),
          });
          expect(bad.statusCode).toBe(400);
          expect(bad.json()).toMatchObject({
            code: 'BAD_REQUEST',
            message: expect.stringMatching(/^cursor:/),
          });
        });

        it('compacts superseded messages and sends stale cursors to bootstrap', async () => {
          const [d1, d2] = (await newUser(app, 2)) as [Session, Session];
          const t = Date.now();
          await push(app, d1, [
            change(d1, { row: photo(1), value: true, wall: t }),
            change(d1, { row: photo(1), value: false, wall: t + 1 }),
            change(d1, { row: photo(2), column: 'caption', value: 'kept', wall: t + 2 }),
          ]);
          // d2 is up to date at 3; a third device is still at 0.
          const d2Sync = await push(app, d2, []);
          expect(d2Sync.body.cursor).toBe(3);

          // Nothing is old enough yet.
          expect((await app.encore.compact()).deleted).toBe(0);
          server.clock.advance(31 * DAY);
          const result = await app.encore.compact();
          expect(result.deleted).toBeGreaterThanOrEqual(1);
          const left = await db.query<{ seq: unknown }>(
            'SELECT seq FROM sync_messages WHERE user_id = $1 ORDER BY seq',
            [d1.userId],
          );
          expect(left.map((r) => Number(r.seq))).toEqual([2, 3]);

          const late = await signIn(app, d1.email, 'late device');
          const stale = await push(app, late, [change(late, { row: photo(5) })], 0);
          expect(stale.status).toBe(409);
          expect(stale.body).toMatchObject({ code: 'RESYNC_REQUIRED' });
          // Nothing from the refused request was appended.
          expect((await push(app, d2, [], 3)).body.head).toBe(3);

          const state = (
            await app.inject({ method: 'GET', url: '/v1/state', headers: auth(late) })
          ).json<StateResponse>();
          expect(state.rows.map((r) => [r.row, r.column, r.value])).toEqual([
            [photo(1), 'starred', false],
            [photo(2), 'caption', 'kept'],
          ]);
          const resumed = await push(app, late, [change(late, { row: photo(5) })], state.seq);
          expect(resumed.status).toBe(200);
          expect(resumed.body.head).toBe(4);
          // A cursor at or past the horizon keeps working.
          expect((await push(app, d2, [], 3)).body.messages.map((m) => m.seq)).toEqual([4]);
        });

        it('refuses a cursor ahead of the log and clocks far in the future', async () => {
          const [d1] = (await newUser(app, 1)) as [Session];
          const ahead = await push(app, d1, [], 50);
          expect(ahead.status).toBe(409);
          expect(ahead.body).toMatchObject({ code: 'RESYNC_REQUIRED' });
          const future = await push(app, d1, [
            change(d1, { wall: server.clock.now().getTime() + DAY }),
          ]);
          expect(future.status).toBe(400);
          expect(future.body).toMatchObject({
            code: 'CLOCK_SKEW',
            message: expect.stringMatching(/^messages\.0\.hlc/),
          });
        });
      });

      describe('replicas', () => {
        // Seeded random edits from three devices with skewed clocks, resends of old batches
        // and small pages; every device and the server's state must end up equal. Keep a
        // failing seed here as a named regression case.
        it.each([1, 7, 42])('converge for seed %i', async (seed) => {
          const rand = seeded(seed);
          const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
          const sessions = await newUser(app, 3);
          const base = server.clock.now().getTime();
          let elapsed = 0;
          const skews = [0, -1500, 2500];
          const replicas = sessions.map(
            (s, i) => new Replica(s, () => base + elapsed + (skews[i] ?? 0)),
          );
          for (let step = 0; step < 120; step++) {
            elapsed += Math.floor(rand() * 3); // often the same millisecond: counters matter
            const r = pick(replicas);
            if (rand() < 0.7) {
              const row = photo(1 + Math.floor(rand() * 4));
              const column = pick(['starred', 'rating', 'caption'] as const);
              const value =
                column === 'starred'
                  ? rand() < 0.5
                  : column === 'rating'
                    ? Math.floor(rand() * 6)
                    : `c${step}`;
              r.edit('photos', row, column, value);
            } else {
              const resend = r.sent.length && rand() < 0.3 ? r.sent.slice(-3) : [];
              await r.sync(app, resend);
            }
          }
          // Two rounds: everyone pushes, then everyone hears everyone.
          for (let round = 0; round < 2; round++) for (const r of replicas) await r.sync(app);
          const expected = await serverSnapshot(app, sessions[0] as Session);
          expect(Object.keys(expected).length).toBeGreaterThan(3);
          for (const r of replicas) expect(r.snapshot()).toEqual(expected);
          // A fresh device bootstraps to the same state.
          const fresh = await signIn(app, (sessions[0] as Session).email, 'fresh');
          expect(await serverSnapshot(app, fresh)).toEqual(expected);
        });
      });

      describe('events WebSocket', () => {
        let base = '';
        beforeAll(async () => {
          const address = await app.listen({ host: '127.0.0.1', port: 0 });
          base = address.replace(/^http/, 'ws');
        });

        it('pokes the other devices when the log grows, and closes on revoke', async () => {
          const [d1, d2] = (await newUser(app, 2)) as [Session, Session];
          const [stranger] = (await newUser(app, 1)) as [Session];
          const s2 = await connect(`${base}/v1/events?token=${d2.token}`);
          const other = await connect(`${base}/v1/events`, auth(stranger));
          expect(await s2.next()).toEqual({ type: 'poke', seq: 0 });
          expect(await other.next()).toEqual({ type: 'poke', seq: 0 });

          await push(app, d1, [change(d1)]);
          expect(await s2.next()).toEqual({ type: 'poke', seq: 1 });

          const revoke = await app.inject({
            method: 'DELETE',
            url: `/v1/devices/${d2.deviceId}`,
            headers: auth(d1),
          });
          expect(revoke.statusCode).toBe(204);
          expect(await s2.closed).toEqual({ code: 4001, reason: 'TOKEN_REVOKED' });
          // The other user heard nothing of it.
          await expect(other.next(() => true, 300)).rejects.toThrow(/no matching/);
          other.close();

          await expect(connect(`${base}/v1/events?token=${d2.token}`)).rejects.toMatchObject({
            status: 401,
          });
          await expect(connect(`${base}/v1/events`)).rejects.toMatchObject({ status: 401 });
        });

        it.skipIf(kind !== 'postgres')(
          'pokes a socket on another instance through LISTEN/NOTIFY',
          async () => {
            const dbB = await openPgDatabase({ connectionString: url, poolMax: 4 });
            const b = await startTestServer(dbB);
            try {
              const addressB = (await b.app.listen({ host: '127.0.0.1', port: 0 })).replace(
                /^http/,
                'ws',
              );
              const [d1, d2] = (await newUser(app, 2)) as [Session, Session];
              const onB = await connect(`${addressB}/v1/events`, auth(d2));
              expect(await onB.next()).toEqual({ type: 'poke', seq: 0 });
              await push(app, d1, [change(d1)]);
              expect(await onB.next()).toEqual({ type: 'poke', seq: 1 });
              // Revoking through A closes the socket on B.
              await app.inject({
                method: 'DELETE',
                url: `/v1/devices/${d2.deviceId}`,
                headers: auth(d1),
              });
              expect((await onB.closed).code).toBe(4001);
              // B had d2's token cached from the socket's sign-in: the revocation cleared it.
              const onBAfter = await b.app.inject({
                method: 'GET',
                url: '/v1/devices',
                headers: auth(d2),
              });
              expect(onBAfter.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
            } finally {
              await b.app.close();
              await dbB.close();
            }
          },
        );
      });

      it('expires a token unused for longer than TOKEN_IDLE_DAYS', async () => {
        const [d1] = (await newUser(app, 1)) as [Session];
        server.clock.advance(181 * DAY);
        const res = await app.inject({ method: 'GET', url: '/v1/devices', headers: auth(d1) });
        expect(res.statusCode).toBe(401);
        expect(res.json()).toMatchObject({ code: 'TOKEN_EXPIRED' });
      });
    });
  },
);
