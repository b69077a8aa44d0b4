// Client-side rate limit for setlist.fm (2 requests per second on a standard key): a token
// bucket on an injectable clock. Callers queue in order, so concurrent lookups share it
// instead of racing for tokens.
import type { Clock } from './clock.js';

export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly perSecond: number,
    /** Requests allowed back to back. 1 keeps every 1-second window within the rate. */
    private readonly burst: number = 1,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Resolves when a request may be sent. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.wait());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.perSecond) / 1000);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.perSecond));
    }
  }
}
