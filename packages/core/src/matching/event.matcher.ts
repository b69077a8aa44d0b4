// One event against the shows on its dates: candidates, suggestions, and the outcome to store
// (the automatic decision with the user's decision on top: it always wins).
import type { ShowId, ShowLookup, ShowRecord } from '../catalog/types.js';
import {
  CANDIDATE_RADIUS_KM,
  placeOf,
  SUGGESTION_RADIUS_KM,
  type EventFacts,
} from './candidate.finder.js';
import { byFit, type Decision } from './decision.js';
import type { MatchOutcome, StoredCandidate } from './event.repository.js';
import type { StoredDecision } from './match-state.repository.js';
import { scoreShow, type ScoredShow } from './scorer.js';

/** Shows within `km` of the event (or with no distance to tell), before any scoring. */
function within(e: EventFacts, shows: ShowRecord[], km: number): ShowRecord[] {
  return shows.filter((s) => {
    const d = placeOf(s, e).km;
    return d === null || d <= km;
  });
}

/** Candidates: shows on the candidate dates that fit at all and are not far away. */
export function scoreCandidates(e: EventFacts, shows: ShowRecord[]): ScoredShow[] {
  return within(e, shows, CANDIDATE_RADIUS_KM)
    .map((s) => scoreShow(e, s))
    .filter((s) => s.score > 0);
}

/** Suggestions: nearby shows on nearby days (any place when the event has no GPS). */
export function scoreSuggestions(e: EventFacts, shows: ShowRecord[]): ScoredShow[] {
  return within(e, shows, SUGGESTION_RADIUS_KM)
    .map((s) => scoreShow(e, s))
    .sort(byFit);
}

function stored(s: ScoredShow, extra?: string): StoredCandidate {
  return { showId: s.show.id, score: s.score, reasons: extra ? [...s.reasons, extra] : s.reasons };
}

/** The outcome to store: the automatic decision, overridden by the user's. */
export function outcomeFor(
  e: EventFacts & { inputHash: string },
  auto: Decision,
  decision: StoredDecision | null,
  lookup: ShowLookup,
): MatchOutcome {
  const base = { matchedInput: e.inputHash, decisionSeq: decision?.seq ?? null };
  const candidates = auto.candidates.map((c) => stored(c));
  if (!decision) {
    return {
      ...base,
      status: auto.status,
      decidedBy: 'auto',
      showId: auto.show?.id ?? null,
      candidates,
    };
  }
  if (decision.kind === 'not-concert')
    return { ...base, status: 'not-concert', decidedBy: 'user', showId: null, candidates };
  if (decision.kind === 'unassign')
    return { ...base, status: 'unmatched', decidedBy: 'user', showId: null, candidates };
  const show = decision.showId !== null ? lookup.get(decision.showId) : null;
  if (!show) {
    // The show the user chose left the catalog: back to the review queue, still the user's call.
    return { ...base, status: 'unmatched', decidedBy: 'user', showId: null, candidates };
  }
  const mine = stored(scoreShow(e, show), 'assigned by you');
  return {
    ...base,
    status: 'matched',
    decidedBy: 'user',
    showId: show.id as ShowId,
    candidates: [mine, ...candidates.filter((c) => c.showId !== show.id)],
  };
}
