// Signing in and out through the contract (what the desktop UI's form calls), against a
// loopback stub of the sync server's account routes: input is checked before any request,
// a failed first pass does not undo the sign-in, and sign-out works with the server gone.
import http from 'node:http';
import { engineInternals } from '../testing/index.js';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Events } from '../contract/index.js';
import { tempDir } from '../testing/temp.js';
import { Engine } from './engine.js';
import { closedPort } from '../testing/closed-port.js';

const PASSWORD = 'correct horse battery staple';

interface Seen {
  method: string;
  url: string;
  body: Record<string, unknown> | null;
}

/** Accounts and sessions like the real server; every sync route answers 500. */
function stubServer() {
  const users = new Set<string>();
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += String(c)));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      const reply = (status: number, value?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(value === undefined ? undefined : JSON.stringify(value));
      };
      const email = String(body?.email ?? '');
      if (req.method === 'POST' && req.url === '/v1/accounts') {
        if (users.has(email)) return reply(409, { code: 'EMAIL_TAKEN', message: 'taken' });
        users.add(email);
        return reply(201, { v: 1, user: { id: 'u1', email } });
      }
      if (req.method === 'POST' && req.url === '/v1/sessions') {
        if (!users.has(email) || body?.password !== PASSWORD)
          return reply(401, { code: 'INVALID_CREDENTIALS', message: 'Wrong email or password' });
        return reply(200, {
          v: 1,
          user: { id: 'u1', email },
          device: { id: 'd1', name: body.deviceName, createdAt: '', lastSeenAt: null },
          token: 'device-token',
        });
      }
      if (req.method === 'DELETE' && req.url === '/v1/devices/d1') return reply(204);
      reply(500, { code: 'INTERNAL', message: 'the stub does not sync' });
    });
  });
  return { server, seen, users };
}

describe('engine handlers: sync.signIn and sync.signOut', () => {
  const lib = tempDir();
  const stub = stubServer();
  let url: string;
  let engine: Engine;
  let events: Events['sync.changed'][] = [];

  beforeAll(async () => {
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
    engine = await Engine.open({ libraryDir: lib.dir, homeZone: 'UTC', workers: 1 });
    // The host's loop options: signing in later starts the loop with them (no retry storm).
    expect(engine.startSync({ minBackoffMs: 60_000, pollMs: 600_000 })).toBe(false);
    engine.on('sync.changed', (s) => events.push(s));
  });

  afterEach(() => {
    events = [];
    stub.seen.length = 0;
  });

  afterAll(async () => {
    await engine?.close();
    stub.server.closeAllConnections();
    await new Promise((resolve) => stub.server.close(resolve));
    lib.cleanup();
  });

  it('refuses missing fields with USAGE naming the field, before any request', async () => {
    const base = { server: url, email: 'fan@example.test', password: PASSWORD };
    for (const [field, q] of [
      ['server', { ...base, server: '  ' }],
      ['email', { ...base, email: '' }],
      ['password', { ...base, password: '' }],
    ] as const) {
      await expect(engine.call('sync.signIn', q)).rejects.toMatchObject({
        code: 'USAGE',
        message: `sync.signIn: ${field} is required`,
      });
    }
    await expect(
      engine.call('sync.signIn', { ...base, create: 'yes' as unknown as boolean }),
    ).rejects.toMatchObject({ code: 'USAGE' });
    await expect(
      engine.call('sync.signIn', { ...base, server: 'sync.example.test' }),
    ).rejects.toMatchObject({ code: 'BAD_SERVER_URL' });
    expect(stub.seen).toEqual([]);
    expect((await engine.call('sync.status')).state).toBe('signed-out');
  });

  it('reports a wrong password and an unreachable server, and stays signed out', async () => {
    stub.users.add('fan@example.test');
    await expect(
      engine.call('sync.signIn', { server: url, email: 'fan@example.test', password: 'wrong' }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(
      engine.call('sync.signIn', {
        server: `http://127.0.0.1:${await closedPort()}`,
        email: 'fan@example.test',
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'OFFLINE' });
    expect((await engine.call('sync.status')).state).toBe('signed-out');
    expect(events.map((e) => e.state)).toEqual(['signed-out', 'signed-out']);
  });

  it('creates an account and signs in even when the first pass fails; the status says why', async () => {
    const status = await engine.call('sync.signIn', {
      server: `${url}/`,
      email: ' new@example.test ',
      password: PASSWORD,
      create: true,
    });
    expect(status).toMatchObject({
      state: 'error',
      server: url,
      account: 'new@example.test',
      device: { id: 'd1', name: engineInternals(engine).sync.defaultDeviceName() },
      lastError: { code: 'SERVER_ERROR' },
    });
    expect(stub.seen.slice(0, 2).map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /v1/accounts',
      'POST /v1/sessions',
    ]);
    expect(events.at(-1)).toMatchObject({ account: 'new@example.test', state: 'error' });
    // A second account with that email is refused.
    await expect(
      engine.call('sync.signIn', {
        server: url,
        email: 'new@example.test',
        password: PASSWORD,
        create: true,
      }),
    ).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
  });

  it('signs out, revoking the device; signing out again is not an error', async () => {
    const out = await engine.call('sync.signOut');
    expect(out).toMatchObject({ state: 'signed-out', account: null, warning: null });
    expect(stub.seen.some((s) => s.method === 'DELETE' && s.url === '/v1/devices/d1')).toBe(true);
    expect(events.at(-1)?.state).toBe('signed-out');
    expect(await engine.call('sync.signOut')).toMatchObject({
      state: 'signed-out',
      warning: null,
    });
  });

  it('names the device as asked, and signs out with a warning when the server is gone', async () => {
    const status = await engine.call('sync.signIn', {
      server: url,
      email: 'fan@example.test',
      password: PASSWORD,
      deviceName: '  Stage laptop ',
    });
    expect(status.device?.name).toBe('Stage laptop');
    const session = stub.seen.find((s) => s.url === '/v1/sessions');
    expect(session?.body).toMatchObject({ deviceName: 'Stage laptop', password: PASSWORD });

    stub.server.closeAllConnections();
    await new Promise((resolve) => stub.server.close(resolve));
    const out = await engine.call('sync.signOut');
    expect(out.state).toBe('signed-out');
    expect(out.warning).toMatch(/could not revoke this device/);
  });
});
