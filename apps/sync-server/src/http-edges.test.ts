// The HTTP edge over real sockets (PGlite): rate limits key on the route whatever the URL
// says, slow clients are cut off by the header/body deadlines while a slow but steady blob
// upload is not, and every error, also Fastify's and Node's parser's, is {code, message}.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from './config.js';
import type { Database } from './db/database.js';
import { openPgliteDatabase } from './db/pglite.database.js';
import { blobHeaders, bytesOf, request, sha256 } from './testing/blob-client.js';
import { rawHead, rawRequest } from './testing/raw-http.js';
import type { RawResponse } from './testing/raw-http.js';
import { PASSWORD, newUser, startTestServer, uniqueEmail } from './testing/test-server.js';
import type { Session, TestServer } from './testing/test-server.js';

let db: Database;

beforeAll(async () => {
  db = await openPgliteDatabase(null);
});

afterAll(async () => {
  await db?.close();
});

async function listening(config: Partial<ServerConfig>): Promise<{
  s: TestServer;
  base: string;
  port: number;
}> {
  const s = await startTestServer(db, config);
  const base = await s.app.listen({ host: '127.0.0.1', port: 0 });
  return { s, base, port: Number(new URL(base).port) };
}

function json(res: RawResponse): unknown {
  return JSON.parse(res.body);
}

describe('rate limits key on the route, not the raw URL', () => {
  it('sign-ups and sign-ins with query strings share the per-address auth bucket', async () => {
    // burst = max(5, 12 / 3) = 5 per address.
    const { s, base } = await listening({ rateLimitAuthPerMin: 12 });
    try {
      const post = (url: string, body: object) =>
        fetch(new URL(url, base), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ v: 1, ...body }),
        });
      const signUp = (url: string) => post(url, { email: uniqueEmail(), password: PASSWORD });
      const signIn = (url: string) =>
        post(url, { email: uniqueEmail(), password: PASSWORD, deviceName: 'x' });
      const statuses: number[] = [];
      for (const send of [
        () => signUp('/v1/accounts?a=b'),
        () => signIn('/v1/sessions?x=1'),
        () => signUp('/v1/accounts?'),
        () => signIn('/v1/sessions?x=2&y=3'),
        () => signUp('/v1/accounts'),
        () => signIn('/v1/sessions?x=4'),
        () => signUp('/v1/accounts?c=d'),
      ]) {
        statuses.push((await send()).status);
      }
      expect(statuses).toEqual([201, 401, 201, 401, 201, 429, 429]);
      const last = await signUp('/v1/accounts?e=f');
      expect(await last.json()).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/sign-ups or sign-ins/),
      });
    } finally {
      await s.app.close();
    }
  });

  it('the per-address limit spares probes by route and counts everything else', async () => {
    // burst = max(10, 40 / 4) = 10 per address.
    const { s, base } = await listening({ rateLimitIpPerMin: 40 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        statuses.push((await fetch(new URL(`/v1/devices?n=${i}`, base))).status);
      }
      expect(statuses.slice(0, 10).every((c) => c === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
      expect((await fetch(new URL('/health?probe=1', base))).status).toBe(200);
      expect((await fetch(new URL('/metrics?x', base))).status).toBe(200);
    } finally {
      await s.app.close();
    }
  });
});

