// Every failure leaves the engine as an EngineError whose code is one of the contract's
// constant set. Errors from deeper layers (the sync server's codes, catalog imports,
// setlist.fm, SQLite, the file system, zod) are mapped here, in one place.
import type { ZodError } from 'zod';
import {
  isEngineErrorCode,
  type EngineErrorCode,
  type HandlerName,
  type WireError,
} from '../contract/index.js';
import { EncoreError, EngineError } from '../domain/errors.js';

/** Codes of the sync server (and client) that the contract names differently. */
const SYNC_CODES: Record<string, EngineErrorCode> = {
  UNAUTHORIZED: 'REAUTH_REQUIRED',
  INVALID_TOKEN: 'REAUTH_REQUIRED',
  TOKEN_REVOKED: 'REAUTH_REQUIRED',
  TOKEN_EXPIRED: 'REAUTH_REQUIRED',
  PAYLOAD_TOO_LARGE: 'QUOTA_EXCEEDED',
  BLOB_EXISTS: 'SYNC_FAILED',
  RESYNC_REQUIRED: 'SYNC_FAILED',
  SYNC_STUCK: 'SYNC_FAILED',
  SYNC_UNKNOWN_FIELD: 'SYNC_FAILED',
  UNSUPPORTED_MEDIA_TYPE: 'BAD_RESPONSE',
  METHOD_NOT_ALLOWED: 'BAD_RESPONSE',
  URI_TOO_LONG: 'BAD_REQUEST',
  HEADERS_TOO_LARGE: 'BAD_REQUEST',
  REQUEST_TIMEOUT: 'TIMEOUT',
};

/** An error code from any layer, as the contract names it. */
export function engineCodeOf(code: string, method: HandlerName | null = null): EngineErrorCode {
  if (code.startsWith('IMPORT_')) return 'IMPORT_FAILED';
  if (code.startsWith('SETLISTFM_')) return 'SETLISTFM_FAILED';
  if (code === 'NOT_FOUND' || code === 'HTTP_404')
    // Signing in to an address with no sync server behind it; elsewhere a missing blob.
    return method === 'sync.signIn'
      ? 'BAD_RESPONSE'
      : method === 'sync.fetch'
        ? 'NOT_ON_SERVER'
        : 'NOT_FOUND';
  if (code.startsWith('HTTP_')) return 'BAD_RESPONSE';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'BUSY';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'DISK_FULL';
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM')
    return 'PATH_UNUSABLE';
  return SYNC_CODES[code] ?? (isEngineErrorCode(code) ? code : 'INTERNAL');
}

export function fromZodError(method: HandlerName, err: ZodError): EngineError {
  const issue = err.issues[0];
  const field = issue?.path.map(String).join('.') || null;
  const what = issue?.message ?? 'invalid input';
  const message = field ? `${method}: ${field} ${lowerFirst(what)}` : `${method}: ${what}`;
  return new EngineError('USAGE', message, {
    ...(field ? { field } : {}),
    details: { issues: err.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
  });
}

/** Whatever a handler threw, as an EngineError (details kept, stack never shown to users). */
export function toEngineError(err: unknown, method: HandlerName | null = null): EngineError {
  if (err instanceof EngineError) return err;
  if (err instanceof EncoreError) {
    const code = engineCodeOf(err.code, method);
    const details = { ...err.details, ...(code !== err.code ? { reason: err.code } : {}) };
    // The sync server names the refused field first: "password: must be at least 10 characters".
    const field =
      typeof err.details.field === 'string'
        ? err.details.field
        : code === 'BAD_REQUEST'
          ? (/^([a-zA-Z]+): /.exec(err.message)?.[1] ?? null)
          : null;
    return new EngineError(code, err.message, { details, field, cause: err });
  }
  const errno = (err as { code?: unknown } | null)?.code;
  if (typeof errno === 'string' && errno !== '') {
    const code = engineCodeOf(errno, method);
    if (code !== 'INTERNAL')
      return new EngineError(code, (err as Error).message, {
        details: { reason: errno },
        cause: err,
      });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new EngineError('INTERNAL', message || 'the engine failed', { cause: err });
}

/** A stored or reported error ({code, message}) as the contract carries it. */
export function toWire(code: string, message: string): WireError {
  const mapped = engineCodeOf(code);
  return mapped === code
    ? { code: mapped, message }
    : { code: mapped, message, details: { reason: code } };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
