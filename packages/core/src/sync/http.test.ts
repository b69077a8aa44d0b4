// SyncHttp against a throwaway node:http server: JSON calls, error mapping, blob transfers.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.js';
import { SyncError, SyncHttp, errorFromResponse, parseServerUrl } from './http.js';

type Handler = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => void;

let handler: Handler = (_req, _body, res) => res.end();
const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
let server: http.Server;
let base: string;
/** The server without a path prefix (most blob tests); `base` has one (`/api`). */
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `${origin}/api`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const cleanups: (() => void)[] = [];
afterEach(() => {
  seen.length = 0;
  cleanups.splice(0).forEach((c) => c());
});

function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

function reply(status: number, body = '', headers: Record<string, string> = {}): Handler {
  return (_req, _body, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

async function rejection(p: Promise<unknown>): Promise<SyncError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SyncError);
    return err as SyncError;
  }
  throw new Error('expected a rejection');
}

describe('SyncHttp.json', () => {
  it('sends JSON with the bearer token under the server path and parses the answer', async () => {
    handler = reply(200, '{"ok":true}', { 'content-type': 'application/json' });
    const h = new SyncHttp(base, 'tok');
    expect(h.server).toBe(`${base}`);
    expect(await h.json('POST', 'v1/sync', { v: 1 })).toEqual({ ok: true });
    const req = seen[0]!;
    expect(req).toMatchObject({ method: 'POST', url: '/api/v1/sync' });
    expect(req.headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: 'Bearer tok',
    });
    expect(JSON.parse(req.body.toString())).toEqual({ v: 1 });
  });

  it('sends no body, content type or token when there are none', async () => {
    handler = reply(204);
    const h = new SyncHttp(base);
    expect(await h.json('GET', 'v1/state')).toBeUndefined();
    expect(seen[0]!.headers['content-type']).toBeUndefined();
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(seen[0]!.body.length).toBe(0);
  });

  it('turns error bodies into SyncErrors and refuses answers that are not JSON', async () => {
    handler = reply(409, '{"code":"EMAIL_TAKEN","message":"taken"}');
    const h = new SyncHttp(base);
    expect(await rejection(h.json('POST', 'v1/signup', {}))).toMatchObject({
      code: 'EMAIL_TAKEN',
      message: 'taken',
      status: 409,
    });
    handler = reply(200, '<html>');
    expect(await rejection(h.json('GET', 'v1/state'))).toMatchObject({
      code: 'BAD_RESPONSE',
      message: `${base} answered v1/state with something that is not JSON`,
      status: 200,
    });
  });

  it('reports an unreachable server as OFFLINE, and a slow one as TIMEOUT', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const off = await rejection(new SyncHttp(`http://127.0.0.1:${port}`).json('GET', 'v1/x'));
    expect(off.code).toBe('OFFLINE');
    expect(off.message).toMatch(new RegExp(`^cannot reach http://127.0.0.1:${port}: .+`));
    expect(off.transient).toBe(true);

    handler = () => undefined; // never answers
    const slow = await rejection(new SyncHttp(base, null, { timeoutMs: 100 }).json('GET', 'v1/x'));
    expect(slow).toMatchObject({ code: 'TIMEOUT', message: `${base} did not answer in time` });
    server.closeAllConnections();
  });

  it('explains a port fetch refuses to use', async () => {
    const err = await rejection(new SyncHttp('http://127.0.0.1:6000').json('GET', 'v1/x'));
    expect(err.code).toBe('BAD_SERVER_URL');
    expect(err.message).toMatch(/that port is one browsers and fetch refuse to use/);
  });
});

