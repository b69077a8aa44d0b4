// Events and match results as the rest of Encore sees them (CLI --json, contract, UI).
import type { MatchRunInfo, ShowInfo } from '../contract/index.js';
import type { Brand } from '../domain/ids.js';
import type { LocalDate, ShowRecord } from '../catalog/types.js';

/** An event's id: `e` + 16 hex digits of the photo it was first named after. Stable across re-clustering. */
export type EventId = Brand<string, 'EventId'>;

/** `not-concert` is the user's word; the automatic outcomes are the other three. */
export type EventStatus = 'matched' | 'ambiguous' | 'unmatched' | 'not-concert';
export const EVENT_STATUSES: readonly EventStatus[] = [
  'matched',
  'ambiguous',
  'unmatched',
  'not-concert',
];

export type DecidedBy = 'auto' | 'user';

/** Why a photo is in no event. */
export type ExclusionReason = 'no-capture-time' | 'file-time-only';

/** A show as events carry it: the contract's one show shape. */
export type ShowView = ShowInfo;

export interface CandidateView {
  show: ShowView;
  /** 0..1: time fit x place fit (see matching/scorer.ts). */
  score: number;
  reasons: string[];
}

export interface EventView {
  id: EventId;
  /** UTC ISO instants of the first and last photo. */
  start: string;
  end: string;
  /** Local calendar date of the first photo. */
  localDate: LocalDate;
  /** The evening the event belongs to: photos before 06:00 local count for the day before. */
  showDay: LocalDate;
  /** IANA zone, or a fixed offset (+09:00) when only the camera's offset was known. */
  timeZone: string;
  /** False when the zone is the home zone's guess (no GPS, no offset): adjacent days were searched. */
  zoneCertain: boolean;
  photoIds: string[];
  lat: number | null;
  lon: number | null;
  city: { name: string; country: string; geonameId: number } | null;
  nearbyCityIds: number[];
  status: EventStatus;
  decidedBy: DecidedBy;
  show: ShowView | null;
  candidates: CandidateView[];
}

/** Looks up shows on setlist.fm for cities (GeoNames ids) on a date; stores them in the catalog. */
export type OnlineShowFinder = (cityIds: number[], date: LocalDate) => Promise<ShowRecord[]>;

/** What rebuilding events did: the contract's shape (`events.match`). */
export type RebuildSummary = MatchRunInfo['events'];

/** What a matching run did: the contract's shape (`events.match`). */
export type MatchSummary = MatchRunInfo['match'];
