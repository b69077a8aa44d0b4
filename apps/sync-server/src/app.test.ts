// Operations and HTTP edges on the embedded database: probes, metrics, errors for bad
// requests, body and rate limits, secrets kept out of the log, start and shutdown.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_CONFIG } from './config.js';
import type { Database } from './db/database.js';
import { openPgliteDatabase } from './db/pglite.database.js';
import { createServer, envWithArgs } from './main.js';
import {
  PASSWORD,
  auth,
  change,
  newUser,
  push,
  signIn,
  signUp,
  startTestServer,
} from './testing/test-server.js';
import type { Session, TestServer } from './testing/test-server.js';
import { connect } from './testing/ws-client.js';

let db: Database;
let server: TestServer;
let app: FastifyInstance;

beforeAll(async () => {
  db = await openPgliteDatabase(null);
  server = await startTestServer(db);
  app = server.app;
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('probes and metrics', () => {
  it('answers /health, /ready and /metrics', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/ready' })).json()).toEqual({
      status: 'ready',
      database: 'pglite',
    });

    const [d1] = (await newUser(app, 1)) as [Session];
    await push(app, d1, [change(d1)]);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0.0.4/);
    expect(metrics.body).toContain('encore_sync_messages_appended_total 1');
    expect(metrics.body).toContain(
      'encore_http_requests_total{method="POST",route="/v1/sync",status="200"} 1',
    );
    expect(metrics.body).toMatch(
      /encore_http_request_duration_seconds_bucket\{route="\/v1\/sync",le="\+Inf"\} 1/,
    );
    expect(metrics.body).toContain('# TYPE encore_ws_connections gauge');
  });

  it('is not ready when the database is gone', async () => {
    const lost = await openPgliteDatabase(null);
    const s = await startTestServer(lost);
    await lost.close();
    const res = await s.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ code: 'NOT_READY', message: 'database unreachable' });
    await s.app.close();
  });
});

