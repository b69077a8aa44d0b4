// Events and photos as the matching repositories read and write them.
import type { LocalDate, ShowId } from '../catalog/types.js';
import type { DecidedBy, EventId, EventStatus } from './types.js';

/**
 * A photo as clustering reads it (positional, 100,000 rows per rebuild): sort_ms is 0 when
 * the capture time is unknown; the zone is reliable when it came from the file or the GPS
 * position (the home zone and bare UTC are guesses).
 */
export type PhotoRow = [
  id: string,
  sortMs: number,
  takenAt: string | null,
  timeZone: string | null,
  zoneReliable: 0 | 1,
  fileTimeOnly: 0 | 1,
  lat: number | null,
  lon: number | null,
  cityId: number | null,
];

export interface StoredEvent {
  id: EventId;
  startMs: number;
  endMs: number;
  localDate: LocalDate;
  showDay: LocalDate;
  timeZone: string;
  zoneCertain: boolean;
  photoCount: number;
  gpsCount: number;
  lat: number | null;
  lon: number | null;
  city: { name: string; country: string; geonameId: number } | null;
  profile: [number, number][];
  inputHash: string;
  status: EventStatus;
  decidedBy: DecidedBy;
  showId: ShowId | null;
  matchedInput: string | null;
  decisionSeq: number | null;
}

/** Clustering output for one event, as written. */
export type EventInput = Omit<
  StoredEvent,
  'status' | 'decidedBy' | 'showId' | 'matchedInput' | 'decisionSeq'
>;

export interface StoredCandidate {
  showId: ShowId;
  score: number;
  reasons: string[];
}

export interface MatchOutcome {
  status: EventStatus;
  decidedBy: DecidedBy;
  showId: ShowId | null;
  candidates: StoredCandidate[];
  matchedInput: string;
  decisionSeq: number | null;
}

export interface RawEvent {
  id: string;
  start_ms: number;
  end_ms: number;
  local_date: string;
  show_day: string;
  time_zone: string;
  zone_certain: number;
  photo_count: number;
  gps_count: number;
  lat: number | null;
  lon: number | null;
  city_id: number | null;
  city_name: string | null;
  city_country: string | null;
  profile: string;
  input_hash: string;
  status: string;
  decided_by: string;
  show_id: number | null;
  matched_input: string | null;
  decision_seq: number | null;
}

export function fromRow(r: RawEvent): StoredEvent {
  return {
    id: r.id as EventId,
    startMs: r.start_ms,
    endMs: r.end_ms,
    localDate: r.local_date as LocalDate,
    showDay: r.show_day as LocalDate,
    timeZone: r.time_zone,
    zoneCertain: r.zone_certain === 1,
    photoCount: r.photo_count,
    gpsCount: r.gps_count,
    lat: r.lat,
    lon: r.lon,
    city:
      r.city_id !== null
        ? { name: r.city_name ?? '', country: r.city_country ?? '', geonameId: r.city_id }
        : null,
    profile: JSON.parse(r.profile) as [number, number][],
    inputHash: r.input_hash,
    status: r.status as EventStatus,
    decidedBy: r.decided_by as DecidedBy,
    showId: r.show_id as ShowId | null,
    matchedInput: r.matched_input,
    decisionSeq: r.decision_seq,
  };
}