describe('slow clients are cut off', () => {
  const small: Partial<ServerConfig> = {
    headersTimeoutMs: 600,
    requestTimeoutMs: 1000,
    bodyIdleTimeoutMs: 500,
  };
  let s: TestServer;
  let base: string;
  let port: number;
  let d1: Session;

  beforeAll(async () => {
    ({ s, base, port } = await listening(small));
    [d1] = (await newUser(s.app, 1)) as [Session];
  });

  afterAll(async () => {
    await s?.app.close();
  });

  const signInHead = (length: number) =>
    rawHead('POST', '/v1/sessions', [
      'Content-Type: application/json',
      `Content-Length: ${length}`,
    ]);
  const body = JSON.stringify({
    v: 1,
    email: 'slow@example.com',
    password: PASSWORD,
    deviceName: 'x',
  });

  it('a JSON body trickled one byte at a time: 408 once the request deadline passes', async () => {
    const res = await rawRequest(port, {
      head: signInHead(body.length),
      trickle: { data: body, intervalMs: 100 },
    });
    expect(res.status).toBe(408);
    expect(json(res)).toEqual({
      code: 'REQUEST_TIMEOUT',
      message: 'body: did not arrive within 1 s; send it again',
    });
    expect(res.closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(res.closedAfterMs).toBeLessThan(3000);
  });

  it('a JSON body that stops coming: 408 once it has been idle too long', async () => {
    const res = await rawRequest(port, {
      head: signInHead(body.length) + body.slice(0, 10),
    });
    expect(res.status).toBe(408);
    expect(json(res)).toMatchObject({ code: 'REQUEST_TIMEOUT', message: /no bytes for 0.5 s/ });
    expect(res.closedAfterMs).toBeLessThan(2000);
  });

  it('a header block trickled one byte at a time: 408 once the header deadline passes', async () => {
    const res = await rawRequest(port, {
      head: 'GET /health HTTP/1.1\r\n',
      trickle: { data: `X-Slow: ${'a'.repeat(100)}\r\n\r\n`, intervalMs: 50 },
    });
    expect(res.status).toBe(408);
    expect(json(res)).toEqual({
      code: 'REQUEST_TIMEOUT',
      message: 'the request did not arrive in time',
    });
    expect(res.closedAfterMs).toBeLessThan(2500);
  });

  it('a connection that sends nothing is closed too', async () => {
    const res = await rawRequest(port, { head: '' });
    expect(res.closedAfterMs).toBeLessThan(2500);
    if (res.status !== null) expect(json(res)).toMatchObject({ code: 'REQUEST_TIMEOUT' });
  });

  it('a body sent to a route that ignores it: answered, then the connection closes', async () => {
    const res = await rawRequest(port, {
      head: rawHead('GET', '/health', ['Content-Length: 1000']).replace(
        'Connection: close\r\n',
        '',
      ),
      trickle: { data: 'x'.repeat(1000), intervalMs: 100 },
    });
    expect(res.status).toBe(200);
    expect(res.headers.connection).toBe('close');
    expect(res.closedAfterMs).toBeLessThan(2000);
  });

  it('normal requests still work, also keep-alive ones', async () => {
    const res = await fetch(new URL('/v1/devices', base), {
      headers: { authorization: `Bearer ${d1.token}` },
    });
    expect(res.status).toBe(200);
    const signIn = await fetch(new URL('/v1/sessions', base), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ v: 1, email: d1.email, password: PASSWORD, deviceName: 'y' }),
    });
    expect(signIn.status).toBe(201);
  });

  it('a blob upload slower than the request deadline but steady succeeds', async () => {
    const data = bytesOf(40 * 1024, 'steady');
    const sha = sha256(data);
    async function* steady() {
      for (let at = 0; at < data.length; at += 2048) {
        await sleep(80); // 20 pieces over ~1.6 s: longer than requestTimeoutMs
        yield data.subarray(at, at + 2048);
      }
    }
    const started = Date.now();
    const res = await request(base, 'PUT', `/v1/blobs/${sha}/original`, {
      headers: blobHeaders(d1.token, sha, { 'content-length': String(data.length) }),
      body: steady(),
    });
    expect(Date.now() - started).toBeGreaterThan(small.requestTimeoutMs!);
    expect(res.status).toBe(201);
  });

  it('a blob upload that stalls: 408 once idle too long', async () => {
    const data = bytesOf(8 * 1024, 'stalls');
    const sha = sha256(data);
    async function* stalls() {
      yield data.subarray(0, 4096);
      await sleep(1500);
      yield data.subarray(4096);
    }
    const started = Date.now();
    const res = await request(base, 'PUT', `/v1/blobs/${sha}/original`, {
      headers: blobHeaders(d1.token, sha, { 'content-length': String(data.length) }),
      body: stalls(),
    });
    expect(res.status).toBe(408);
    expect(res.json()).toMatchObject({ code: 'REQUEST_TIMEOUT', message: /no bytes for 0.5 s/ });
    expect(Date.now() - started).toBeLessThan(1500);
    const head = await request(base, 'HEAD', `/v1/blobs/${sha}/original`, {
      headers: { authorization: `Bearer ${d1.token}` },
    });
    expect(head.status).toBe(404);
  });
});

