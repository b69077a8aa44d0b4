// Time for the setlist.fm client (rate limit, backoff, cache expiry, the daily budget),
// injectable so tests run minutes of API time without sleeping.
import { setTimeout as sleep } from 'node:timers/promises';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms) => {
    if (ms > 0) await sleep(ms);
  },
};

/** A clock that only moves when slept on: sleeping advances it at once. */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private ms: number = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.ms;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.ms += Math.max(0, ms);
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
