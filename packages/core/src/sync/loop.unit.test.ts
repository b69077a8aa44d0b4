import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncClient, SyncSummary } from './client.js';
import { SyncError, errorFromResponse, parseServerUrl } from './http.js';
import { SyncLoop } from './loop.js';

const SUMMARY: SyncSummary = {
  bootstrapped: false,
  pushed: 0,
  pulled: 0,
  applied: 0,
  uploaded: 0,
  uploadFailures: 0,
};

/** A client whose passes follow a script: each entry is a result or an error to throw. */
function scripted(results: (SyncSummary | Error)[]) {
  const calls: number[] = [];
  const client = {
    account: () => null,
    syncNow: vi.fn(async () => {
      calls.push(Date.now());
      const next = results.shift() ?? SUMMARY;
      if (next instanceof Error) throw next;
      return next;
    }),
  } as unknown as SyncClient;
  return { client, calls };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SyncLoop', () => {
  it('backs off exponentially with jitter, capped, and honours Retry-After', () => {
    const loop = new SyncLoop(scripted([]).client, {
      minBackoffMs: 1000,
      maxBackoffMs: 60_000,
      random: () => 1,
    });
    expect([1, 2, 3, 4, 7, 30].map((n) => loop.backoff(n))).toEqual([
      1000, 2000, 4000, 8000, 60_000, 60_000,
    ]);
    const low = new SyncLoop(scripted([]).client, { minBackoffMs: 1000, random: () => 0 });
    expect(low.backoff(1)).toBe(500);
  });

  it('retries a failing server with growing pauses, then runs normally again', async () => {
    vi.useFakeTimers();
    const offline = new SyncError('OFFLINE', 'cannot reach');
    const { client, calls } = scripted([offline, offline, offline, SUMMARY]);
    const passes: boolean[] = [];
    const loop = new SyncLoop(client, {
      minBackoffMs: 1000,
      pollMs: 600_000,
      random: () => 1,
      onPass: (r) => passes.push(r.ok),
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(2000);
    await vi.advanceTimersByTimeAsync(4000);
    expect(passes).toEqual([false, false, false, true]);
    const gaps = calls.slice(1).map((t, i) => t - calls[i]!);
    expect(gaps).toEqual([1000, 2000, 4000]);
    await loop.stop();
  });

  it('stops when the token is refused, until the user signs in again', async () => {
    vi.useFakeTimers();
    const { client } = scripted([new SyncError('TOKEN_REVOKED', 'revoked', 401)]);
    const loop = new SyncLoop(client, { pollMs: 1000 });
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(loop.running).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(client.syncNow).toHaveBeenCalledTimes(1);
    // Stopping it afterwards (the app quitting, a new sign-in) returns at once.
    await loop.stop();
  });

  it('batches a burst of local changes into one pass', async () => {
    vi.useFakeTimers();
    const { client } = scripted([]);
    const loop = new SyncLoop(client, { debounceMs: 300, pollMs: 600_000 });
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 10; i++) {
      loop.nudge();
      await vi.advanceTimersByTimeAsync(50);
    }
    await vi.advanceTimersByTimeAsync(300);
    expect(client.syncNow).toHaveBeenCalledTimes(2);
    await loop.stop();
  });
});

describe('sync HTTP errors', () => {
  it('maps server error bodies, 5xx and 429 to codes and retry hints', () => {
    const body = JSON.stringify({ code: 'TOKEN_EXPIRED', message: 'token expired' });
    expect(errorFromResponse(401, body, null)).toMatchObject({
      code: 'TOKEN_EXPIRED',
      auth: true,
      transient: false,
    });
    expect(errorFromResponse(503, 'Bad gateway', null)).toMatchObject({
      code: 'SERVER_ERROR',
      transient: true,
    });
    expect(errorFromResponse(429, '{"code":"RATE_LIMITED","message":"slow"}', '7')).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 7000,
      transient: true,
    });
  });

  it('refuses server addresses that are not http(s) URLs, naming the flag', () => {
    expect(() => parseServerUrl('sync.example.com')).toThrow(
      /--server sync.example.com: not a URL/,
    );
    expect(() => parseServerUrl('ftp://x')).toThrow(/must be an http:\/\/ or https:\/\/ URL/);
    expect(parseServerUrl('https://x.example/base').toString()).toBe('https://x.example/base/');
  });
});
