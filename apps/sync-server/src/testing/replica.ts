// A minimal device for convergence tests: an HLC, an outbox, a cursor and a local
// last-writer-wins copy, synced through POST /v1/sync like the desktop client will be.
import type { FastifyInstance } from 'fastify';
import { HlcClock, lwwWins } from '@encore/core/protocol';
import type { ChangeMessage, JsonValue, StateResponse } from '@encore/core/protocol';
import { auth, push } from './test-server.js';
import type { Session } from './test-server.js';

interface Cell {
  value: JsonValue;
  hlc: string;
  device: string;
}

export class Replica {
  readonly clock: HlcClock;
  readonly cells = new Map<string, Cell>();
  outbox: ChangeMessage[] = [];
  /** Messages already sent once: resent now and then, as a client retrying would. */
  sent: ChangeMessage[] = [];
  cursor = 0;

  constructor(
    readonly session: Session,
    now: () => number,
  ) {
    this.clock = new HlcClock(session.node, { now });
  }

  edit(table: ChangeMessage['table'], row: string, column: string, value: JsonValue): void {
    const m: ChangeMessage = {
      table,
      row,
      column,
      value,
      hlc: this.clock.tick(),
      device: this.session.deviceId,
    };
    this.apply(m);
    this.outbox.push(m);
  }

  apply(m: ChangeMessage): void {
    const key = JSON.stringify([m.table, m.row, m.column]);
    if (lwwWins(m, this.cells.get(key)))
      this.cells.set(key, { value: m.value, hlc: m.hlc, device: m.device });
  }

  /** Pushes the outbox (plus `resend`), then pulls every page. */
  async sync(app: FastifyInstance, resend: ChangeMessage[] = [], limit = 7): Promise<void> {
    let batch = [...this.outbox, ...resend];
    for (;;) {
      const res = await push(app, this.session, batch, this.cursor, limit);
      if (res.status !== 200)
        throw new Error(`sync failed: ${res.status} ${JSON.stringify(res.body)}`);
      this.sent.push(...this.outbox);
      this.outbox = [];
      batch = [];
      for (const m of res.body.messages) {
        this.clock.receive(m.hlc);
        this.apply(m);
      }
      this.cursor = res.body.cursor;
      if (!res.body.hasMore) return;
    }
  }

  snapshot(): Record<string, JsonValue> {
    return Object.fromEntries(
      [...this.cells]
        .map(([k, c]) => [k, c.value])
        .sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)),
    );
  }
}

/** The server's materialized state, every page, in the same shape as Replica.snapshot(). */
export async function serverSnapshot(
  app: FastifyInstance,
  s: Session,
): Promise<Record<string, JsonValue>> {
  const out: [string, JsonValue][] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/v1/state?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: StateResponse = (await app.inject({ method: 'GET', url, headers: auth(s) })).json();
    for (const r of page.rows) out.push([JSON.stringify([r.table, r.row, r.column]), r.value]);
    cursor = page.cursor;
  } while (cursor);
  return Object.fromEntries(out.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** mulberry32: a small seeded PRNG, so a failing seed replays exactly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