describe('SyncHttp blobs', () => {
  const bytes = Buffer.from('the bytes of a photo');
  const photo = sha(bytes);

  it('HEAD: the sha256 the server holds, null when it has none', async () => {
    handler = reply(200, '', { 'x-content-sha256': photo });
    const h = new SyncHttp(origin, 'tok');
    expect(await h.headBlob(photo, 'original')).toBe(photo);
    expect(seen[0]).toMatchObject({ method: 'HEAD', url: `/v1/blobs/${photo}/original` });
    expect(seen[0]!.headers.authorization).toBe('Bearer tok');
    handler = reply(200);
    expect(await h.headBlob(photo, 'thumb')).toBeNull();
    handler = reply(404);
    expect(await h.headBlob(photo, 'thumb')).toBeNull();
    handler = reply(503, '', { 'retry-after': '3' });
    expect(await rejection(h.headBlob(photo, 'thumb'))).toMatchObject({
      code: 'SERVER_ERROR',
      status: 503,
      retryAfterMs: 3000,
    });
  });

  it('keeps the server address path for blob calls, as for JSON calls (a proxy under /api)', async () => {
    handler = reply(200, '', { 'x-content-sha256': photo });
    expect(await new SyncHttp(base, 'tok').headBlob(photo, 'original')).toBe(photo);
    expect(seen[0]).toMatchObject({ method: 'HEAD', url: `/api/v1/blobs/${photo}/original` });
  });

  it('PUT streams the file with its length, type and hash; 201 stored, 200 already there', async () => {
    const file = path.join(dir(), 'a.jpg');
    fs.writeFileSync(file, bytes);
    const h = new SyncHttp(origin, 'tok');
    handler = reply(201, '{}');
    expect(await h.putBlob(photo, 'original', file, photo, 'image/jpeg')).toBe(true);
    expect(seen[0]).toMatchObject({ method: 'PUT', url: `/v1/blobs/${photo}/original` });
    expect(seen[0]!.headers).toMatchObject({
      'content-type': 'image/jpeg',
      'content-length': String(bytes.length),
      'x-content-sha256': photo,
      authorization: 'Bearer tok',
    });
    expect(seen[0]!.body.equals(bytes)).toBe(true);
    handler = reply(200, '{}');
    expect(await h.putBlob(photo, 'original', file, photo, 'image/jpeg')).toBe(false);
    handler = reply(413, '{"code":"QUOTA_EXCEEDED","message":"full"}');
    expect(await rejection(h.putBlob(photo, 'original', file, photo, 'image/jpeg'))).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      message: 'full',
      status: 413,
    });
  });

  it('GET writes the blob whole and checks its hash against the header or the ETag', async () => {
    const d = dir();
    const h = new SyncHttp(origin);
    handler = reply(200, bytes.toString(), {
      'x-content-sha256': photo,
      'content-type': 'image/jpeg',
    });
    const dest = path.join(d, 'sub', 'a.jpg');
    expect(await h.getBlob(photo, 'original', dest)).toEqual({
      sha256: photo,
      size: bytes.length,
      contentType: 'image/jpeg',
    });
    expect(fs.readFileSync(dest).equals(bytes)).toBe(true);
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['a.jpg']);

    const preview = Buffer.from('a preview');
    handler = reply(200, preview.toString(), { etag: `"${sha(preview)}"` });
    expect(await h.getBlob(photo, 'preview', path.join(d, 'p.jpg'))).toEqual({
      sha256: sha(preview),
      size: preview.length,
      contentType: 'application/octet-stream',
    });
  });

  it('GET refuses damaged bytes and leaves nothing behind', async () => {
    const d = dir();
    const h = new SyncHttp(origin);
    handler = reply(200, 'damaged', { 'x-content-sha256': photo });
    const err = await rejection(h.getBlob(photo, 'thumb', path.join(d, 't.jpg')));
    expect(err.code).toBe('HASH_MISMATCH');
    expect(err.message).toBe(
      `thumb of ${photo} arrived damaged (sha256 ${sha('damaged')}, expected ${photo})`,
    );
    // An original must hash to its photo id even when the server declares nothing.
    handler = reply(200, 'other bytes');
    const orig = await rejection(h.getBlob(photo, 'original', path.join(d, 'o.jpg')));
    expect(orig).toMatchObject({
      code: 'HASH_MISMATCH',
      message: `original of ${photo} arrived with sha256 ${sha('other bytes')}`,
    });
    // A thumb without a declared hash is taken as it comes.
    handler = reply(200, 'thumb bytes');
    expect((await h.getBlob(photo, 'thumb', path.join(d, 'ok.jpg'))).sha256).toBe(
      sha('thumb bytes'),
    );
    expect(fs.readdirSync(d).sort()).toEqual(['ok.jpg']);
    handler = reply(404, '{"code":"NOT_FOUND","message":"no such blob"}');
    expect(await rejection(h.getBlob(photo, 'thumb', path.join(d, 'x.jpg')))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'no such blob',
      status: 404,
    });
  });

  it('a blob transfer that stalls times out', async () => {
    handler = () => undefined;
    const h = new SyncHttp(origin, null, { timeoutMs: 100 });
    expect(await rejection(h.headBlob(photo, 'thumb'))).toMatchObject({
      code: 'TIMEOUT',
      message: `${origin} did not answer for 0.1 s`,
    });
    server.closeAllConnections();
  });
});