describe('bad requests get {code, message}', () => {
  let d1: Session;
  beforeAll(async () => {
    [d1] = (await newUser(app, 1)) as [Session];
  });

  const sync = (payload: string | object, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/v1/sync',
      headers: { ...auth(d1), 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it('garbage JSON, a huge body, a wrong version', async () => {
    const garbage = await sync('{"v":1,');
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json()).toEqual({ code: 'BAD_REQUEST', message: 'body: not valid JSON' });

    const huge = await sync({ v: 1, since: 0, messages: [], pad: 'x'.repeat(1024 * 1024) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    const v2 = await sync({ v: 2, since: 0, messages: [] });
    expect(v2.statusCode).toBe(400);
    expect(v2.json()).toEqual({
      code: 'UNSUPPORTED_PROTOCOL',
      message: 'protocol version 2 is not supported; this server speaks 1',
    });
    const noV = await sync({ since: 0, messages: [] });
    expect(noV.json()).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^v: required/),
    });

    const stateV2 = await app.inject({ method: 'GET', url: '/v1/state?v=2', headers: auth(d1) });
    expect(stateV2.json()).toMatchObject({ code: 'UNSUPPORTED_PROTOCOL' });

    const array = await sync('[1,2]');
    expect(array.json()).toEqual({ code: 'BAD_REQUEST', message: 'body: must be a JSON object' });
  });

  it('unknown tables and columns, wrong values, named by field', async () => {
    const table = await sync({ v: 1, since: 0, messages: [{ ...change(d1), table: 'users' }] });
    expect(table.statusCode).toBe(400);
    expect(table.json().message).toMatch(/^messages\.0\.table: unknown table "users"/);

    const column = await sync({
      v: 1,
      since: 0,
      messages: [change(d1), { ...change(d1), column: 'path' }],
    });
    expect(column.json()).toEqual({
      code: 'BAD_REQUEST',
      message:
        'messages.1.column: unknown column "path" of photos (allowed: starred, rating, caption)',
    });
    const value = await sync({
      v: 1,
      since: 0,
      messages: [change(d1, { column: 'rating', value: 'five' })],
    });
    expect(value.json().message).toMatch(/^messages\.0\.value: /);
    const since = await sync({ v: 1, since: 'yesterday', messages: [] });
    expect(since.json().message).toMatch(/^since: /);
  });

  it('unknown routes and wrong media types', async () => {
    const nope = await app.inject({ method: 'GET', url: '/v2/sync?token=abc' });
    expect(nope.json()).toEqual({ code: 'NOT_FOUND', message: 'No route for GET /v2/sync' });
    const text = await app.inject({
      method: 'POST',
      url: '/v1/accounts',
      headers: { 'content-type': 'application/xml' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });
});

describe('rate limits', () => {
  it('limits requests per address and per device with 429 RATE_LIMITED', async () => {
    const ldb = await openPgliteDatabase(null);
    const s = await startTestServer(ldb, {
      rateLimitIpPerMin: 40,
      rateLimitDevicePerMin: 12,
      rateLimitAuthPerMin: 12,
    });
    try {
      const [d1] = (await newUser(s.app, 1)) as [Session];
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) {
        codes.push(
          (
            await s.app.inject({
              method: 'GET',
              url: '/v1/devices',
              headers: auth(d1),
              remoteAddress: `10.0.0.${i}`,
            })
          ).statusCode,
        );
      }
      // burst = max(10, perMinute / 4): the 11th request from the device waits.
      expect(codes.slice(0, 10).every((c) => c === 200)).toBe(true);
      const limited = await s.app.inject({
        method: 'GET',
        url: '/v1/devices',
        headers: auth(d1),
        remoteAddress: '10.9.9.9',
      });
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/device/),
      });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

      const fromOne: number[] = [];
      for (let i = 0; i < 12; i++)
        fromOne.push(
          (await s.app.inject({ method: 'GET', url: '/nope', remoteAddress: '10.7.7.7' }))
            .statusCode,
        );
      expect(fromOne).toContain(429);
      // Probes stay outside the limit.
      expect(
        (await s.app.inject({ method: 'GET', url: '/health', remoteAddress: '10.7.7.7' }))
          .statusCode,
      ).toBe(200);
      const signUps: number[] = [];
      let last = '';
      for (let i = 0; i < 7; i++) {
        const res = await s.app.inject({
          method: 'POST',
          url: '/v1/accounts',
          remoteAddress: '10.8.8.8',
          payload: { v: 1, email: `bulk${i}@example.com`, password: PASSWORD },
        });
        signUps.push(res.statusCode);
        last = res.body;
      }
      // Sign-ups hash passwords: a burst of 5 per address, then 429.
      expect(signUps).toEqual([201, 201, 201, 201, 201, 429, 429]);
      expect(JSON.parse(last)).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/sign-ups/),
      });
      const metrics = await s.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/encore_rate_limited_total [1-9]/);
    } finally {
      await s.app.close();
      await ldb.close();
    }
  });
  it('counts blob requests against the per-device limit like any other route', async () => {
    const ldb = await openPgliteDatabase(null);
    const s = await startTestServer(ldb, { rateLimitDevicePerMin: 12 });
    try {
      const [d1] = (await newUser(s.app, 1)) as [Session];
      const blob = `/v1/blobs/${'ab'.repeat(32)}/thumb`;
      const codes: number[] = [];
      for (let i = 0; i < 11; i++) {
        codes.push(
          (await s.app.inject({ method: 'HEAD', url: blob, headers: auth(d1) })).statusCode,
        );
      }
      // burst 10: ten answers (404, no such blob), then 429.
      expect(codes).toEqual([...Array<number>(10).fill(404), 429]);
      const put = await s.app.inject({
        method: 'PUT',
        url: blob,
        headers: { ...auth(d1), 'content-type': 'image/jpeg', 'x-content-sha256': 'ab'.repeat(32) },
        payload: Buffer.from('x'),
      });
      expect(put.statusCode).toBe(429);
      expect(put.json()).toMatchObject({ code: 'RATE_LIMITED' });
    } finally {
      await s.app.close();
      await ldb.close();
    }
  });
});

