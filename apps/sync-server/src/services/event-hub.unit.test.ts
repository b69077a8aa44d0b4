import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/database.js';
import { EventHub, type EventSocket } from './event-hub.js';

function socket(): EventSocket & { sent: unknown[] } {
  const sent: unknown[] = [];
  return {
    sent,
    send: (data: string) => void sent.push(JSON.parse(data)),
    close: () => undefined,
    ping: () => undefined,
    terminate: () => undefined,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('EventHub pokes', () => {
  it('pokes at once, then merges a burst into one trailing poke with the newest seq', async () => {
    vi.useFakeTimers();
    const hub = new EventHub({} as Database, {}, 500);
    const mine = socket();
    const other = socket();
    hub.add('u1', 'd-pusher', mine);
    hub.add('u1', 'd-other', other);
    const log = (seq: number) => hub.dispatch({ t: 'log', user: 'u1', seq, device: 'd-pusher' });

    log(1);
    expect(other.sent).toEqual([{ type: 'poke', seq: 1 }]);
    for (let seq = 2; seq <= 20; seq++) {
      log(seq);
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(other.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(other.sent).toEqual([
      { type: 'poke', seq: 1 },
      { type: 'poke', seq: 20 },
    ]);
    // The pushing device hears nothing of its own changes.
    expect(mine.sent).toEqual([]);
    // After a quiet window, the next poke goes out at once again.
    await vi.advanceTimersByTimeAsync(1000);
    log(21);
    expect(other.sent).toHaveLength(3);
  });

  it('drops a pending poke when its socket closes', async () => {
    vi.useFakeTimers();
    const hub = new EventHub({} as Database, {}, 500);
    const s = socket();
    const conn = hub.add('u1', 'd2', s);
    hub.dispatch({ t: 'log', user: 'u1', seq: 1, device: 'd1' });
    hub.dispatch({ t: 'log', user: 'u1', seq: 2, device: 'd1' });
    conn.remove();
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.sent).toEqual([{ type: 'poke', seq: 1 }]);
  });
});
