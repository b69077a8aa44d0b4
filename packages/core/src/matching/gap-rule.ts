// Where a photo timeline breaks into events by time alone. Three rules, so the benchmark
// (bench/match.bench.js) can compare them on the same timelines:
//  - fixed:    a gap longer than `fixedGapMs` splits.
//  - phototoc: Platt et al., "PhotoTOC" (2003): a gap splits when log(gap) exceeds the mean
//              log gap of its 2d+1 neighbours by K = log 17. Adapts to bursty shooting.
//  - encore:   PhotoTOC, but never below `minGapMs` (the break between opener and headliner
//              must not split a show) and always above `maxGapMs`. The default: on the
//              benchmark it keeps shows whole like a long fixed gap does, while still splitting
//              an afternoon in town from the show that evening like PhotoTOC does.
// Show day and distance splits are applied on top of every rule (event.builder.ts).

export type GapRuleName = 'encore' | 'phototoc' | 'fixed';

export interface GapRuleOptions {
  gapRule: GapRuleName;
  fixedGapMs: number;
  minGapMs: number;
  maxGapMs: number;
  phototocK: number;
  phototocWindow: number;
}

export const DEFAULT_GAP_RULE: GapRuleOptions = {
  gapRule: 'encore',
  fixedGapMs: 60 * 60_000,
  minGapMs: 2 * 60 * 60_000,
  maxGapMs: 6 * 60 * 60_000,
  phototocK: Math.log(17),
  phototocWindow: 10,
};

/**
 * boundaries[i] = 1 when the gap between photo i and photo i+1 splits them.
 * `times` are UTC milliseconds, sorted ascending.
 */
export function gapBoundaries(times: ArrayLike<number>, options: GapRuleOptions): Uint8Array {
  const n = Math.max(0, times.length - 1);
  const out = new Uint8Array(n);
  const gap = (i: number): number => (times[i + 1] ?? 0) - (times[i] ?? 0);
  if (options.gapRule === 'fixed') {
    for (let i = 0; i < n; i++) out[i] = gap(i) > options.fixedGapMs ? 1 : 0;
    return out;
  }
  // log(gap in seconds + 1): bursts of identical timestamps stay finite.
  const logs = new Float64Array(n);
  for (let i = 0; i < n; i++) logs[i] = Math.log(Math.max(0, gap(i)) / 1000 + 1);
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = (prefix[i] ?? 0) + (logs[i] ?? 0);
  const d = options.phototocWindow;
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - d);
    const hi = Math.min(n, i + d + 1);
    const mean = ((prefix[hi] ?? 0) - (prefix[lo] ?? 0)) / (hi - lo);
    const adaptive = (logs[i] ?? 0) >= options.phototocK + mean;
    if (options.gapRule === 'phototoc') {
      out[i] = adaptive ? 1 : 0;
      continue;
    }
    const g = gap(i);
    out[i] = g > options.maxGapMs || (g >= options.minGapMs && adaptive) ? 1 : 0;
  }
  return out;
}