describe('logs', () => {
  it('never contain passwords or tokens', async () => {
    const email = await signUp(app);
    const s = await signIn(app, email, 'phone');
    await app.inject({
      method: 'POST',
      url: '/v1/sessions',
      payload: { v: 1, email, password: 'wrong password!', deviceName: 'x' },
    });
    await app.inject({ method: 'GET', url: '/v1/devices', headers: auth(s) });
    await app.inject({ method: 'GET', url: `/v1/state?token=${s.token}`, headers: auth(s) });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const ws = await connect(`${address.replace(/^http/, 'ws')}/v1/events?token=${s.token}`);
    await ws.next();
    ws.close();
    await ws.closed;
    // Force a log line that carries the request headers and a body with a password.
    app.log.info(
      { headers: { authorization: `Bearer ${s.token}` }, body: { password: PASSWORD } },
      'probe',
    );

    const text = server.logs.join('');
    expect(text).toContain('device signed in');
    expect(text).toContain('/v1/events?token=[REDACTED]');
    expect(text).toContain('"authorization":"[REDACTED]"');
    expect(text).not.toContain(s.token);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('wrong password!');
  });
});

describe('start and stop', () => {
  it('parses --host, --port and --data-dir over the environment', () => {
    expect(
      envWithArgs({ PORT: '1', LOG_LEVEL: 'warn' }, [
        '--port',
        '0',
        '--data-dir',
        '/tmp/x',
        '--host',
        '::1',
      ]),
    ).toEqual({
      PORT: '0',
      LOG_LEVEL: 'warn',
      HOST: '::1',
      DATA_DIR: '/tmp/x',
    });
    expect(() => envWithArgs({}, ['--verbose'])).toThrow(/verbose/);
  });

  it('runs on the embedded database in the data dir, keeps data across restarts, drains on close', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'encore-server-'));
    try {
      const config = { ...DEFAULT_CONFIG, dataDir: dir, logLevel: 'silent' as const };
      const first = await createServer(config, { scrypt: { N: 1024, r: 8, p: 1 } });
      const email = await signUp(first);
      const address = await first.listen({ host: '127.0.0.1', port: 0 });
      const s = await signIn(first, email);
      const ws = await connect(`${address.replace(/^http/, 'ws')}/v1/events`, auth(s));
      await ws.next();
      await first.close();
      expect((await ws.closed).code).toBe(1001);

      const second = await createServer(config, { scrypt: { N: 1024, r: 8, p: 1 } });
      try {
        const again = await signIn(second, email);
        expect(again.userId).toBe(s.userId);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('event socket heartbeat', () => {
  it('pings live sockets and drops ones that stop answering', async () => {
    const hdb = await openPgliteDatabase(null);
    const s = await startTestServer(hdb, {}, { heartbeatMs: 100 });
    try {
      const base = (await s.app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws');
      const [d1, d2] = (await newUser(s.app, 2)) as [Session, Session];
      const live = await connect(`${base}/v1/events`, auth(d1));
      const pinged = new Promise<void>((resolve) => live.ws.once('ping', () => resolve()));
      const dead = await connect(`${base}/v1/events`, auth(d2), { autoPong: false });
      await live.next();
      await pinged;
      const gauge = () =>
        s.app
          .inject({ method: 'GET', url: '/metrics' })
          .then((r) => /encore_ws_connections (\d+)/.exec(r.body)?.[1]);
      expect(await gauge()).toBe('2');
      // No pong for a whole interval: the server terminates it (1006, no close frame).
      expect((await dead.closed).code).toBe(1006);
      expect(live.ws.readyState).toBe(live.ws.OPEN);
      // The server's own close event follows the client's shortly.
      await vi.waitFor(async () => expect(await gauge()).toBe('1'), { timeout: 5000 });
      live.close();
      await live.closed;
    } finally {
      await s.app.close();
      await hdb.close();
    }
  });
});
