import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeEngine, fakePhotoId, fakeRemoteId, fakeSignedIn } from '../testing/fake-engine.js';
import { allowedHosts } from './allowed-hosts.js';
import { startHeadless } from './headless-server.js';
import type { HeadlessServer } from './headless-server.js';

const TOKEN = 'test-token-0123456789abcdef0123456789abcdef';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET with the path sent byte-for-byte (fetch would normalize '..' away). */
function rawGet(origin: string, rawPath: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(origin);
  return new Promise<RawResponse>((resolve, reject) => {
    const req = request(
      { hostname: hostname.replace(/^\[|\]$/g, ''), port, path: rawPath, headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('error', (err) => {
      if (!String(err.message).includes('Unexpected server response')) reject(err);
    });
  });
}

/**
 * A request written byte-for-byte on a socket (http.request always sends a Host header; a
 * rebinding browser sends its own domain's). Resolves the status line and the body.
 */
function rawExchange(origin: string, lines: string[]): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve({ status: Number(text.split(' ')[1]), text }));
    socket.on('error', reject);
    socket.write([...lines, 'Connection: close', '', ''].join('\r\n'));
  });
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)),
  );
}

async function rpc(ws: WebSocket, message: unknown): Promise<Record<string, unknown>> {
  const reply = nextMessage(ws);
  ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  return reply;
}

