// The engine API's shapes: what handlers take and return, and what events carry.
// Browser-safe: no Node imports.
import type { WireError } from './errors.js';

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, null at the end. */
  next: string | null;
}

export interface CityRef {
  name: string;
  country: string;
  geonameId: number;
}

export interface PhotoSummary {
  id: string;
  format: string;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  takenAtUtc: string | null;
  city: CityRef | null;
  thumbhash: string | null;
  /** URL path of the grid thumbnail, served by the host (e.g. /thumbs/grid/<id>.webp). */
  gridUrl: string | null;
  previewUrl: string | null;
  starred: boolean;
  /** 0-5, or null when unrated (synced). */
  rating: number | null;
  /** The user's caption (synced). */
  caption: string | null;
}

export interface PhotoDetail extends PhotoSummary {
  paths: string[];
  orientation: number;
  timeZone: string | null;
  timeSource: string | null;
  lat: number | null;
  lon: number | null;
  alt: number | null;
  make: string | null;
  model: string | null;
  phash: string | null;
}

export interface LibraryQuery {
  /** Opaque cursor from a previous page. */
  cursor?: string | null;
  limit?: number;
  /** Inclusive UTC bounds (ISO 8601). */
  from?: string | null;
  to?: string | null;
  cityId?: number | null;
  /** Only starred photos. */
  starred?: boolean;
}

export interface SourceInfo {
  id: number;
  kind: 'local';
  path: string;
  addedAt: string;
  fileCount: number;
  /** ISO instant of the last complete scan, null before the first. */
  lastScanAt: string | null;
  status: 'idle' | 'scanning' | 'watching' | 'missing';
}

/** What one `library.scan` did, per source; `problem` says why a source could not be scanned. */
export interface ScanSummary {
  sources: { path: string; seen: number; queued: number; removed: number; problem?: string }[];
  photos: number;
  errors: number;
}

export interface IngestProgress {
  queued: number;
  running: number;
  done: number;
  failed: number;
  total: number;
}

export interface LibraryStatus {
  library: string;
  photos: number;
  locations: number;
  sources: number;
  errors: number;
  jobs: IngestProgress;
}

/** A file that could not be ingested (`error`) or a doubt about its metadata (`warning`). */
export interface ErrorEntry {
  path: string;
  /** A stable problem code (DECODE_FAILED, EXTENSION_MISMATCH, NO_CAPTURE_TIME, ...). */
  code: string;
  message: string;
  severity: 'error' | 'warning';
  at: string;
}

export type SyncState =
  'signed-out' | 'up-to-date' | 'pending' | 'offline' | 'reauth-required' | 'error';

/** Where this library stands with its sync server (mirrors the sync client's status). */
export interface SyncStatusInfo {
  state: SyncState;
  server: string | null;
  account: string | null;
  device: { id: string; name: string } | null;
  /** ISO 8601 instant of the last complete pass, null before the first. */
  lastSyncAt: string | null;
  /** Local changes not yet pushed, and starred photos' files not yet uploaded. */
  pendingMessages: number;
  pendingUploads: number;
  /** Starred photos' files the server refused; retried every 6 hours. */
  failedUploads: number;
  lastError: WireError | null;
  /** What this device is called on the server when signed in without a device name. */
  defaultDeviceName: string;
}

/** Signs this library in to a sync server as a new device (`create`: sign up first). */
export interface SyncSignInRequest {
  server: string;
  email: string;
  password: string;
  /** Blank or absent: `defaultDeviceName`. */
  deviceName?: string;
  create?: boolean;
}

/** The status after signing out, and why the device may still be listed on the server. */
export interface SyncSignOutInfo extends SyncStatusInfo {
  /** Set when the server could not be reached to revoke this device's token. */
  warning: string | null;
}

/** What one `sync.now` pass did. */
export interface SyncPassResult {
  /** The pass started from the server's full state (first sign-in, or the log was compacted). */
  bootstrapped: boolean;
  pushed: number;
  pulled: number;
  applied: number;
  uploaded: number;
  uploadFailures: number;
}

/** A photo starred on another device that this library has no file of. */
export interface RemoteStarredInfo {
  id: string;
  starred: true;
  rating: number | null;
  caption: string | null;
  /** URL paths the host serves from the sync server (fetched once, then from disk). */
  thumbUrl: string;
  previewUrl: string;
  /** Variant -> absolute path of a copy already fetched from the sync server. */
  fetched: Record<string, string>;
}

// ---- concerts: events and the shows they were (Concerts page) -------------------------

/** `not-concert` is the user's word; the other three are matching's outcomes. */
export type EventStatus = 'matched' | 'ambiguous' | 'unmatched' | 'not-concert';

/** Where a show came from: a setlist.fm file, a CSV, typed by hand, or found online for an event. */
export type ShowOrigin = 'setlistfm' | 'csv' | 'manual' | 'online';

