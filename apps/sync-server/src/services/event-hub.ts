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
}

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
    const conn: Connection = { userId, deviceId, socket, alive: true };
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(conn);
    this.hooks.onCount?.(1);
    return {
      pong: () => {
        conn.alive = true;
      },
      remove: () => {
        if (set.delete(conn)) this.hooks.onCount?.(-1);
        if (set.size === 0 && this.byUser.get(userId) === set) this.byUser.delete(userId);
      },
    };
  }

  dispatch(n: ServerNotification): void {
    if (n.t === 'revoke') this.hooks.onRevoke?.(n.device);
    const conns = this.byUser.get(n.user);
    if (!conns) return;
    const poke = n.t === 'log' ? JSON.stringify({ type: 'poke', seq: n.seq }) : '';
    for (const c of conns) {
      if (n.t === 'log' && c.deviceId !== n.device) {
        c.socket.send(poke);
        this.hooks.onPoke?.();
      } else if (n.t === 'revoke' && c.deviceId === n.device) {
        c.socket.close(CLOSE_REVOKED, 'TOKEN_REVOKED');
      }
    }
  }

  /** Closes every socket (shutdown) and stops listening. */
  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const set of this.byUser.values()) {
      for (const c of set) c.socket.close(CLOSE_SHUTDOWN, 'server shutting down');
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
