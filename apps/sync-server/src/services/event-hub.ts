// Live connections of GET /v1/events on this instance. Notifications from every instance
// (PostgreSQL LISTEN/NOTIFY; in-process on PGlite) poke the user's other devices and close
// the sockets of revoked devices.
import type { Database } from '../db/database.js';
import { EVENTS_CHANNEL } from '../repositories/notification.repository.js';
import type { ServerNotification } from '../repositories/notification.repository.js';

export interface EventSocket {
  send(data: string): void;
  close(code: number, reason: string): void;
  ping(): void;
  terminate(): void;
}

interface Connection {
  userId: string;
  deviceId: string;
  socket: EventSocket;
  alive: boolean;
  /** When the last poke went out (ms). */
  pokedAt: number;
  /** A trailing poke waiting for the window to pass: the newest seq only. */
  pendingSeq: number | null;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * A socket gets at most one poke per window: the first at once, later ones merged into one
 * carrying the newest seq at the window's end. A device syncs everything up to the head
 * whatever seq woke it, so merging loses nothing and spares sockets (and this process) a
 * burst of writes when another device pushes many batches.
 */
export const POKE_WINDOW_MS = 500;

export const CLOSE_REVOKED = 4001;
export const CLOSE_SHUTDOWN = 1001;

export class EventHub {
  private readonly byUser = new Map<string, Set<Connection>>();
  private unlisten: (() => Promise<void>) | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly db: Database,
    private readonly hooks: {
      onPoke?: () => void;
      /** A device was revoked (on any instance). */
      onRevoke?: (deviceId: string) => void;
      onCount?: (delta: number) => void;
      onError?: (err: unknown) => void;
    } = {},
    private readonly pokeWindowMs = POKE_WINDOW_MS,
  ) {}

  async start(heartbeatMs: number): Promise<void> {
    this.unlisten = await this.db.listen(EVENTS_CHANNEL, (payload) => {
      try {
        this.dispatch(JSON.parse(payload) as ServerNotification);
      } catch (err) {
        this.hooks.onError?.(err);
      }
    });
    this.heartbeat = setInterval(() => this.beat(), heartbeatMs);
    this.heartbeat.unref();
  }

  /** Registers a socket; returns what to call when it closes. */
  add(
    userId: string,
    deviceId: string,
    socket: EventSocket,
  ): { pong: () => void; remove: () => void } {
    const conn: Connection = {
      userId,
      deviceId,
      socket,
      alive: true,
      pokedAt: 0,
      pendingSeq: null,
      timer: null,
    };
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(conn);
    this.hooks.onCount?.(1);
    return {
      pong: () => {
        conn.alive = true;
      },
      remove: () => {
        if (conn.timer) clearTimeout(conn.timer);
        conn.timer = null;
        if (set.delete(conn)) this.hooks.onCount?.(-1);
        if (set.size === 0 && this.byUser.get(userId) === set) this.byUser.delete(userId);
      },
    };
  }

  dispatch(n: ServerNotification): void {
    if (n.t === 'revoke') this.hooks.onRevoke?.(n.device);
    const conns = this.byUser.get(n.user);
    if (!conns) return;
    const now = Date.now();
    for (const c of conns) {
      if (n.t === 'log' && c.deviceId !== n.device) {
        this.poke(c, n.seq, now);
      } else if (n.t === 'revoke' && c.deviceId === n.device) {
        c.socket.close(CLOSE_REVOKED, 'TOKEN_REVOKED');
      }
    }
  }

  private poke(c: Connection, seq: number, now: number): void {
    if (c.timer) {
      c.pendingSeq = Math.max(c.pendingSeq ?? 0, seq);
      return;
    }
    const wait = c.pokedAt + this.pokeWindowMs - now;
    if (wait <= 0) {
      this.send(c, seq, now);
      return;
    }
    c.pendingSeq = seq;
    c.timer = setTimeout(() => {
      c.timer = null;
      const pending = c.pendingSeq;
      c.pendingSeq = null;
      if (pending !== null) this.send(c, pending, Date.now());
    }, wait);
    c.timer.unref?.();
  }

  private send(c: Connection, seq: number, now: number): void {
    c.pokedAt = now;
    c.socket.send(JSON.stringify({ type: 'poke', seq }));
    this.hooks.onPoke?.();
  }

  /** Closes every socket (shutdown) and stops listening. */
  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const set of this.byUser.values()) {
      for (const c of set) {
        if (c.timer) clearTimeout(c.timer);
        c.socket.close(CLOSE_SHUTDOWN, 'server shutting down');
      }
    }
    const unlisten = this.unlisten;
    this.unlisten = null;
    await unlisten?.().catch((err: unknown) => this.hooks.onError?.(err));
  }

  private beat(): void {
    for (const set of this.byUser.values()) {
      for (const c of set) {
        if (!c.alive) {
          c.socket.terminate();
          continue;
        }
        c.alive = false;
        c.socket.ping();
      }
    }
  }
}