describe('headless server', () => {
  let dir: string;
  let engine: FakeEngine;
  let server: HeadlessServer;
  let wsUrl: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'encore-headless-'));
    const rendererDir = path.join(dir, 'renderer');
    const thumbDir = path.join(dir, 'thumbs');
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await mkdir(thumbDir);
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(path.join(rendererDir, 'assets', 'app-abc.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'secret.txt'), 'top secret');
    engine = new FakeEngine({ photos: 5, thumbDir });
    await writeFile(path.join(thumbDir, `${fakePhotoId(0)}-grid.webp`), 'RIFF-fake-webp');
    server = await startHeadless({ engine, rendererDir, token: TOKEN });
    wsUrl = `${server.origin.replace('http', 'ws')}/ws`;
  });

  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a loopback URL carrying a fresh 256-bit token by default', async () => {
    expect(server.url).toBe(`${server.origin}/?token=${TOKEN}`);
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const other = await startHeadless({ engine, rendererDir: dir });
    try {
      expect(Buffer.from(other.token, 'base64url')).toHaveLength(32);
      expect(other.url).toContain(`?token=${other.token}`);
    } finally {
      await other.close();
    }
  });

  it('refuses the WebSocket without the token (401) or with a wrong one (403)', async () => {
    expect(await upgradeStatus(wsUrl)).toBe(401);
    expect(await upgradeStatus(`${wsUrl}?token=wrong`)).toBe(403);
    expect(await upgradeStatus(`${wsUrl}?token=${TOKEN}x`)).toBe(403);
    expect(await upgradeStatus(`${wsUrl}?token=${TOKEN}`)).toBe(101);
  });

  it('refuses a WebSocket opened by a page of another origin', async () => {
    expect(await upgradeStatus(`${wsUrl}?token=${TOKEN}`, { Origin: 'http://evil.test' })).toBe(
      403,
    );
    expect(await upgradeStatus(`${wsUrl}?token=${TOKEN}`, { Origin: server.origin })).toBe(101);
  });

  it('answers a contract call with its result', async () => {
    const ws = await connect(`${wsUrl}?token=${TOKEN}`);
    const reply = await rpc(ws, { id: 7, name: 'library.page', args: [{ limit: 2 }] });
    expect(reply.id).toBe(7);
    const page = reply.result as { items: { id: string }[]; next: string | null };
    expect(page.items).toHaveLength(2);
    expect(page.next).not.toBeNull();
    expect(engine.calls.at(-1)).toEqual({ name: 'library.page', args: [{ limit: 2 }] });
    expect(await rpc(ws, { id: 8, name: 'library.count', args: [{}] })).toEqual({
      id: 8,
      result: 5,
    });
    ws.close();
  });

  it('carries engine errors as {code, message, field}', async () => {
    const ws = await connect(`${wsUrl}?token=${TOKEN}`);
    const reply = await rpc(ws, { id: 'a', name: 'sources.remove', args: [{ id: 99 }] });
    expect(reply).toEqual({
      id: 'a',
      error: { code: 'NOT_FOUND', message: 'no source 99', field: 'id' },
    });
    const bad = await rpc(ws, {
      id: 'b',
      name: 'photo.setRating',
      args: [{ ids: ['x'], rating: 9 }],
    });
    expect(bad.error).toMatchObject({ code: 'USAGE', field: 'ids.0' });
    ws.close();
  });

  it('rejects names outside the contract with UNKNOWN_METHOD, touching nothing', async () => {
    const ws = await connect(`${wsUrl}?token=${TOKEN}`);
    for (const name of ['library.drop', 'constructor', '__proto__', 'close', 'thumbnailPath']) {
      const reply = await rpc(ws, { id: 1, name, args: [] });
      expect(reply.error).toMatchObject({ code: 'UNKNOWN_METHOD' });
    }
    expect(engine.calls).toHaveLength(0);
    expect(engine.closed).toBe(false);
    ws.close();
  });

  it('answers malformed requests with BAD_REQUEST', async () => {
    const ws = await connect(`${wsUrl}?token=${TOKEN}`);
    expect(await rpc(ws, '{not json')).toEqual({
      id: null,
      error: { code: 'BAD_REQUEST', message: 'Request is not valid JSON' },
    });
    expect((await rpc(ws, '[1,2]')).error).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await rpc(ws, { name: 'library.status' })).error).toMatchObject({
      code: 'BAD_REQUEST',
    });
    const badArgs = await rpc(ws, { id: 3, name: 'library.page', args: { limit: 1 } });
    expect(badArgs).toMatchObject({ id: 3, error: { code: 'BAD_REQUEST' } });
    ws.close();
  });

  it('pushes engine events to every connected client', async () => {
    const a = await connect(`${wsUrl}?token=${TOKEN}`);
    const b = await connect(`${wsUrl}?token=${TOKEN}`);
    const got = [nextMessage(a), nextMessage(b)];
    const progress = { queued: 3, running: 1, done: 5, failed: 1, total: 10 };
    engine.emit('ingest.progress', progress);
    for (const message of await Promise.all(got)) {
      expect(message).toEqual({ event: 'ingest.progress', payload: progress });
    }
    a.close();
    b.close();
  });

  it('serves thumbnails only with the token, with immutable caching', async () => {
    const thumb = `/thumbs/grid/${fakePhotoId(0)}.webp`;
    expect((await rawGet(server.origin, thumb)).status).toBe(401);
    expect((await rawGet(server.origin, `${thumb}?token=nope`)).status).toBe(403);

    const ok = await rawGet(server.origin, `${thumb}?token=${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('RIFF-fake-webp');
    expect(ok.headers['content-type']).toBe('image/webp');
    expect(ok.headers['cache-control']).toContain('immutable');

    const etag = String(ok.headers.etag);
    const again = await rawGet(server.origin, `${thumb}?token=${TOKEN}`, {
      'If-None-Match': etag,
    });
    expect(again.status).toBe(304);
  });

  it('lets the page load thumbnails through the cookie it sets', async () => {
    const page = await rawGet(server.origin, `/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(page.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toMatch(/^encore_token_\d+=/);
    expect(String(page.headers['set-cookie'])).toContain('HttpOnly');

    const thumb = `/thumbs/grid/${fakePhotoId(0)}.webp`;
    expect((await rawGet(server.origin, thumb, { Cookie: cookie })).status).toBe(200);
    expect((await rawGet(server.origin, '/')).headers['set-cookie']).toBeUndefined();
    expect((await rawGet(server.origin, '/?token=wrong')).headers['set-cookie']).toBeUndefined();
  });

  it('404s thumbnails that are not a 64-hex id of a known photo', async () => {
    const q = `?token=${TOKEN}`;
    for (const p of [
      `/thumbs/grid/${fakePhotoId(1)}.webp`, // no file cached
      `/thumbs/grid/${fakePhotoId(0).toUpperCase()}.webp`,
      `/thumbs/grid/${fakePhotoId(0).slice(1)}.webp`,
      `/thumbs/huge/${fakePhotoId(0)}.webp`,
      `/thumbs/grid/${fakePhotoId(0)}.png`,
    ]) {
      expect((await rawGet(server.origin, p + q)).status, p).toBe(404);
    }
  });

  it('serves remote renditions with the token, typed by their bytes, 404 when signed out', async () => {
    const id = fakeRemoteId(0);
    engine.remote.push({ id, rating: null, caption: null });
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);
    await writeFile(path.join(dir, 'thumbs', `${id}-remote-thumb.webp`), webp);
    await writeFile(path.join(dir, 'thumbs', `${id}-remote-preview.webp`), '<script>x</script>');
    const thumb = `/remote/thumb/${id}`;

    expect((await rawGet(server.origin, thumb)).status).toBe(401);
    expect((await rawGet(server.origin, `${thumb}?token=nope`)).status).toBe(403);
    expect((await rawGet(server.origin, `${thumb}?token=${TOKEN}`)).status).toBe(404);

    engine.syncStatus = fakeSignedIn();
    const ok = await rawGet(server.origin, `${thumb}?token=${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('image/webp');
    const q = `?token=${TOKEN}`;
    for (const p of [
      `/remote/preview/${id}`, // not an image: never served as one
      `/remote/thumb/${fakeRemoteId(1)}`, // the server lacks it
      `/remote/original/${id}`,
      `/remote/thumb/../../secret.txt`,
    ]) {
      const res = await rawGet(server.origin, p + q);
      expect(res.status, p).toBe(404);
      expect(res.body, p).not.toContain('script');
    }
  });

  it('rejects path traversal in thumbnail and static paths', async () => {
    const q = `?token=${TOKEN}`;
    for (const p of [
      '/thumbs/grid/../../secret.txt',
      '/thumbs/grid/..%2f..%2fsecret.txt',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%5c%2e%2e%5csecret.txt',
      '/%00index.html',
      '/%E0%A4%A',
    ]) {
      const res = await rawGet(server.origin, p + q);
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.body, p).not.toContain('top secret');
    }
  });

  it('tells a visit without the token (or with an old one) to use the printed address', async () => {
    const missing = await rawGet(server.origin, '/');
    expect(missing.status).toBe(401);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(missing.body).toContain('the address it printed when it started');
    expect(missing.body).not.toContain('<div id="root">');
    const old = await rawGet(server.origin, '/?token=from-yesterday');
    expect(old.status).toBe(401);
    expect(old.body).toContain('from an earlier start of Encore');
    expect(old.headers['set-cookie']).toBeUndefined();
  });

  it('serves the renderer: page uncached, hashed assets immutable', async () => {
    const page = await rawGet(server.origin, `/?token=${TOKEN}`);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['cache-control']).toBe('no-store');
    const asset = await rawGet(server.origin, '/assets/app-abc.js');
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await rawGet(server.origin, '/assets/missing.js')).status).toBe(404);
  });

  describe('DNS rebinding: only the names the server listens on', () => {
    const port = () => new URL(server.origin).port;
    const foreign = () => [
      `evil.test:${port()}`,
      'evil.test',
      `127.0.0.1.evil.test:${port()}`,
      `localhost.:${port()}`,
      `127.0.0.1:${Number(port()) + 1}`,
      `localhost:${port()}@evil.test`,
      '127.0.0.1',
    ];

    it('answers 421 to a foreign Host on every route, the token notwithstanding', async () => {
      const paths = ['/', `/?token=${TOKEN}`, `/thumbs/grid/${fakePhotoId(0)}.webp?token=${TOKEN}`];
      paths.push(`/remote/thumb/${fakeRemoteId(0)}?token=${TOKEN}`, '/assets/app-abc.js');
      for (const host of foreign()) {
        for (const p of paths) {
          const res = await rawGet(server.origin, p, { Host: host });
          expect(res.status, `${host} ${p}`).toBe(421);
          expect(res.body).toBe('Unknown host: open the URL Encore printed');
          expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
          expect(res.headers['set-cookie']).toBeUndefined();
        }
      }
      expect(engine.calls).toHaveLength(0);
    });

    it('answers 421 to a request without a Host header (HTTP/1.0)', async () => {
      const res = await rawExchange(server.origin, [`GET /?token=${TOKEN} HTTP/1.0`]);
      expect(res.status).toBe(421);
      expect(res.text).not.toContain('<div id="root">');
    });

    it('refuses the WebSocket upgrade with a foreign Host (421), even with token and Origin', async () => {
      for (const host of foreign()) {
        const status = await upgradeStatus(`${wsUrl}?token=${TOKEN}`, {
          Host: host,
          Origin: `http://${host}`,
        });
        expect(status, host).toBe(421);
      }
      const raw = await rawExchange(server.origin, [
        `GET /ws?token=${TOKEN} HTTP/1.1`,
        `Host: evil.test:${port()}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      ]);
      expect(raw.status).toBe(421);
      expect(raw.text).toContain('Unknown host');
      expect(engine.listenerCount('ingest.progress')).toBe(1);
    });

    it('answers the loopback names of its port: 127.0.0.1 and localhost, any case', async () => {
      for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `LocalHost:${port()}`]) {
        const page = await rawGet(server.origin, `/?token=${TOKEN}`, { Host: host });
        expect(page.status, host).toBe(200);
        expect(await upgradeStatus(`${wsUrl}?token=${TOKEN}`, { Host: host }), host).toBe(101);
      }
      expect((await rawGet(server.origin, '/', { Host: `[::1]:${port()}` })).status).toBe(421);
    });

    it('bound to ::1, answers [::1] and localhost but not 127.0.0.1', async (ctx) => {
      let v6;
      try {
        v6 = await startHeadless({ engine, rendererDir: path.join(dir, 'renderer'), host: '::1' });
      } catch {
        ctx.skip(); // no IPv6 loopback on this machine
        return;
      }
      try {
        const p = new URL(v6.origin).port;
        expect(v6.origin).toBe(`http://[::1]:${p}`);
        expect(
          (await rawGet(v6.origin, `/?token=${v6.token}`, { Host: `[::1]:${p}` })).status,
        ).toBe(200);
        expect(
          (await rawGet(v6.origin, `/?token=${v6.token}`, { Host: `localhost:${p}` })).status,
        ).toBe(200);
        expect((await rawGet(v6.origin, '/', { Host: `127.0.0.1:${p}` })).status).toBe(421);
        expect((await rawGet(v6.origin, '/', { Host: `evil.test:${p}` })).status).toBe(421);
        const ws = `ws://[::1]:${p}/ws?token=${v6.token}`;
        expect(await upgradeStatus(ws)).toBe(101);
        expect(await upgradeStatus(ws, { Host: `evil.test:${p}` })).toBe(421);
      } finally {
        await v6.close();
      }
    });

    it('lists the allowed names per bind address', () => {
      expect([...allowedHosts('127.0.0.1', 5000)].sort()).toEqual([
        '127.0.0.1:5000',
        'localhost:5000',
      ]);
      expect([...allowedHosts('::1', 5000)].sort()).toEqual(['[::1]:5000', 'localhost:5000']);
      expect([...allowedHosts('localhost', 80)].sort()).toEqual([
        '127.0.0.1',
        '127.0.0.1:80',
        '[::1]',
        '[::1]:80',
        'localhost',
        'localhost:80',
      ]);
      const lan = () => ({
        eth0: [
          { address: '192.168.1.5', family: 'IPv4' as const },
          { address: 'fe80::1', family: 'IPv6' as const },
          { address: '2001:DB8::5', family: 'IPv6' as const },
        ] as never,
      });
      expect([...allowedHosts('0.0.0.0', 5000, lan)].sort()).toEqual([
        '0.0.0.0:5000',
        '127.0.0.1:5000',
        '192.168.1.5:5000',
        'localhost:5000',
      ]);
      expect(allowedHosts('::', 5000, lan).has('[2001:db8::5]:5000')).toBe(true);
      expect(allowedHosts('::', 5000, lan).has('[fe80::1]:5000')).toBe(false);
    });
  });

  it('sends CORP same-origin and nosniff on thumbnails, renditions and static files', async () => {
    const id = fakeRemoteId(0);
    engine.remote.push({ id, rating: null, caption: null });
    engine.syncStatus = fakeSignedIn();
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]);
    await writeFile(path.join(dir, 'thumbs', `${id}-remote-thumb.webp`), webp);
    const q = `?token=${TOKEN}`;
    for (const p of [
      `/thumbs/grid/${fakePhotoId(0)}.webp${q}`,
      `/remote/thumb/${id}${q}`,
      `/${q}`,
      '/assets/app-abc.js',
      '/assets/missing.js',
      `/thumbs/grid/${fakePhotoId(0)}.webp`, // 401
    ]) {
      const res = await rawGet(server.origin, p);
      expect(res.headers['cross-origin-resource-policy'], p).toBe('same-origin');
      expect(res.headers['x-content-type-options'], p).toBe('nosniff');
    }
  });

  it('on close, drops clients and stops listening to the engine', async () => {
    const ws = await connect(`${wsUrl}?token=${TOKEN}`);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    expect(engine.listenerCount('ingest.progress')).toBe(1);
    await server.close();
    await closed;
    expect(engine.listenerCount('ingest.progress')).toBe(0);
    expect(engine.listenerCount('library.changed')).toBe(0);
  });
});
