// Blob transfers against a small stand-in sync server (node:http): an upload run under the
// server's per-device rate limit waits each Retry-After and finishes in the same pass; a
// download whose bytes do not match their sha256 fails clearly and leaves nothing behind.
import { createHash } from 'node:crypto';
import { signedInAccount } from './testing/signed-in.js';
import { engineInternals } from '../testing/index.js';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';
import { CONTENT_SHA256_HEADER } from '../protocol/index.js';
import { copyFixtures, tempDir } from '../testing/temp.js';
import { SyncClient } from './client.js';

interface StandIn {
  url: string;
  /** sha256 of every blob stored, by `photo/variant`. */
  blobs: Map<string, string>;
  /** Requests answered 429, by method. */
  limited: { HEAD: number; PUT: number };
  /** The next n HEADs / PUTs are answered 429 with this Retry-After. */
  limit(method: 'HEAD' | 'PUT', n: number, retryAfter: string): void;
  /** GET of a blob answers these bytes, announced with this sha256. */
  serve(key: string, bytes: Buffer, sha256: string): void;
  close(): Promise<void>;
}

async function standIn(): Promise<StandIn> {
  const blobs = new Map<string, string>();
  const served = new Map<string, { bytes: Buffer; sha256: string }>();
  const limited = { HEAD: 0, PUT: 0 };
  const pending: Record<'HEAD' | 'PUT', { n: number; retryAfter: string }> = {
    HEAD: { n: 0, retryAfter: '1' },
    PUT: { n: 0, retryAfter: '1' },
  };
  const json = (res: http.ServerResponse, status: number, body: unknown, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const blob = /^\/v1\/blobs\/([0-9a-f]{64})\/(original|preview|thumb)$/.exec(url.pathname);
      const method = req.method as 'HEAD' | 'PUT' | 'GET' | 'POST';
      if (blob && (method === 'HEAD' || method === 'PUT') && pending[method].n > 0) {
        pending[method].n--;
        limited[method]++;
        return json(
          res,
          429,
          { code: 'RATE_LIMITED', message: 'too many requests' },
          { 'retry-after': pending[method].retryAfter },
        );
      }
      if (method === 'GET' && url.pathname === '/v1/state')
        return json(res, 200, { v: 1, rows: [], cursor: null, hasMore: false, seq: 0 });
      if (method === 'POST' && url.pathname === '/v1/sync')
        return json(res, 200, { v: 1, messages: [], cursor: 0, hasMore: false, seq: 0 });
      if (!blob) return json(res, 404, { code: 'NOT_FOUND', message: 'no such route' });
      const key = `${blob[1]}/${blob[2]}`;
      if (method === 'HEAD') {
        const sha = blobs.get(key);
        res.writeHead(sha ? 200 : 404, sha ? { [CONTENT_SHA256_HEADER]: sha } : {});
        return res.end();
      }
      if (method === 'PUT') {
        const body = Buffer.concat(chunks);
        const sha = createHash('sha256').update(body).digest('hex');
        if (sha !== req.headers[CONTENT_SHA256_HEADER])
          return json(res, 400, { code: 'HASH_MISMATCH', message: 'bytes do not match' });
        blobs.set(key, sha);
        return json(res, 201, { sha256: sha, size: body.length });
      }
      const s = served.get(key);
      if (method === 'GET' && s) {
        res.writeHead(200, {
          'content-type': 'image/jpeg',
          'content-length': String(s.bytes.length),
          [CONTENT_SHA256_HEADER]: s.sha256,
        });
        return res.end(s.bytes);
      }
      return json(res, 404, { code: 'NOT_FOUND', message: 'no such blob' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    blobs,
    limited,
    limit: (method, n, retryAfter) => (pending[method] = { n, retryAfter }),
    serve: (key, bytes, sha256) => served.set(key, { bytes, sha256 }),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A copy with one byte in the middle changed. */
function flipByte(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  const i = out.length >> 1;
  out[i] = out[i]! ^ 0xff;
  return out;
}

describe('blob transfers (stand-in server)', () => {
  const lib = tempDir();
  const photos = tempDir();
  let engine: Engine;
  let server: StandIn;
  let ids: string[];

  const client = (maxRetryAfterMs?: number): SyncClient => {
    const c = new SyncClient(
      engineInternals(engine).library.db,
      engineInternals(engine).library.dir,
      {
        ...(maxRetryAfterMs ? { maxRetryAfterMs } : {}),
      },
    );
    c.accounts.save(signedInAccount(server.url));
    return c;
  };

  beforeAll(async () => {
    server = await standIn();
    copyFixtures(photos.dir, [
      'jpeg_gps/exiftool__Google.jpg',
      'jpeg_gps/ianare__DSCN0010.jpg',
      'jpeg_gps/photoprism__ship.jpg',
    ]);
    engine = await Engine.open({ libraryDir: lib.dir, workers: 1, homeZone: 'UTC' });
    await engine.call('sources.add', { path: photos.dir });
    await engine.call('library.scan');
    ids = (await engine.call('photos.list')).map((p) => p.id);
    await engine.call('photo.setStarred', { ids: ids, starred: true });
  });

  afterAll(async () => {
    await engine?.close();
    await server?.close();
    lib.cleanup();
    photos.cleanup();
  });

  it('waits out 429s (Retry-After, capped) and finishes every upload in the same pass', async () => {
    const c = client(1500);
    const pending = c.uploads.count();
    expect(pending).toBe(ids.length * 3);
    server.limit('PUT', 4, '1');
    const started = Date.now();
    // The first HEAD asks for an hour: the wait is capped (here at 1.5 s).
    server.limit('HEAD', 1, '3600');
    const summary = await c.syncNow();
    expect(summary).toMatchObject({ uploaded: pending, uploadFailures: 0 });
    expect(server.limited).toEqual({ HEAD: 1, PUT: 4 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 1000 + 1500 - 50);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(server.blobs.size).toBe(pending);
    for (const id of ids) expect(server.blobs.get(`${id}/original`)).toBe(id);
    expect(c.status()).toMatchObject({ pendingUploads: 0, failedUploads: 0, lastError: null });
  }, 60_000);

  it('a download whose bytes do not match their sha256 fails clearly and leaves no file', async () => {
    const c = client();
    const id = ids[0]!;
    const original = fs.readFileSync(
      (await engine.call('photos.list')).find((p) => p.id === id)!.paths[0]!,
    );
    const damaged = flipByte(original);
    const remote = path.join(lib.dir, 'remote');
    // Damaged in transit: the announced hash is the true one.
    const preview = fs.readFileSync(
      (await engine.call('photos.list')).find((p) => p.id === id)!.thumbnails.preview!,
    );
    const damagedPreview = flipByte(preview);
    server.serve(
      `${id}/preview`,
      damagedPreview,
      createHash('sha256').update(preview).digest('hex'),
    );
    await expect(c.fetch(id, 'preview')).rejects.toMatchObject({
      code: 'HASH_MISMATCH',
      message: expect.stringMatching(/preview of .* arrived damaged/),
    });
    const thumb = Buffer.from('not the thumb');
    server.serve(`${id}/thumb`, thumb, createHash('sha256').update('the thumb').digest('hex'));
    await expect(c.fetch(id, 'thumb')).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
    // An original is its own hash: damaged bytes fail whatever the server announces.
    server.serve(`${id}/original`, damaged, createHash('sha256').update(damaged).digest('hex'));
    // (fetch prefers a local copy: move it away so the server's is asked for)
    const local = (await engine.call('photos.list')).find((p) => p.id === id)!.paths[0]!;
    fs.renameSync(local, `${local}.away`);
    try {
      await expect(c.fetch(id, 'original')).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
    } finally {
      fs.renameSync(`${local}.away`, local);
    }
    const left = fs.existsSync(remote) ? fs.readdirSync(remote, { recursive: true }) : [];
    expect(left.filter((f) => fs.statSync(path.join(remote, String(f))).isFile())).toEqual([]);
  });
});
