// SyncLoop's passes around nudges and failures, and its WebSocket to the server's
// /v1/events: pokes wake a pass, a 4001 close or a 401 wakes one (to report the token), other
// closes reconnect with backoff.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SyncClient, SyncSummary } from './client.js';
import { SyncError } from './http.js';
import { SyncLoop } from './loop.js';

const SUMMARY: SyncSummary = {
  bootstrapped: false,
  pushed: 0,
  pulled: 0,
  applied: 0,
  uploaded: 0,
  uploadFailures: 0,
};

function fakeClient(opts: {
  results?: (SyncSummary | unknown)[];
  account?: () => { server: string; token: string | null; cursor: number | null } | null;
  slow?: () => Promise<void>;
}) {
  const results = opts.results ?? [];
  const client = {
    account: opts.account ?? (() => null),
    syncNow: vi.fn(async () => {
      await opts.slow?.();
      const next = results.length ? results.shift() : SUMMARY;
      if (next !== SUMMARY && !(typeof next === 'object' && next && 'pushed' in next)) throw next;
      return next as SyncSummary;
    }),
  } as unknown as SyncClient;
  return client;
}

const loops: SyncLoop[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const l of loops.splice(0)) await l.stop();
});
function track(l: SyncLoop): SyncLoop {
  loops.push(l);
  return l;
}

describe('SyncLoop passes', () => {
  it('reports every pass, wrapping what is not an Error, and honours a long Retry-After', async () => {
    vi.useFakeTimers();
    const limited = new SyncError('RATE_LIMITED', 'slow down', 429, 30_000);
    const client = fakeClient({ results: ['a string', limited] });
    const passes: ({ ok: true } | { ok: false; error: Error })[] = [];
    const loop = track(
      new SyncLoop(client, {
        minBackoffMs: 1000,
        pollMs: 600_000,
        random: () => 1,
        onPass: (r) => passes.push(r),
      }),
    );
    expect(loop.running).toBe(false);
    loop.start();
    loop.start(); // already running: no second pass
    expect(loop.running).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(client.syncNow).toHaveBeenCalledTimes(1);
    expect(passes[0]).toMatchObject({ ok: false });
    expect((passes[0] as { error: Error }).error).toBeInstanceOf(Error);
    expect((passes[0] as { error: Error }).error.message).toBe('a string');
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.syncNow).toHaveBeenCalledTimes(2);
    // backoff(2) is 2 s; the server asked for 30 s.
    await vi.advanceTimersByTimeAsync(29_000);
    expect(client.syncNow).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.syncNow).toHaveBeenCalledTimes(3);
    expect(passes.map((p) => p.ok)).toEqual([false, false, true]);
    // Then it polls.
    await vi.advanceTimersByTimeAsync(599_999);
    expect(client.syncNow).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.syncNow).toHaveBeenCalledTimes(4);
  });

  it('uses the longer backoff when Retry-After is shorter', async () => {
    vi.useFakeTimers();
    const client = fakeClient({
      results: [new SyncError('SERVER_ERROR', 'x', 503, 10), SUMMARY],
    });
    const loop = track(
      new SyncLoop(client, { minBackoffMs: 1000, pollMs: 600_000, random: () => 1 }),
    );
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(999);
    expect(client.syncNow).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.syncNow).toHaveBeenCalledTimes(2);
  });

  it('a nudge during a pass runs another right after it; a nudge while backing off waits', async () => {
    vi.useFakeTimers();
    let release!: () => void;
    let gate: Promise<void> | null = new Promise((r) => (release = r));
    const client = fakeClient({
      slow: async () => {
        const g = gate;
        gate = null;
        await g;
      },
    });
    const loop = track(new SyncLoop(client, { debounceMs: 300, pollMs: 600_000 }));
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    loop.nudge();
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.syncNow).toHaveBeenCalledTimes(2);

    const failing = fakeClient({ results: [new SyncError('OFFLINE', 'x')] });
    const backingOff = track(
      new SyncLoop(failing, {
        debounceMs: 300,
        minBackoffMs: 5000,
        pollMs: 600_000,
        random: () => 1,
      }),
    );
    backingOff.start();
    await vi.advanceTimersByTimeAsync(0);
    backingOff.nudge();
    await vi.advanceTimersByTimeAsync(4000);
    expect(failing.syncNow).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(failing.syncNow).toHaveBeenCalledTimes(2);
  });

  it('does nothing once stopped: no nudged pass, no poll', async () => {
    vi.useFakeTimers();
    const client = fakeClient({});
    const loop = new SyncLoop(client, { debounceMs: 300, pollMs: 1000 });
    loop.nudge();
    await vi.advanceTimersByTimeAsync(5000);
    expect(client.syncNow).not.toHaveBeenCalled();
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    await loop.stop();
    loop.nudge();
    await vi.advanceTimersByTimeAsync(5000);
    expect(client.syncNow).toHaveBeenCalledTimes(1);
    expect(loop.running).toBe(false);
  });

  it('has sane defaults: 300 ms debounce, a minute of polling', async () => {
    vi.useFakeTimers();
    const client = fakeClient({});
    const loop = track(new SyncLoop(client));
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    loop.nudge();
    await vi.advanceTimersByTimeAsync(299);
    expect(client.syncNow).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.syncNow).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(client.syncNow).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.syncNow).toHaveBeenCalledTimes(3);
    const backoff = new SyncLoop(client, { random: () => 1 });
    expect(backoff.backoff(1)).toBe(1000);
    expect(backoff.backoff(30)).toBe(300_000);
  });
});

