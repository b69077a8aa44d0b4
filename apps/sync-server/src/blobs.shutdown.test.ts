// Uploads across the end of a server: killed with SIGKILL mid-body (the real process,
// restarted on the same data dir), and closed gracefully while bodies are streaming.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SignInResponse } from '@encore/core/protocol';
import { FsBlobStore } from './blobs/fs-blob-store.js';
import { openPgliteDatabase } from './db/pglite.database.js';
import {
  blobHeaders,
  bytesOf,
  eventually,
  filesIn,
  gated,
  request,
  sha256,
} from './testing/blob-client.js';
import { PASSWORD, newUser, startTestServer, uniqueEmail } from './testing/test-server.js';
import type { Session } from './testing/test-server.js';
import { spawnServer, type ServerProcess } from './testing/server-process.js';

const MIB = 1024 * 1024;

type Child = ServerProcess;

const startChild = (dataDir: string): Promise<Child> => spawnServer({ dataDir });

async function json(base: string, urlPath: string, body: object) {
  return request(base, 'POST', urlPath, {
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(body)),
  });
}

describe('blob uploads when the server stops', () => {
  it('a server killed mid-upload restarts with nothing of it: no blob, empty tmp, earlier blobs intact', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'encore-blob-kill-'));
    const store = new FsBlobStore(path.join(dataDir, 'blobs'));
    let child: Child | null = null;
    try {
      child = await startChild(dataDir);
      const email = uniqueEmail();
      expect(
        (await json(child.url, '/v1/accounts', { v: 1, email, password: PASSWORD })).status,
      ).toBe(201);
      const signIn = await json(child.url, '/v1/sessions', {
        v: 1,
        email,
        password: PASSWORD,
        deviceName: 'laptop',
      });
      const { token } = signIn.json<SignInResponse>();

      const kept = bytesOf(256 * 1024, 'kept before the kill');
      const keptId = sha256(kept);
      const stored = await request(child.url, 'PUT', `/v1/blobs/${keptId}/original`, {
        headers: blobHeaders(token, keptId),
        body: kept,
      });
      expect(stored.status).toBe(201);

      // A large upload that stalls after 1 MiB: the server is writing its temp file.
      const big = bytesOf(8 * MIB, 'cut by the kill');
      const bigId = sha256(big);
      const never = new Promise<void>(() => {});
      const cut = request(child.url, 'PUT', `/v1/blobs/${bigId}/original`, {
        headers: blobHeaders(token, bigId, { 'content-length': String(big.length) }),
        body: gated(big, MIB, never),
      }).catch((err: Error) => err);
      await eventually(async () => {
        const [temp] = await filesIn(store.tmpDir);
        return temp !== undefined && (await stat(temp)).size > 0;
      }, 'the upload to reach the temp file');
      child.proc.kill('SIGKILL');
      await child.exited;
      expect(await cut).toBeInstanceOf(Error);
      expect(await filesIn(store.tmpDir)).toHaveLength(1);

      child = await startChild(dataDir);
      expect(await filesIn(store.tmpDir)).toEqual([]);
      const auth = { authorization: `Bearer ${token}` };
      const head = await request(child.url, 'HEAD', `/v1/blobs/${bigId}/original`, {
        headers: auth,
      });
      expect(head.status).toBe(404);
      const back = await request(child.url, 'GET', `/v1/blobs/${keptId}/original`, {
        headers: auth,
      });
      expect(back.status).toBe(200);
      expect(sha256(back.body)).toBe(keptId);
      expect(back.headers['x-content-sha256']).toBe(keptId);
      const usage = await request(child.url, 'GET', '/v1/blobs', { headers: auth });
      expect(usage.json()).toMatchObject({ usedBytes: kept.length, count: 1 });

      child.proc.kill('SIGTERM');
      expect(await child.exited).toBe(0);
    } finally {
      if (child && child.proc.exitCode === null) child.proc.kill('SIGKILL');
      await child?.exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('on close, an upload that finishes within the grace period is kept, one that does not is discarded', async () => {
    for (const finishes of [true, false]) {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'encore-blob-grace-'));
      const db = await openPgliteDatabase(null);
      const server = await startTestServer(
        db,
        { dataDir },
        { uploadGraceMs: finishes ? 60_000 : 50 },
      );
      const store = new FsBlobStore(path.join(dataDir, 'blobs'));
      let closing: Promise<void> | null = null;
      try {
        const base = await server.app.listen({ host: '127.0.0.1', port: 0 });
        const [s] = (await newUser(server.app, 1)) as [Session];
        const data = bytesOf(2 * MIB, `grace ${finishes}`);
        const photo = sha256(data);
        let open!: () => void;
        const gate = new Promise<void>((resolve) => (open = resolve));
        const upload = request(base, 'PUT', `/v1/blobs/${photo}/original`, {
          headers: blobHeaders(s.token, photo, { 'content-length': String(data.length) }),
          body: gated(data, MIB, gate),
        });
        await eventually(async () => (await filesIn(store.tmpDir)).length === 1, 'the upload');
        closing = server.app.close();
        if (finishes) open();
        const res = await upload;
        if (finishes) {
          expect(res.status).toBe(201);
        } else {
          expect(res.status).toBe(503);
          expect(res.json()).toEqual({ code: 'NOT_READY', message: expect.any(String) });
          open();
        }
        await closing;
        expect(await filesIn(store.tmpDir)).toEqual([]);
        const rows = await db.query('SELECT 1 FROM blobs WHERE sha256 = $1', [photo]);
        expect(rows.length).toBe(finishes ? 1 : 0);
      } finally {
        await (closing ?? server.app.close());
        await db.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  });
});
