// From scored shows to an outcome. Encore never guesses:
//  - matched:   exactly one show reaches CONFIDENT_SCORE and no other comes within NEAR_TIE_RATIO
//               of it;
//  - ambiguous: several shows reach the threshold within that ratio of the best: all of them
//               are listed (two venues in one city on one night);
//  - unmatched: nothing reaches the threshold; the best-fitting shows are suggestions.
// A confident match therefore needs the photos inside the show's night (time fit) and near
// the venue's city (place fit), and nothing else that fits as well.
import type { ShowRecord } from '../catalog/types.js';
import type { ScoredShow } from './scorer.js';

export const CONFIDENT_SCORE = 0.6;
export const NEAR_TIE_RATIO = 0.75;
export const MAX_CANDIDATES = 8;
export const MAX_SUGGESTIONS = 5;

export interface Decision {
  status: 'matched' | 'ambiguous' | 'unmatched';
  show: ShowRecord | null;
  /** Best first: the winner, or every equally plausible show, or suggestions. */
  candidates: ScoredShow[];
}

export function byFit(a: ScoredShow, b: ScoredShow): number {
  return (
    b.score - a.score ||
    (a.place.km ?? Infinity) - (b.place.km ?? Infinity) ||
    Number(a.show.id) - Number(b.show.id)
  );
}

function withReason(s: ScoredShow, reason: string): ScoredShow {
  return { ...s, reasons: [...s.reasons, reason] };
}

/**
 * `scored`: shows on the candidate dates; `suggestions`: more shows (nearby days) to offer
 * when nothing fits.
 */
export function decide(scored: ScoredShow[], suggestions: ScoredShow[] = []): Decision {
  const sorted = [...scored].sort(byFit);
  const best = sorted[0];
  if (!best || best.score < CONFIDENT_SCORE) {
    const seen = new Set<number>();
    const offered = [...sorted, ...[...suggestions].sort(byFit)].filter((s) => {
      if (seen.has(Number(s.show.id))) return false;
      seen.add(Number(s.show.id));
      return true;
    });
    return {
      status: 'unmatched',
      show: null,
      candidates: offered.slice(0, MAX_SUGGESTIONS).map((s) => withReason(s, 'suggestion')),
    };
  }
  const rivals = sorted.filter(
    (s) => s.score >= CONFIDENT_SCORE && s.score >= best.score * NEAR_TIE_RATIO,
  );
  const others = sorted.filter((s) => !rivals.includes(s)).slice(0, MAX_CANDIDATES);
  if (rivals.length === 1) {
    const runnerUp = others[0];
    const why = runnerUp
      ? `clearly the best fit (next: ${runnerUp.score.toFixed(2)})`
      : 'the only show that fits';
    return { status: 'matched', show: best.show, candidates: [withReason(best, why), ...others] };
  }
  const why = `as plausible as ${rivals.length - 1} other show${rivals.length > 2 ? 's' : ''}`;
  return {
    status: 'ambiguous',
    show: null,
    candidates: [...rivals.map((s) => withReason(s, why)), ...others].slice(
      0,
      Math.max(rivals.length, MAX_CANDIDATES),
    ),
  };
}