describe('every error is {code, message}', () => {
  let s: TestServer;
  let port: number;
  beforeAll(async () => {
    ({ s, port } = await listening({}));
  });
  afterAll(async () => {
    await s?.app.close();
  });

  const send = (head: string, extra = '') => rawRequest(port, { head: head + extra });
  const post = (headers: string[], body: string) =>
    send(rawHead('POST', '/v1/sessions', headers), body);
  const postJson = (body: string) =>
    post(['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`], body);

  const cases: [string, () => Promise<RawResponse>, number, string][] = [
    [
      'a path parameter over the limit',
      () => send(rawHead('DELETE', `/v1/devices/${'a'.repeat(200)}`)),
      414,
      'URI_TOO_LONG',
    ],
    ['a bad %-encoding', () => send(rawHead('GET', '/v1/devices/%E0%A4%A')), 400, 'BAD_REQUEST'],
    [
      'a Content-Length that is no number',
      () => post(['Content-Type: application/json', 'Content-Length: abc'], '{}'),
      400,
      'BAD_REQUEST',
    ],
    [
      'Content-Length with Transfer-Encoding',
      () =>
        post(
          ['Content-Type: application/json', 'Content-Length: 2', 'Transfer-Encoding: chunked'],
          '0\r\n\r\n',
        ),
      400,
      'BAD_REQUEST',
    ],
    ['malformed JSON', () => postJson('{"v'), 400, 'BAD_REQUEST'],
    ['a poisoned JSON body', () => postJson('{"v":1,"__proto__":{"x":1}}'), 400, 'BAD_REQUEST'],
    ['an empty JSON body', () => postJson(''), 400, 'BAD_REQUEST'],
    [
      'text/plain',
      () => post(['Content-Type: text/plain', 'Content-Length: 2'], 'hi'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'an unparseable Content-Type',
      () => post(['Content-Type: ;;;', 'Content-Length: 2'], 'hi'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a body over the limit',
      () => post(['Content-Type: application/json', 'Content-Length: 2000000'], '{}'),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['no such route', () => send(rawHead('GET', '/nope?token=secret')), 404, 'NOT_FOUND'],
    [
      'a long path no route matches',
      () => send(rawHead('GET', `/${'a'.repeat(8000)}`)),
      404,
      'NOT_FOUND',
    ],
    [
      'a route under another method',
      () => send(rawHead('PATCH', '/v1/sessions')),
      405,
      'METHOD_NOT_ALLOWED',
    ],
    ['a method Node does not know', () => send(rawHead('FOO', '/v1/sessions')), 400, 'BAD_REQUEST'],
    ['not HTTP at all', () => send('hello\r\n\r\n'), 400, 'BAD_REQUEST'],
    [
      'headers over the limit',
      () => send(rawHead('GET', '/health', [`X-Big: ${'a'.repeat(20_000)}`])),
      431,
      'HEADERS_TOO_LARGE',
    ],
    [
      'a URL over the header limit',
      () => send(rawHead('GET', `/${'a'.repeat(20_000)}`)),
      431,
      'HEADERS_TOO_LARGE',
    ],
  ];

  it.each(cases)('%s', async (_name, run, status, code) => {
    const res = await run();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = json(res) as { code: string; message: string };
    expect(Object.keys(body).sort()).toEqual(['code', 'message']);
    expect(body.code).toBe(code);
    expect(body.message).toMatch(/\S/);
    expect(body.message.length).toBeLessThan(200);
  });

  it('405 says which methods the path takes', async () => {
    const res = await send(rawHead('PUT', '/v1/devices/abc'));
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('DELETE');
    expect(json(res)).toEqual({
      code: 'METHOD_NOT_ALLOWED',
      message: 'PUT /v1/devices/abc: not allowed; use DELETE',
    });
  });
});
