// The engine's error codes: one constant object and the union derived from it (the way
// tldraw's sync-core names its error reasons). Every failure a client sees carries one of
// these codes, unchanged across IPC and the WebSocket bridge; the UI switches on them and
// never reads the message to decide anything.

export const ENGINE_ERROR_CODES = {
  /** The request's input is wrong; `field` names the parameter when one is to blame. */
  USAGE: 'USAGE',
  /** No handler of that name (an older engine behind a newer UI). */
  UNKNOWN_METHOD: 'UNKNOWN_METHOD',
  /** The photo, event, source, show or device asked for does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** An id prefix matches several things. */
  AMBIGUOUS_ID: 'AMBIGUOUS_ID',
  /** A folder or file the request names cannot be used (missing, not a folder, unreadable). */
  PATH_UNUSABLE: 'PATH_UNUSABLE',
  /** A folder inside (or around) a folder that is already a source. */
  SOURCE_OVERLAP: 'SOURCE_OVERLAP',
  /** The engine was opened read-only (a second process that only lists). */
  READONLY: 'READONLY',
  /** The library's disk is full; nothing was lost, the work waits. */
  DISK_FULL: 'DISK_FULL',
  /** The library is locked by another process for longer than the wait allows. */
  BUSY: 'BUSY',

  // ---- the concert catalog ----
  SHOW_NOT_FOUND: 'SHOW_NOT_FOUND',
  SHOW_EXISTS: 'SHOW_EXISTS',
  SHOW_IN_USE: 'SHOW_IN_USE',
  SHOW_INVALID: 'SHOW_INVALID',
  /** A catalog file could not be imported; `details` has file, line and field. Nothing of it was stored. */
  IMPORT_FAILED: 'IMPORT_FAILED',
  /** setlist.fm refused or failed (bad key, rate limit, outage). */
  SETLISTFM_FAILED: 'SETLISTFM_FAILED',

  // ---- sync ----
  NOT_SIGNED_IN: 'NOT_SIGNED_IN',
  PASSWORD_REQUIRED: 'PASSWORD_REQUIRED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  BAD_SERVER_URL: 'BAD_SERVER_URL',
  OFFLINE: 'OFFLINE',
  TIMEOUT: 'TIMEOUT',
  RATE_LIMITED: 'RATE_LIMITED',
  SERVER_ERROR: 'SERVER_ERROR',
  NOT_READY: 'NOT_READY',
  UNSUPPORTED_PROTOCOL: 'UNSUPPORTED_PROTOCOL',
  /** The server answered something that is not the Encore sync protocol. */
  BAD_RESPONSE: 'BAD_RESPONSE',
  /** The server refused the request's content; `field` names the field when it said. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** This device's sign-in no longer works (revoked, expired): sign in again. */
  REAUTH_REQUIRED: 'REAUTH_REQUIRED',
  /** Downloaded bytes did not hash to what the server promised; nothing was kept. */
  HASH_MISMATCH: 'HASH_MISMATCH',
  /** The server has no copy of that photo's file. */
  NOT_ON_SERVER: 'NOT_ON_SERVER',
  /** The account's storage quota or a size limit on the server was reached. */
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  SYNC_FAILED: 'SYNC_FAILED',

  // ---- transports ----
  /** The engine process stopped, or the connection to it was lost or closed. */
  ENGINE_GONE: 'ENGINE_GONE',
  /** The call came from a page or frame that may not reach the engine. */
  FORBIDDEN: 'FORBIDDEN',

  /** A bug: the message says what broke; please report it. */
  INTERNAL: 'INTERNAL',
} as const;

export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[keyof typeof ENGINE_ERROR_CODES];

const CODES = new Set<string>(Object.values(ENGINE_ERROR_CODES));

export function isEngineErrorCode(code: unknown): code is EngineErrorCode {
  return typeof code === 'string' && CODES.has(code);
}

/** What crosses every transport for a failed call. */
export interface WireError {
  code: EngineErrorCode;
  message: string;
  /** The request parameter to blame (e.g. 'email', 'ids.0'), when there is one. */
  field?: string;
  /** Machine-readable specifics (file, line, status, retryAfterMs, ...). JSON only. */
  details?: Record<string, unknown>;
}

/** Reads a WireError back from JSON that crossed a transport; anything odd becomes INTERNAL. */
export function parseWireError(value: unknown): WireError {
  if (typeof value !== 'object' || value === null)
    return { code: 'INTERNAL', message: String(value) };
  const v = value as Record<string, unknown>;
  const message = typeof v.message === 'string' ? v.message : 'the engine failed';
  const out: WireError = { code: isEngineErrorCode(v.code) ? v.code : 'INTERNAL', message };
  if (typeof v.field === 'string') out.field = v.field;
  if (typeof v.details === 'object' && v.details !== null && !Array.isArray(v.details))
    out.details = v.details as Record<string, unknown>;
  return out;
}
