// The engine's one door as types: every handler's request (from its zod schema) and
// response, and the push events. Browser-safe.
import type { z } from 'zod';
import type { HandlerSchemas } from './schemas.js';
import type {
  DeviceInfo,
  DuplicateGroup,
  ErrorEntry,
  EventInfo,
  ImportSummaryInfo,
  IngestProgress,
  LibraryStatus,
  MatchRunInfo,
  Page,
  PhotoDetail,
  PhotoRecordInfo,
  PhotoSummary,
  RemoteStarredInfo,
  ScanSummary,
  SettingInfo,
  ShowInfo,
  SourceInfo,
  SyncPassResult,
  SyncSignOutInfo,
  SyncStatusInfo,
} from './types.js';

/** What each handler answers. */
export interface Responses {
  'library.status': LibraryStatus;
  /** A page of the grid, newest first. Keyset-paged: as fast deep in the library as at the top. */
  'library.page': Page<PhotoSummary>;
  /** How many photos match the filters (slower than a page on huge libraries: ask once per filter). */
  'library.count': number;
  'library.scan': ScanSummary;
  /** Photos starred on another device that have no file here. */
  'library.remoteStarred': RemoteStarredInfo[];
  'errors.list': ErrorEntry[];
  'duplicates.list': DuplicateGroup[];
  /** Every photo, oldest first, with paths and renditions. */
  'photos.list': PhotoRecordInfo[];
  'photo.get': PhotoDetail | null;
  /** Stars or unstars photos (all or none); synced. Answers the full ids. */
  'photo.setStarred': { ids: string[] };
  /** Sets (null clears) the 0-5 rating of photos. */
  'photo.setRating': { ids: string[] };
  /** Sets (null or blank clears) a photo's caption. */
  'photo.setCaption': { id: string };
  'photo.renditionPath': string | null;
  'sources.list': SourceInfo[];
  'sources.add': SourceInfo;
  /** The removed source; photos found in no other source leave the library. */
  'sources.remove': SourceInfo;
  'settings.list': SettingInfo[];
  'settings.set': SettingInfo;
  'setlistfm.keyStatus': { set: boolean; last4: string | null };
  'setlistfm.setKey': { set: boolean; last4: string | null };
  /** Groups photos into events and matches them (incrementally unless `all`). */
  'events.match': MatchRunInfo;
  /** Events newest first; matching is brought up to date (incrementally) before listing. */
  'events.list': EventInfo[];
  /** The user says: this event is that show (synced; wins over automatic matching). */
  'events.assign': EventInfo;
  /** The user says: not this show; the event waits for review with suggestions. */
  'events.unassign': EventInfo;
  'events.notConcert': EventInfo;
  /** Forgets the user's decision: the event is matched automatically again. */
  'events.clearDecision': EventInfo;
  /** Shows of the user's catalog matching a search, for picking the one an event was. */
  'concerts.list': ShowInfo[];
  /** The catalog, oldest first, with filters. */
  'concerts.catalog': ShowInfo[];
  /** Imports setlist.fm JSON or CSV files: all or nothing. */
  'concerts.import': ImportSummaryInfo;
  'concerts.export': { text: string; count: number };
  'concerts.add': ShowInfo;
  'concerts.edit': ShowInfo;
  'concerts.remove': ShowInfo;
  'sync.status': SyncStatusInfo;
  /** One sync pass now; rejects (NOT_SIGNED_IN, OFFLINE, ...) when it cannot complete. */
  'sync.now': SyncPassResult;
  /**
   * Signs in (or signs up, then in), runs a first pass and starts background sync. Rejects
   * only when signing in failed; a failed first pass shows in `firstPass: null` + status.
   */
  'sync.signIn': SyncStatusInfo & { firstPass: SyncPassResult | null };
  /** Stops syncing, revokes this device on the server when reachable, forgets the account. */
  'sync.signOut': SyncSignOutInfo;
  'sync.devices': DeviceInfo[];
  'sync.revokeDevice': DeviceInfo;
  'sync.fetch': { id: string; variant: 'original' | 'preview' | 'thumb'; path: string };
}

export type HandlerName = keyof Responses & keyof HandlerSchemas;
/** What a caller passes (defaults not yet applied). */
export type RequestOf<K extends HandlerName> = z.input<HandlerSchemas[K]>;
/** What a handler receives after validation. */
export type ParamsOf<K extends HandlerName> = z.output<HandlerSchemas[K]>;
export type ResponseOf<K extends HandlerName> = Responses[K];

/** Call arguments: none for handlers without params, optional where every param is. */
export type CallArgs<K extends HandlerName> = [RequestOf<K>] extends [void]
  ? []
  : undefined extends RequestOf<K>
    ? [q?: RequestOf<K>]
    : [q: RequestOf<K>];

export type Handlers = {
  [K in HandlerName]: (...args: CallArgs<K>) => Promise<Responses[K]>;
};

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

export type EventName = keyof Events;

/** What every client holds: a way to call the engine and to listen to it. */
export interface EngineClient {
  call<K extends HandlerName>(name: K, ...args: CallArgs<K>): Promise<ResponseOf<K>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}
