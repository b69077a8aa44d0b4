// Token buckets per key (client address, device), in memory per instance. A bucket holds
// `burst` tokens and refills `perMinute` a minute; idle full buckets are forgotten.

export interface RateLimit {
  perMinute: number;
  burst: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token; 0 when allowed, else the ms until one is available. */
  take(key: string, now: number): number {
    const rate = this.limit.perMinute / 60_000;
    const b = this.buckets.get(key);
    const tokens = b
      ? Math.min(this.limit.burst, b.tokens + (now - b.at) * rate)
      : this.limit.burst;
    if (tokens < 1) {
      if (b) {
        b.tokens = tokens;
        b.at = now;
      }
      return Math.ceil((1 - tokens) / rate);
    }
    if (!b && this.buckets.size >= this.maxKeys) this.sweep(now);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return 0;
  }

  private sweep(now: number): void {
    const rate = this.limit.perMinute / 60_000;
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * rate >= this.limit.burst) this.buckets.delete(key);
    }
    // Still full of busy keys: drop the oldest rather than grow without bound.
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