describe('errorFromResponse edges', () => {
  it('keeps the status when the body says nothing useful', () => {
    expect(errorFromResponse(404, 'nope', null)).toMatchObject({
      code: 'HTTP_404',
      message: 'server answered 404',
      status: 404,
      retryAfterMs: null,
      transient: false,
      auth: false,
    });
    expect(errorFromResponse(400, '{"code":7,"message":false}', undefined)).toMatchObject({
      code: 'HTTP_400',
      message: 'server answered 400',
    });
    expect(errorFromResponse(500, '{"code":"INTERNAL","message":"boom"}', null)).toMatchObject({
      code: 'SERVER_ERROR',
      message: 'boom',
    });
    expect(errorFromResponse(502, '{"code":"NOT_READY","message":"wait"}', null)).toMatchObject({
      code: 'NOT_READY',
      transient: true,
    });
    expect(errorFromResponse(499, '{"code":"INTERNAL","message":"x"}', null).code).toBe('INTERNAL');
  });

  it('reads Retry-After seconds, ignoring nonsense', () => {
    expect(errorFromResponse(503, '', ['2', '9']).retryAfterMs).toBe(2000);
    expect(errorFromResponse(503, '', 'soon').retryAfterMs).toBeNull();
    expect(errorFromResponse(503, '', '0').retryAfterMs).toBeNull();
    expect(errorFromResponse(503, '', '-5').retryAfterMs).toBeNull();
  });

  it('names the codes that need a new sign-in', () => {
    for (const code of ['UNAUTHORIZED', 'INVALID_TOKEN', 'TOKEN_REVOKED', 'TOKEN_EXPIRED']) {
      expect(new SyncError(code, 'x').auth, code).toBe(true);
    }
    for (const code of ['OFFLINE', 'TIMEOUT', 'SERVER_ERROR', 'RATE_LIMITED', 'NOT_READY']) {
      expect(new SyncError(code, 'x').transient, code).toBe(true);
    }
    expect(new SyncError('X', 'y')).toMatchObject({
      name: 'SyncError',
      status: null,
      retryAfterMs: null,
    });
  });

  it('normalises a server address: trailing slash, no query or fragment', () => {
    expect(parseServerUrl('http://x.example/base?a=1#f').toString()).toBe('http://x.example/base/');
    expect(parseServerUrl('https://x.example/').toString()).toBe('https://x.example/');
    expect(() => parseServerUrl('ftp://x')).toThrow(
      expect.objectContaining({ code: 'BAD_SERVER_URL' }),
    );
    expect(() => parseServerUrl('nope')).toThrow(
      expect.objectContaining({
        code: 'BAD_SERVER_URL',
        message: '--server nope: not a URL (e.g. https://sync.example.com)',
      }),
    );
  });
});
