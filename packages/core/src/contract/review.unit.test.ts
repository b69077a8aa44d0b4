import { describe, expect, it } from 'vitest';
import type { CandidateInfo } from './types.js';
import { needsReview } from './review.js';

const candidate = {} as CandidateInfo;
const event = (over: Partial<Parameters<typeof needsReview>[0]>) => ({
  status: 'unmatched' as const,
  candidates: [],
  photoCount: 1,
  localStart: '14:00',
  ...over,
});

describe('needsReview', () => {
  it('keeps the events that plausibly are concerts', () => {
    expect(needsReview(event({ status: 'ambiguous' }))).toBe(true);
    expect(needsReview(event({ candidates: [candidate] }))).toBe(true);
    expect(needsReview(event({ photoCount: 5, localStart: '20:10' }))).toBe(true);
    expect(needsReview(event({ photoCount: 5, localStart: '01:30' }))).toBe(true);
    expect(needsReview(event({ photoCount: 5, localStart: '17:00' }))).toBe(true);
  });

  it('leaves out afternoons, small evenings and decided events', () => {
    expect(needsReview(event({ photoCount: 40, localStart: '14:00' }))).toBe(false);
    expect(needsReview(event({ photoCount: 4, localStart: '21:00' }))).toBe(false);
    expect(needsReview(event({ photoCount: 5, localStart: '06:00' }))).toBe(false);
    expect(needsReview(event({ status: 'matched', candidates: [candidate] }))).toBe(false);
    expect(needsReview(event({ status: 'not-concert', photoCount: 50, localStart: '21:00' }))).toBe(
      false,
    );
  });
});