/** A show of the user's concert catalog: the one shape every client sees. */
export interface ShowInfo {
  id: number;
  /** Local calendar date at the venue (YYYY-MM-DD). */
  date: string;
  venue: {
    name: string;
    city: string | null;
    country: string | null;
    /** The venue's own coordinates, when known (given by the user or a CSV). */
    lat: number | null;
    lon: number | null;
    setlistfmId: string | null;
  };
  /** Bill order: openers first, headliner last. */
  artists: string[];
  tour: string | null;
  origin: ShowOrigin;
  /** setlist.fm ids of the show's setlists, in bill order. */
  setlistIds: string[];
}

export interface CandidateInfo {
  show: ShowInfo;
  /** 0..1: time fit x place fit. */
  score: number;
  reasons: string[];
}

/** Photos taken together (one evening, one place) and the concert they were. */
export interface EventInfo {
  id: string;
  /** UTC ISO instants of the first and last photo. */
  start: string;
  end: string;
  /** Local date of the first photo, and the evening the event counts for (before 06:00: the day before). */
  localDate: string;
  showDay: string;
  /** IANA zone or a fixed offset (+09:00). */
  timeZone: string;
  /** False when the zone is a guess (no offset in the files, no GPS): the home zone. */
  zoneCertain: boolean;
  /** Wall-clock times of the first and last photo in that zone ("20:10"). */
  localStart: string;
  localEnd: string;
  photoCount: number;
  /** A few photos spread over the event, for thumbnails. */
  thumbs: { id: string; gridUrl: string }[];
  /** Middle of the located photos, null when none has a location. */
  lat: number | null;
  lon: number | null;
  city: CityRef | null;
  /** GeoNames ids of the cities near the event, nearest first (how shows are found offline). */
  nearbyCityIds: number[];
  status: EventStatus;
  /** 'user' when the status is the user's decision (synced between devices). */
  decidedBy: 'auto' | 'user';
  show: ShowInfo | null;
  /** Matched: the runners-up; ambiguous: the tied shows; unmatched: suggestions. Best first. */
  candidates: CandidateInfo[];
  /**
   * Worth a person's look (`needsReview` in contract/review.ts): ambiguous, or unmatched with a
   * candidate, or an evening of 5+ photos. Other undecided events are "Other events".
   */
  needsReview: boolean;
  /** Every photo of the event, oldest first; only when asked (`withPhotoIds`). */
  photoIds?: string[];
}

export interface ConcertQuery {
  /** Words that must all occur in the artists, venue, city, country, tour or date. */
  query?: string;
  /** A date (YYYY-MM-DD): shows nearest to it first; otherwise newest first. */
  near?: string;
  /** At most this many (default 100, at most 500). */
  limit?: number;
}

/** A photo with everything the library knows of it (`encore photos --json`). */
export interface PhotoRecordInfo {
  id: string;
  size: number;
  format: string;
  kind: string;
  width: number | null;
  height: number | null;
  orientation: number;
  takenAt: string | null;
  takenAtUtc: string | null;
  timeZone: string | null;
  timeSource: string | null;
  zoneSource: string | null;
  lat: number | null;
  lon: number | null;
  alt: number | null;
  make: string | null;
  model: string | null;
  city: CityRef | null;
  thumbhash: string | null;
  phash: string | null;
  placeholder: boolean;
  starred: boolean;
  rating: number | null;
  caption: string | null;
  /** Absolute paths of every copy. */
  paths: string[];
  /** Rendition size -> absolute file path. */
  thumbnails: Record<string, string>;
}

export interface DuplicateGroup {
  /** identical: one photo found at several paths; similar: photos whose perceptual hashes are close. */
  kind: 'identical' | 'similar';
  photos: { id: string; paths: string[] }[];
}

export interface SettingInfo {
  key: string;
  /** null: the default applies. */
  value: string | null;
  description: string;
}

/** A device signed in to the account (or once signed in). */
export interface DeviceInfo {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  /** This library's own device. */
  current: boolean;
}

/** What grouping photos into events and matching them did (`encore match`). */
export interface MatchRunInfo {
  events: {
    events: number;
    created: number;
    changed: number;
    removed: number;
    unchanged: number;
    photos: number;
    excluded: { reason: 'no-capture-time' | 'file-time-only'; photos: number }[];
  };
  match: {
    events: number;
    rematched: number;
    matched: number;
    ambiguous: number;
    unmatched: number;
    notConcert: number;
    userDecided: number;
    onlineLookups: number;
    onlineProblem: string | null;
  };
}

/** What a catalog import added and changed. */
export interface ImportSummaryInfo {
  shows: { added: number; updated: number; unchanged: number };
  artists: { added: number };
  venues: { added: number };
  setlists: { added: number; updated: number };
}
