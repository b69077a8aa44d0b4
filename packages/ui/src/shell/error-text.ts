// What the UI says when an engine call failed: one line per error code of the contract, in
// words a photographer uses. The record is exhaustive: a new code fails to compile until it
// has its words. Messages from the engine are shown only where they name the specific thing
// (the folder, the field, the file and line of an import).
import type { EngineErrorCode, WireError } from '@encore/core/contract';

/** null: the engine's own message says it best (it names the file, folder or field). */
const ERROR_TEXT: Record<EngineErrorCode, string | null> = {
  USAGE: null,
  UNKNOWN_METHOD: 'This version of Encore cannot do that yet. Restart Encore after updating.',
  NOT_FOUND: null,
  AMBIGUOUS_ID: null,
  PATH_UNUSABLE: null,
  SOURCE_OVERLAP: null,
  READONLY: 'Another Encore window or command is using this library. Try again in a moment.',
  DISK_FULL: 'The disk holding your library is full. Free some space; nothing was lost.',
  BUSY: 'Your library is busy with another task. Try again in a moment.',
  SHOW_NOT_FOUND: 'That concert is no longer in your catalog.',
  SHOW_EXISTS: null,
  SHOW_IN_USE: null,
  SHOW_INVALID: null,
  IMPORT_FAILED: null,
  SETLISTFM_FAILED: 'setlist.fm could not be reached or refused the request. Try again later.',
  NOT_SIGNED_IN: 'Sign in to a sync server first.',
  PASSWORD_REQUIRED: 'Enter your password.',
  INVALID_CREDENTIALS: 'Wrong email or password.',
  EMAIL_TAKEN: 'An account with this email exists already. Sign in instead.',
  BAD_SERVER_URL: 'That is not a server address. Use one like https://sync.example.com.',
  OFFLINE: 'Cannot reach the sync server. Check your connection.',
  TIMEOUT: 'The sync server did not answer in time. Try again.',
  RATE_LIMITED: 'Too many attempts. Wait a few minutes, then try again.',
  SERVER_ERROR: 'The sync server has a problem right now. Try again later.',
  NOT_READY: 'The sync server is starting up. Try again in a minute.',
  UNSUPPORTED_PROTOCOL:
    'This server runs a different version of Encore sync. Update Encore or the server.',
  BAD_RESPONSE: 'That address is not an Encore sync server.',
  BAD_REQUEST: null,
  REAUTH_REQUIRED: 'This device was signed out of your account. Sign in again.',
  HASH_MISMATCH: 'A file from the sync server arrived damaged and was not kept. Try again.',
  NOT_ON_SERVER: 'The sync server has no copy of this photo yet.',
  QUOTA_EXCEEDED: 'Your account on the sync server is full.',
  SYNC_FAILED: 'Syncing failed. Encore will try again.',
  ENGINE_GONE: 'Lost the connection to the Encore engine. Reload the page.',
  FORBIDDEN: 'This page may not talk to your library.',
  INTERNAL: null,
};

function isCode(code: unknown): code is EngineErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_TEXT, code);
}

/** Whatever a call rejected with, as the contract's WireError (unknown codes: INTERNAL). */
export function toWireError(err: unknown): WireError {
  if (typeof err === 'object' && err !== null) {
    const { code, message, field, details } = err as Record<string, unknown>;
    return {
      code: isCode(code) ? code : 'INTERNAL',
      message: typeof message === 'string' ? message : String(err),
      ...(typeof field === 'string' ? { field } : {}),
      ...(typeof details === 'object' && details !== null
        ? { details: details as Record<string, unknown> }
        : {}),
    };
  }
  return { code: 'INTERNAL', message: String(err) };
}

/** One sentence for the user. */
export function errorText(err: unknown): string {
  const e = toWireError(err);
  const words = ERROR_TEXT[e.code];
  if (words) return words;
  const message = e.message.charAt(0).toUpperCase() + e.message.slice(1);
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