describe('SyncLoop events socket', () => {
  let server: http.Server;
  let wss: WebSocketServer;
  let url: string;
  const sockets: WebSocket[] = [];
  const upgrades: http.IncomingMessage[] = [];
  let refuse = 0;

  beforeAll(async () => {
    server = http.createServer();
    wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req, socket, head) => {
      upgrades.push(req);
      if (refuse > 0) {
        refuse--;
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => sockets.push(ws));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/base`;
  });
  afterAll(async () => {
    for (const s of wss.clients) s.terminate();
    wss.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  afterEach(() => {
    sockets.length = 0;
    upgrades.length = 0;
    refuse = 0;
  });

  async function until(cond: () => boolean, what: string): Promise<void> {
    const end = Date.now() + 5000;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  function loopWith(cursor: number | null, token: string | null = 'tok') {
    const client = fakeClient({ account: () => ({ server: url, token, cursor }) });
    const loop = track(
      new SyncLoop(client, { pollMs: 600_000, minBackoffMs: 20, maxBackoffMs: 40 }),
    );
    return { client, loop };
  }

  it('connects to <server>/v1/events with the token and syncs on a poke past its cursor', async () => {
    const { client, loop } = loopWith(5);
    loop.start();
    await until(() => sockets.length === 1, 'the socket');
    await until(() => vi.mocked(client.syncNow).mock.calls.length === 1, 'the first pass');
    expect(upgrades[0]!.url).toBe('/base/v1/events');
    expect(upgrades[0]!.headers.authorization).toBe('Bearer tok');
    sockets[0]!.send('not json');
    sockets[0]!.send(JSON.stringify({ type: 'other', seq: 9 }));
    sockets[0]!.send(JSON.stringify({ type: 'poke', seq: 5 }));
    await new Promise((r) => setTimeout(r, 100));
    expect(client.syncNow).toHaveBeenCalledTimes(1);
    sockets[0]!.send(JSON.stringify({ type: 'poke', seq: 6 }));
    await until(() => vi.mocked(client.syncNow).mock.calls.length === 2, 'the poked pass');
  });

  it('any poke wakes a library that has never synced', async () => {
    const { client, loop } = loopWith(null);
    loop.start();
    await until(() => sockets.length === 1, 'the socket');
    await until(() => vi.mocked(client.syncNow).mock.calls.length === 1, 'the first pass');
    sockets[0]!.send(JSON.stringify({ type: 'poke', seq: 0 }));
    await until(() => vi.mocked(client.syncNow).mock.calls.length === 2, 'the poked pass');
  });

  it('opens no socket without a token', async () => {
    const { client, loop } = loopWith(0, null);
    loop.start();
    await until(() => vi.mocked(client.syncNow).mock.calls.length === 1, 'the first pass');
    await new Promise((r) => setTimeout(r, 100));
    expect(upgrades).toHaveLength(0);
  });

  it('reconnects after the server drops the socket; a 4001 close syncs instead', async () => {
    const { client, loop } = loopWith(0);
    loop.start();
    await until(() => sockets.length === 1, 'the socket');
    await until(() => vi.mocked(client.syncNow).mock.calls.length === 1, 'the first pass');
    sockets[0]!.close(1001);
    await until(() => sockets.length === 2, 'a reconnect');
    expect(client.syncNow).toHaveBeenCalledTimes(1);
    sockets[1]!.close(4001, 'token revoked');
    await until(() => vi.mocked(client.syncNow).mock.calls.length === 2, 'a pass after 4001');
    await new Promise((r) => setTimeout(r, 150));
    expect(sockets).toHaveLength(2);
  });

  it('a 401 on the upgrade wakes a pass (which will report the token)', async () => {
    refuse = 1;
    const { client, loop } = loopWith(0);
    loop.start();
    await until(() => upgrades.length >= 1, 'the upgrade');
    await until(() => vi.mocked(client.syncNow).mock.calls.length >= 1, 'a pass');
    await loop.stop();
    expect(loop.running).toBe(false);
  });

  it('stop() closes the socket and stops reconnecting', async () => {
    const { loop } = loopWith(0);
    loop.start();
    await until(() => sockets.length === 1, 'the socket');
    const closed = new Promise((r) => sockets[0]!.once('close', r));
    await loop.stop();
    await closed;
    await new Promise((r) => setTimeout(r, 150));
    expect(sockets).toHaveLength(1);
  });
});
