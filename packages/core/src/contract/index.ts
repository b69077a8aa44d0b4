// The engine API as types: one map of request handlers and one map of push events.
// Every transport (Electron IPC, the headless WebSocket bridge, tests) implements this one
// contract. Browser-safe: no Node imports.

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
  status: 'idle' | 'scanning' | 'watching' | 'missing';
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

export interface ErrorEntry {
  path: string;
  code: string;
  message: string;
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
  pushed: number;
  pulled: number;
  applied: number;
  uploaded: number;
}

/** A photo starred on another device that this library has no file of. */
export interface RemoteStarredInfo {
  id: string;
  rating: number | null;
  caption: string | null;
  /** URL paths the host serves from the sync server (fetched once, then from disk). */
  thumbUrl: string;
  previewUrl: string;
}

// ---- concerts: events and the shows they were (Concerts page) -------------------------

/** `not-concert` is the user's word; the other three are matching's outcomes. */
export type EventStatus = 'matched' | 'ambiguous' | 'unmatched' | 'not-concert';

/** A show of the user's concert catalog. */
export interface ShowInfo {
  id: number;
  /** Local calendar date at the venue (YYYY-MM-DD). */
  date: string;
  venue: { name: string; city: string | null; country: string | null };
  /** Bill order: openers first, headliner last. */
  artists: string[];
  tour: string | null;
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
  /** Wall-clock times of the first and last photo in that zone ("20:10"). */
  localStart: string;
  localEnd: string;
  photoCount: number;
  /** A few photos spread over the event, for thumbnails. */
  thumbs: { id: string; gridUrl: string }[];
  city: CityRef | null;
  status: EventStatus;
  /** 'user' when the status is the user's decision (synced between devices). */
  decidedBy: 'auto' | 'user';
  show: ShowInfo | null;
  /** Matched: the runners-up; ambiguous: the tied shows; unmatched: suggestions. Best first. */
  candidates: CandidateInfo[];
}

export interface ConcertQuery {
  /** Words that must all occur in the artists, venue, city, country, tour or date. */
  query?: string;
  /** A date (YYYY-MM-DD): shows nearest to it first; otherwise newest first. */
  near?: string;
  /** At most this many (default 100, at most 500). */
  limit?: number;
}

export interface Handlers {
  'library.status': () => Promise<LibraryStatus>;
  /** A page of the grid, newest first. Keyset-paged: as fast deep in the library as at the top. */
  'library.page': (q: LibraryQuery) => Promise<Page<PhotoSummary>>;
  /** How many photos match the filters (slower than a page on huge libraries: ask once per filter). */
  'library.count': (q: Omit<LibraryQuery, 'cursor' | 'limit'>) => Promise<number>;
  'photo.get': (q: { id: string }) => Promise<PhotoDetail | null>;
  'sources.list': () => Promise<SourceInfo[]>;
  'sources.add': (q: { path: string }) => Promise<SourceInfo>;
  'sources.remove': (q: { id: number }) => Promise<void>;
  'errors.list': () => Promise<ErrorEntry[]>;
  /** Stars or unstars photos (all or none); synced to the user's other devices. */
  'photo.setStarred': (q: { ids: string[]; starred: boolean }) => Promise<void>;
  /** Sets (null clears) the 0-5 rating of photos. */
  'photo.setRating': (q: { ids: string[]; rating: number | null }) => Promise<void>;
  /** Sets (null or blank clears) a photo's caption. */
  'photo.setCaption': (q: { id: string; caption: string | null }) => Promise<void>;
  /** Photos starred on another device that have no file here. */
  'library.remoteStarred': () => Promise<RemoteStarredInfo[]>;
  'sync.status': () => Promise<SyncStatusInfo>;
  /** One sync pass now; rejects (e.g. NOT_SIGNED_IN, OFFLINE) when it cannot complete. */
  'sync.now': () => Promise<SyncPassResult>;
  /**
   * Signs in (or signs up, then in), runs a first pass and starts background sync. Rejects
   * (INVALID_CREDENTIALS, EMAIL_TAKEN, OFFLINE, BAD_SERVER_URL, RATE_LIMITED, USAGE, ...)
   * only when signing in failed; a failed first pass shows in the returned status.
   */
  'sync.signIn': (q: SyncSignInRequest) => Promise<SyncStatusInfo>;
  /** Stops syncing, revokes this device on the server when reachable, forgets the account. */
  'sync.signOut': () => Promise<SyncSignOutInfo>;
  // ---- concerts (Concerts page) ----
  /** Events newest first; matching is brought up to date (incrementally) before listing. */
  'events.list': (q: { status?: EventStatus }) => Promise<EventInfo[]>;
  /** The user says: this event is that show (synced; wins over automatic matching). */
  'events.assign': (q: { eventId: string; showId: number }) => Promise<EventInfo>;
  /** The user says: not this show; the event waits for review with suggestions. */
  'events.unassign': (q: { eventId: string }) => Promise<EventInfo>;
  'events.notConcert': (q: { eventId: string }) => Promise<EventInfo>;
  /** Forgets the user's decision: the event is matched automatically again. */
  'events.clearDecision': (q: { eventId: string }) => Promise<EventInfo>;
  /** Shows of the user's catalog, for picking the one an event was. */
  'concerts.list': (q: ConcertQuery) => Promise<ShowInfo[]>;
}

export interface Events {
  'ingest.progress': IngestProgress;
  'library.changed': { photoIds: string[] };
  /** After each sync pass (background or `sync.now`), sign-in and sign-out. */
  'sync.changed': SyncStatusInfo;
  /**
   * Events may have changed without the UI asking: photos arrived or left (sent once ingest
   * settles) or a sync pass applied decisions or catalog edits. Debounced.
   */
  'events.changed': { reason: 'photos' | 'sync' };
}

export type HandlerName = keyof Handlers;
export type RequestOf<K extends HandlerName> = Parameters<Handlers[K]> extends [infer Q] ? Q : void;
export type ResponseOf<K extends HandlerName> = Awaited<ReturnType<Handlers[K]>>;
export type EventName = keyof Events;

/** What the UI holds: a way to call the engine and to listen to it. */
export interface EngineClient {
  call<K extends HandlerName>(name: K, ...args: Parameters<Handlers[K]>): Promise<ResponseOf<K>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Errors crossing a transport carry a stable code and a human message. */
export interface WireError {
  code: string;
  message: string;
}
