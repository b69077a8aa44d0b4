// The blob routes' contract over real sockets, on embedded PGlite and on a real PostgreSQL
// (started here when its binaries are installed), with the filesystem blob store.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobPutResponse, BlobUsageResponse } from '@encore/core/protocol';
import type { Database } from './db/database.js';
import { openPgDatabase } from './db/pg.database.js';
import { openPgliteDatabase } from './db/pglite.database.js';
import { FsBlobStore } from './blobs/fs-blob-store.js';
import {
  blobHeaders,
  bytesOf,
  eventually,
  filesIn,
  gated,
  rawPartialPut,
  request,
  sha256,
} from './testing/blob-client.js';
import type { Body, HttpResult } from './testing/blob-client.js';
import { findPostgresBin, startPostgresCluster } from './testing/postgres-cluster.js';
import type { PgCluster } from './testing/postgres-cluster.js';
import { change, newUser, push, startTestServer } from './testing/test-server.js';
import type { Session, TestServer } from './testing/test-server.js';

const pgBin = findPostgresBin();
const KIB = 1024;
const MIB = 1024 * KIB;
const MAX = 3 * MIB;
const QUOTA = 5 * MIB;

describe.each([{ kind: 'pglite' as const }, { kind: 'postgres' as const }])(
  'blob contract on $kind',
  ({ kind }) => {
    const skip = kind === 'postgres' && !pgBin;
    let cluster: PgCluster | null = null;
    let db: Database;
    let server: TestServer;
    let base = '';
    let store: FsBlobStore;

    beforeAll(async () => {
      if (skip) return;
      if (kind === 'postgres') {
        cluster = await startPostgresCluster();
        db = await openPgDatabase({
          connectionString: await cluster!.createDatabase(),
          poolMax: 10,
        });
      } else {
        db = await openPgliteDatabase(null);
      }
      server = await startTestServer(db, { blobMaxBytes: MAX, blobQuotaBytes: QUOTA });
      base = await server.app.listen({ host: '127.0.0.1', port: 0 });
      store = new FsBlobStore(path.join(server.dataDir, 'blobs'));
    });

    afterAll(async () => {
      await server?.app.close();
      await db?.close();
      await cluster?.stop();
    });

    const url = (photo: string, variant = 'original') => `/v1/blobs/${photo}/${variant}`;
    const authOf = (s: Session) => ({ authorization: `Bearer ${s.token}` });
    const put = (
      s: Session,
      photo: string,
      variant: string,
      body: Body,
      sha: string,
      extra: Record<string, string> = {},
    ) =>
      request(base, 'PUT', url(photo, variant), {
        headers: blobHeaders(s.token, sha, extra),
        body,
      });
    const putOriginal = (s: Session, data: Buffer, extra: Record<string, string> = {}) =>
      put(s, sha256(data), 'original', data, sha256(data), extra);
    const get = (s: Session, photo: string, variant = 'original', extra = {}) =>
      request(base, 'GET', url(photo, variant), { headers: { ...authOf(s), ...extra } });
    const head = (s: Session, photo: string, variant = 'original') =>
      request(base, 'HEAD', url(photo, variant), { headers: authOf(s) });
    const usage = async (s: Session) =>
      (await request(base, 'GET', '/v1/blobs', { headers: authOf(s) })).json<BlobUsageResponse>();
    const records = async (sha: string) =>
      (
        await db.query<{ user_id: string }>('SELECT user_id FROM blobs WHERE sha256 = $1', [sha])
      ).map((r) => r.user_id);
    const objectExists = (sha: string) =>
      stat(store.objectPath(sha)).then(
        () => true,
        () => false,
      );
    const tmpFiles = () => filesIn(store.tmpDir);
    const expectError = (res: HttpResult, status: number, code: string) => {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json()).toEqual({ code, message: expect.any(String) });
    };

    describe.skipIf(skip)('contract', () => {
      it('round-trips PUT, HEAD, GET with ETag, 304 and a range, DELETE, and counts usage', async () => {
        const [s] = (await newUser(server.app, 1)) as [Session];
        const original = bytesOf(200 * KIB, `${kind} original`);
        const thumb = bytesOf(5 * KIB, `${kind} thumb`);
        const photo = sha256(original);

        const created = await putOriginal(s, original);
        expect(created.status).toBe(201);
        const body = created.json<BlobPutResponse>();
        expect(body).toEqual({
          v: 1,
          created: true,
          blob: {
            photo,
            variant: 'original',
            sha256: photo,
            size: original.length,
            contentType: 'image/jpeg',
            createdAt: expect.any(String),
          },
        });
        const again = await putOriginal(s, original);
        expect(again.status).toBe(200);
        expect(again.json<BlobPutResponse>()).toEqual({ ...body, created: false });
        const t = await put(s, photo, 'thumb', thumb, sha256(thumb), {
          'content-type': 'image/webp',
        });
        expect(t.status).toBe(201);

        const h = await head(s, photo);
        expect(h.status).toBe(200);
        expect(h.body.length).toBe(0);
        expect(h.headers).toMatchObject({
          etag: `"${photo}"`,
          'content-length': String(original.length),
          'content-type': 'image/jpeg',
          'x-content-sha256': photo,
        });

        const g = await get(s, photo, 'thumb');
        expect(g.status).toBe(200);
        expect(g.body.equals(thumb)).toBe(true);
        expect(g.headers).toMatchObject({
          etag: `"${sha256(thumb)}"`,
          'cache-control': 'private, max-age=31536000, immutable',
          'content-type': 'image/webp',
          'content-length': String(thumb.length),
        });
        const cached = await get(s, photo, 'thumb', { 'if-none-match': `"${sha256(thumb)}"` });
        expect(cached.status).toBe(304);
        expect(cached.body.length).toBe(0);
        const stale = await get(s, photo, 'thumb', { 'if-none-match': '"something-else"' });
        expect(stale.status).toBe(200);

        const part = await get(s, photo, 'original', { range: 'bytes=1000-1999' });
        expect(part.status).toBe(206);
        expect(part.headers['content-range']).toBe(`bytes 1000-1999/${original.length}`);
        expect(part.body.equals(original.subarray(1000, 2000))).toBe(true);
        const tail = await get(s, photo, 'original', { range: 'bytes=-10' });
        expect(tail.body.equals(original.subarray(-10))).toBe(true);
        const beyond = await get(s, photo, 'original', { range: `bytes=${original.length}-` });
        expectError(beyond, 416, 'RANGE_NOT_SATISFIABLE');
        expect(beyond.headers['content-range']).toBe(`bytes */${original.length}`);

        expect(await usage(s)).toEqual({
          v: 1,
          usedBytes: original.length + thumb.length,
          quotaBytes: QUOTA,
          count: 2,
        });

        const del = await request(base, 'DELETE', url(photo, 'thumb'), { headers: authOf(s) });
        expect(del.status).toBe(204);
        expect((await head(s, photo, 'thumb')).status).toBe(404);
        expectError(await get(s, photo, 'thumb'), 404, 'NOT_FOUND');
        expect(await objectExists(sha256(thumb))).toBe(false);
        expectError(
          await request(base, 'DELETE', url(photo, 'thumb'), { headers: authOf(s) }),
          404,
          'NOT_FOUND',
        );
        expect(await usage(s)).toMatchObject({ usedBytes: original.length, count: 1 });

        // Bad paths and a missing token.
        expectError(await get(s, 'ABC', 'original'), 400, 'BAD_REQUEST');
        expectError(await get(s, photo, 'poster'), 400, 'BAD_REQUEST');
        expectError(await request(base, 'GET', url(photo)), 401, 'UNAUTHORIZED');
      });

      it("keeps user B out of user A's blobs; the same bytes from B are B's own record, stored once", async () => {
        const [a] = (await newUser(server.app, 1)) as [Session];
        const [b] = (await newUser(server.app, 1)) as [Session];
        const data = bytesOf(64 * KIB, `${kind} shared`);
        const photo = sha256(data);
        expect((await putOriginal(a, data)).status).toBe(201);

        expect((await head(b, photo)).status).toBe(404);
        expectError(await get(b, photo), 404, 'NOT_FOUND');
        expectError(
          await request(base, 'DELETE', url(photo), { headers: authOf(b) }),
          404,
          'NOT_FOUND',
        );
        expect(await usage(b)).toEqual({ v: 1, usedBytes: 0, quotaBytes: QUOTA, count: 0 });
        expect((await get(a, photo)).status).toBe(200);

        expect((await putOriginal(b, data)).status).toBe(201);
        expect((await records(photo)).sort()).toEqual([a.userId, b.userId].sort());
        expect((await stat(store.objectPath(photo))).nlink).toBe(1);
        expect((await filesIn(store.objectsDir)).filter((f) => f.endsWith(photo))).toHaveLength(1);

        // A's delete leaves B's copy; B's delete removes the object.
        expect((await request(base, 'DELETE', url(photo), { headers: authOf(a) })).status).toBe(
          204,
        );
        expect((await get(b, photo)).body.equals(data)).toBe(true);
        expect((await request(base, 'DELETE', url(photo), { headers: authOf(b) })).status).toBe(
          204,
        );
        expect(await objectExists(photo)).toBe(false);
      });

      it('refuses a body that does not hash as declared (422) and an original not hashing to its id (400)', async () => {
        const [s] = (await newUser(server.app, 1)) as [Session];
        const data = bytesOf(300 * KIB, `${kind} wrong`);
        const claimed = sha256('something else');
        const wrong = await put(s, sha256(data), 'preview', data, claimed);
        expectError(wrong, 422, 'HASH_MISMATCH');
        expect(await records(claimed)).toEqual([]);
        expect(await records(sha256(data))).toEqual([]);
        expect(await objectExists(sha256(data))).toBe(false);
        expect(await objectExists(claimed)).toBe(false);
        expect(await tmpFiles()).toEqual([]);

        const notItsId = await put(s, sha256('another photo'), 'original', data, sha256(data));
        expectError(notItsId, 400, 'BAD_REQUEST');
        expect(notItsId.json<{ message: string }>().message).toMatch(/^x-content-sha256: /);
        const missing = await request(base, 'PUT', url(sha256(data)), {
          headers: { ...authOf(s), 'content-type': 'image/jpeg' },
          body: data,
        });
        expectError(missing, 400, 'BAD_REQUEST');
        expect(missing.json<{ message: string }>().message).toMatch(/^x-content-sha256: required/);
        const json = await putOriginal(s, data, { 'content-type': 'application/json' });
        expectError(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
        expect(await usage(s)).toMatchObject({ usedBytes: 0, count: 0 });
        expect(await tmpFiles()).toEqual([]);
      });

      it('stores nothing from a client that dies mid-body', async () => {
        const [s] = (await newUser(server.app, 1)) as [Session];
        const data = bytesOf(MIB, `${kind} truncated`);
        const photo = sha256(data);
        const socket = await rawPartialPut(
          base,
          url(photo),
          blobHeaders(s.token, photo),
          data.length,
          data.subarray(0, 256 * KIB),
        );
        // The server is streaming it to a temp file; then the client goes away.
        await eventually(async () => (await tmpFiles()).length === 1, 'the upload to start');
        socket.destroy();
        await eventually(async () => (await tmpFiles()).length === 0, 'the temp file to go');
        expect((await head(s, photo)).status).toBe(404);
        expect(await records(photo)).toEqual([]);
        expect(await objectExists(photo)).toBe(false);
        // The server still takes the whole upload afterwards.
        expect((await putOriginal(s, data)).status).toBe(201);
      });

      it('takes the same blob from two devices and from one device twice at once: one object, one record per user', async () => {
        const [a1, a2] = (await newUser(server.app, 2)) as [Session, Session];
        const [b] = (await newUser(server.app, 1)) as [Session];
        const data = bytesOf(MIB, `${kind} concurrent`);
        const photo = sha256(data);
        let open!: () => void;
        const gate = new Promise<void>((resolve) => (open = resolve));
        // Every body stops halfway until all four are streaming, so all pass the early
        // checks before any commits.
        const uploads = [a1, a2, a1, b].map((s) =>
          put(s, photo, 'original', gated(data, data.length / 2, gate), photo, {
            'content-length': String(data.length),
          }),
        );
        await eventually(async () => (await tmpFiles()).length === 4, 'four uploads streaming');
        open();
        const results = await Promise.all(uploads);
        const statuses = results.map((r) => r.status);
        expect(statuses.slice(0, 3).sort()).toEqual([200, 200, 201]);
        expect(statuses[3]).toBe(201);
        expect(results.map((r) => r.json<BlobPutResponse>().blob.sha256)).toEqual(
          Array(4).fill(photo),
        );
        expect((await records(photo)).sort()).toEqual([a1.userId, b.userId].sort());
        expect((await filesIn(store.objectsDir)).filter((f) => f.endsWith(photo))).toHaveLength(1);
        expect((await stat(store.objectPath(photo))).nlink).toBe(1);
        expect(await tmpFiles()).toEqual([]);
        expect((await get(a2, photo)).body.equals(data)).toBe(true);
      });

      it('refuses uploads over the quota and over BLOB_MAX_MB with 413, keeping earlier blobs', async () => {
        const [s, s2] = (await newUser(server.app, 2)) as [Session, Session];
        const first = bytesOf(2 * MIB, `${kind} q1`);
        const second = bytesOf(2 * MIB, `${kind} q2`);
        const third = bytesOf(2 * MIB, `${kind} q3`);
        expect((await putOriginal(s, first)).status).toBe(201);
        expect((await putOriginal(s2, second)).status).toBe(201);

        // Content-Length says it cannot fit: refused before the body.
        const declared = await putOriginal(s, third);
        expectError(declared, 413, 'QUOTA_EXCEEDED');
        expect(declared.headers.connection).toBe('close');
        // Chunked: refused when the count crosses the quota.
        const chunked = await put(
          s,
          sha256(third),
          'original',
          gated(third, 0, Promise.resolve()),
          sha256(third),
        );
        expectError(chunked, 413, 'QUOTA_EXCEEDED');

        const huge = bytesOf(MAX + 1, `${kind} huge`);
        const [u] = (await newUser(server.app, 1)) as [Session];
        expectError(await putOriginal(u, huge), 413, 'PAYLOAD_TOO_LARGE');
        const hugeChunked = await put(
          u,
          sha256(huge),
          'original',
          gated(huge, 0, Promise.resolve()),
          sha256(huge),
        );
        expectError(hugeChunked, 413, 'PAYLOAD_TOO_LARGE');
        expect(await usage(u)).toMatchObject({ usedBytes: 0, count: 0 });

        await eventually(async () => (await tmpFiles()).length === 0, 'refused uploads to go');
        expect(await records(sha256(third))).toEqual([]);
        expect(await objectExists(sha256(third))).toBe(false);
        expect(await usage(s)).toMatchObject({ usedBytes: 4 * MIB, count: 2 });
        expect((await get(s2, sha256(first))).body.equals(first)).toBe(true);
        expect((await get(s, sha256(second))).body.equals(second)).toBe(true);
      });

      it('lets only one of two concurrent uploads take the last of the quota', async () => {
        const [d1, d2] = (await newUser(server.app, 2)) as [Session, Session];
        const blobs = [bytesOf(3 * MIB, `${kind} race 1`), bytesOf(3 * MIB, `${kind} race 2`)];
        let open!: () => void;
        const gate = new Promise<void>((resolve) => (open = resolve));
        // Each fits alone (3 of 5 MiB); both stream past the early check before either commits.
        const uploads = blobs.map((data, i) =>
          put(
            [d1, d2][i] as Session,
            sha256(data),
            'original',
            gated(data, MIB, gate),
            sha256(data),
            {
              'content-length': String(data.length),
            },
          ),
        );
        await eventually(async () => (await tmpFiles()).length === 2, 'both uploads streaming');
        open();
        const results = await Promise.all(uploads);
        expect(results.map((r) => r.status).sort()).toEqual([201, 413]);
        expectError(
          results.find((r) => r.status === 413)!,
          413,
          'QUOTA_EXCEEDED',
        );
        expect(await usage(d1)).toMatchObject({ usedBytes: 3 * MIB, count: 1 });
        expect(await tmpFiles()).toEqual([]);
      });

      it('answers 409 BLOB_EXISTS to different bytes for a variant the user has, keeping the first', async () => {
        const [s] = (await newUser(server.app, 1)) as [Session];
        const photo = sha256(`${kind} photo of the preview`);
        const v1 = bytesOf(10 * KIB, `${kind} preview 1`);
        const v2 = bytesOf(10 * KIB, `${kind} preview 2`);
        expect((await put(s, photo, 'preview', v1, sha256(v1))).status).toBe(201);
        expectError(await put(s, photo, 'preview', v2, sha256(v2)), 409, 'BLOB_EXISTS');
        expect((await get(s, photo, 'preview')).body.equals(v1)).toBe(true);
        expect(await objectExists(sha256(v2))).toBe(false);
      });

      it('deletes the blobs of photos unstarred for longer than the grace period, and only those', async () => {
        if (skip) return;
        const [s] = await newUser(server.app);
        const kept = bytesOf(4 * KIB, 'gc kept');
        const dropped = bytesOf(4 * KIB, 'gc dropped');
        const fresh = bytesOf(4 * KIB, 'gc unstarred recently');
        const day = 86_400_000;
        const t0 = server.clock.now().getTime();
        const star = (data: Buffer, value: boolean, wall: number) =>
          change(s!, { row: sha256(data), value, wall });
        expect(
          (
            await push(server.app, s!, [
              star(kept, true, t0),
              star(dropped, true, t0),
              star(fresh, true, t0),
              star(dropped, false, t0 + 1),
            ])
          ).status,
        ).toBe(200);
        for (const data of [kept, dropped, fresh])
          expect((await putOriginal(s!, data)).status).toBe(201);
        // 31 days on, `fresh` is unstarred: its grace period starts then.
        server.clock.advance(31 * day);
        const later = server.clock.now().getTime();
        expect((await push(server.app, s!, [star(fresh, false, later)], 1)).status).toBe(200);
        const result = await server.app.encore.compact();
        expect(result.blobsSwept).toBe(1);
        const head = (data: Buffer) =>
          request(base, 'HEAD', url(sha256(data)), { headers: authOf(s!) }).then((r) => r.status);
        expect(await head(dropped)).toBe(404);
        expect(await head(kept)).toBe(200);
        expect(await head(fresh)).toBe(200);
        expect(await store.stat(sha256(dropped))).toBeNull();
        server.clock.advance(-31 * day);
      });

      it('counts blob bytes and in-flight uploads in /metrics, and keeps tokens out of the log', async () => {
        const [s] = (await newUser(server.app, 1)) as [Session];
        const data = bytesOf(32 * KIB, `${kind} metrics`);
        expect((await putOriginal(s, data)).status).toBe(201);
        const metrics = (await request(base, 'GET', '/metrics')).body.toString();
        const bytes = Number(/encore_blob_bytes_uploaded_total (\d+)/.exec(metrics)?.[1]);
        expect(bytes).toBeGreaterThanOrEqual(data.length);
        expect(metrics).toContain('encore_blob_uploads_in_flight 0');
        expect(metrics).toContain(
          'encore_http_requests_total{method="PUT",route="/v1/blobs/:photo/:variant",status="201"}',
        );
        const text = server.logs.join('');
        expect(text).toContain('blob stored');
        expect(text).not.toContain(s.token);
        // Refused, cut and raced uploads above were answers, not server errors.
        const errors = server.logs.filter(
          (line) => (JSON.parse(line) as { level: number }).level >= 50,
        );
        expect(errors).toEqual([]);
      });
    });
  },
);
