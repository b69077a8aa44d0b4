// Keeps a signed-in library in sync in the background: a pass when something changed here
// (nudge), when the server pokes over its WebSocket, and on a slow timer (changes another
// process wrote to this library, a missed poke). Failures back off exponentially with
// jitter, up to five minutes, however long the network stays away; a rejected token stops
// the loop until the user signs in again.
import WebSocket from 'ws';
import { errorMessage } from '../domain/errors.js';
import { ServerEventSchema } from '../protocol/index.js';
import type { SyncClient, SyncSummary } from './client.js';
import { SyncError } from './http.js';

export interface SyncLoopOptions {
  /** Quiet time after a nudge before syncing (batches a burst of stars). */
  debounceMs?: number;
  /** Sync this often even without pokes or nudges. */
  pollMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  onPass?: (result: { ok: true; summary: SyncSummary } | { ok: false; error: Error }) => void;
  /** Randomness for the jitter (tests fix it). */
  random?: () => number;
}

export class SyncLoop {
  private readonly debounceMs: number;
  private readonly pollMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly random: () => number;
  private timer: NodeJS.Timeout | null = null;
  private socket: WebSocket | null = null;
  private socketRetry: NodeJS.Timeout | null = null;
  private socketFailures = 0;
  private failures = 0;
  private stopped = true;
  private inFlight: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly client: SyncClient,
    private readonly options: SyncLoopOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 300;
    this.pollMs = options.pollMs ?? 60_000;
    this.minBackoffMs = options.minBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
    this.random = options.random ?? Math.random;
  }

  get running(): boolean {
    return !this.stopped;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.failures = 0;
    this.schedule(0);
    this.connect();
  }

  /** Something changed locally: sync soon. */
  nudge(): void {
    if (this.stopped) return;
    if (this.inFlight) this.again = true;
    else if (this.failures === 0) this.schedule(this.debounceMs);
  }

  async stop(): Promise<void> {
    this.halt();
    await this.inFlight;
  }

  /** Stops timers and the socket now, without waiting for a pass in flight. */
  private halt(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.socketRetry) clearTimeout(this.socketRetry);
    this.timer = null;
    this.socketRetry = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.inFlight = this.pass().finally(() => {
        this.inFlight = null;
      });
    }, ms);
    this.timer.unref?.();
  }

  private async pass(): Promise<void> {
    if (this.stopped) return;
    this.again = false;
    try {
      const summary = await this.client.syncNow();
      this.failures = 0;
      this.options.onPass?.({ ok: true, summary });
      this.schedule(this.again ? 0 : this.pollMs);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(errorMessage(err));
      this.options.onPass?.({ ok: false, error });
      if (err instanceof SyncError && err.auth) {
        // Signing in again is the user's move; nothing to retry until then. (Not stop():
        // this pass is the one stop() would wait for.)
        this.halt();
        return;
      }
      this.failures++;
      const backoff = this.backoff(this.failures);
      const wait =
        err instanceof SyncError && err.retryAfterMs
          ? Math.max(err.retryAfterMs, backoff)
          : backoff;
      this.schedule(wait);
    }
  }

  /** Exponential with full jitter in [base/2, base]. */
  backoff(failures: number): number {
    const base = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** Math.min(failures - 1, 20));
    return Math.round(base / 2 + (this.random() * base) / 2);
  }

  private connect(): void {
    const account = this.client.account();
    if (this.stopped || !account?.token) return;
    const url = new URL(
      'v1/events',
      account.server.endsWith('/') ? account.server : `${account.server}/`,
    );
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${account.token}` } });
    this.socket = socket;
    socket.on('open', () => {
      this.socketFailures = 0;
    });
    socket.on('message', (data) => {
      let parsed;
      try {
        parsed = ServerEventSchema.safeParse(JSON.parse(String(data)));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const cursor = this.client.account()?.cursor ?? null;
      if (cursor === null || parsed.data.seq > cursor) this.wake();
    });
    socket.on('unexpected-response', (_req, res) => {
      // 401: the token is gone; the next pass reports it and stops the loop.
      if (res.statusCode === 401) this.wake();
      socket.terminate();
    });
    socket.on('error', () => undefined);
    socket.on('close', (code) => {
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      if (code === 4001) {
        this.wake();
        return;
      }
      this.socketFailures++;
      this.socketRetry = setTimeout(() => {
        this.socketRetry = null;
        this.connect();
      }, this.backoff(this.socketFailures));
      this.socketRetry.unref?.();
    });
  }

  /** A poke: the server has something new (also clears a backoff: the server is up). */
  private wake(): void {
    if (this.stopped) return;
    this.failures = 0;
    if (this.inFlight) this.again = true;
    else this.schedule(0);
  }
}
