import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('allows a burst, then one request per refill interval, per key', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 3 });
    expect([0, 1, 2].map(() => limiter.take('a', 0))).toEqual([0, 0, 0]);
    expect(limiter.take('a', 0)).toBe(1000);
    expect(limiter.take('b', 0)).toBe(0);
    expect(limiter.take('a', 500)).toBe(500);
    expect(limiter.take('a', 1000)).toBe(0);
  });

  it('stays bounded in memory', () => {
    const limiter = new RateLimiter({ perMinute: 60, burst: 1 }, 10);
    for (let i = 0; i < 100; i++) expect(limiter.take(`k${i}`, 0)).toBe(0);
    expect(
      (limiter as unknown as { buckets: Map<string, unknown> }).buckets.size,
    ).toBeLessThanOrEqual(10);
  });
});
