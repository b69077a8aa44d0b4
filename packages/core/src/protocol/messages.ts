// Sync protocol v1 on the wire: every request body carries `v`, every response echoes it.
import { z } from 'zod';
import { HLC_PATTERN, isHlc } from './hlc.js';
import type { Hlc } from './hlc.js';
import { SYNC_TABLE_NAMES, columnSchema, columnsOf, isSyncTable, SYNC_TABLES } from './tables.js';
import type { SyncTable } from './tables.js';

export const PROTOCOL_VERSION = 1 as const;
/** Most messages one sync request may push, and most it returns. */
export const MAX_MESSAGES_PER_REQUEST = 1000;
export const DEFAULT_PAGE_LIMIT = 500;
/** A value is at most this many bytes of JSON. */
export const MAX_VALUE_BYTES = 4096;

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const Version = z.literal(PROTOCOL_VERSION);
/** Server-issued device id (uuid). */
export const DeviceIdSchema = z.uuid({ error: 'must be a device id (uuid)' });
export const HlcSchema: z.ZodType<Hlc, string> = z
  .string()
  .regex(HLC_PATTERN, 'must be an HLC timestamp (<ISO instant>-<4 hex>-<node>)')
  .refine(isHlc, 'must be a valid HLC timestamp')
  .transform((v) => v as Hlc);

export interface ChangeMessage {
  table: SyncTable;
  row: string;
  column: string;
  value: JsonValue;
  hlc: Hlc;
  /** The device that made the change (the pushing device's id). */
  device: string;
}

export const ChangeMessageSchema: z.ZodType<ChangeMessage> = z
  .object({
    table: z.string(),
    row: z.string().min(1).max(300),
    column: z.string(),
    value: z.json(),
    hlc: HlcSchema,
    device: DeviceIdSchema,
  })
  .strict()
  .superRefine((m, ctx) => {
    if (!isSyncTable(m.table)) {
      ctx.addIssue({
        code: 'custom',
        path: ['table'],
        message: `unknown table "${m.table}" (allowed: ${SYNC_TABLE_NAMES.join(', ')})`,
      });
      return;
    }
    const row = SYNC_TABLES[m.table].row.safeParse(m.row);
    if (!row.success) {
      ctx.addIssue({
        code: 'custom',
        path: ['row'],
        message: row.error.issues[0]?.message ?? 'bad row key',
      });
    }
    const schema = columnSchema(m.table, m.column);
    if (!schema) {
      ctx.addIssue({
        code: 'custom',
        path: ['column'],
        message: `unknown column "${m.column}" of ${m.table} (allowed: ${columnsOf(m.table).join(', ')})`,
      });
      return;
    }
    const value = schema.safeParse(m.value);
    if (!value.success) {
      for (const issue of value.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['value', ...issue.path], message: issue.message });
      }
    } else if (JSON.stringify(m.value).length > MAX_VALUE_BYTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `is over ${MAX_VALUE_BYTES} bytes`,
      });
    }
  }) as unknown as z.ZodType<ChangeMessage>;

/** A message as the server stores and returns it: with the user's log sequence number. */
export interface LoggedMessage extends ChangeMessage {
  seq: number;
}

export const SyncRequestSchema = z
  .object({
    v: Version,
    /** The last sequence number this device has seen (0: none). */
    since: z.int().min(0),
    messages: z.array(ChangeMessageSchema).max(MAX_MESSAGES_PER_REQUEST),
    /** Most messages to return (default 500). */
    limit: z.int().min(1).max(MAX_MESSAGES_PER_REQUEST).optional(),
  })
  .strict();
export type SyncRequest = z.infer<typeof SyncRequestSchema>;

export interface SyncResponse {
  v: typeof PROTOCOL_VERSION;
  /** Other devices' messages after `since`, by seq. */
  messages: LoggedMessage[];
  /** Pass as `since` next time. */
  cursor: number;
  /** More messages wait: call again with `cursor` right away. */
  hasMore: boolean;
  /** The user's last sequence number. */
  head: number;
}

export const StateQuerySchema = z
  .object({
    v: z.coerce.number().pipe(Version).optional(),
    cursor: z.string().max(2000).optional(),
    limit: z.coerce.number().pipe(z.int().min(1).max(MAX_MESSAGES_PER_REQUEST)).optional(),
  })
  .strict();

export interface StateRow {
  table: SyncTable;
  row: string;
  column: string;
  value: JsonValue;
  hlc: Hlc;
  device: string;
}

export interface StateResponse {
  v: typeof PROTOCOL_VERSION;
  rows: StateRow[];
  /** Pass back for the next page; null on the last page. */
  cursor: string | null;
  hasMore: boolean;
  /** Continue syncing with `since: seq` once every page is read. */
  seq: number;
}

const Email = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ error: 'must be an email address' }));
/** Long passphrases welcome; the upper bound keeps hashing cheap to refuse. */
const Password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(256, 'must be at most 256 characters');

export const SignUpRequestSchema = z
  .object({ v: Version, email: Email, password: Password })
  .strict();
export type SignUpRequest = z.infer<typeof SignUpRequestSchema>;

export const SignInRequestSchema = z
  .object({
    v: Version,
    email: Email,
    password: z.string().min(1, 'is required').max(256),
    deviceName: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  })
  .strict();
export type SignInRequest = z.infer<typeof SignInRequestSchema>;

export interface UserView {
  id: string;
  email: string;
}

export interface DeviceView {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  /** The device whose token made this request. */
  current: boolean;
}

export interface SignUpResponse {
  v: typeof PROTOCOL_VERSION;
  user: UserView;
}

export interface SignInResponse {
  v: typeof PROTOCOL_VERSION;
  user: UserView;
  device: DeviceView;
  /** Bearer token for this device; shown once, revocable. */
  token: string;
}

export interface DevicesResponse {
  v: typeof PROTOCOL_VERSION;
  devices: DeviceView[];
}

/** Sent over GET /v1/events: the user's log grew to `seq`; sync when behind. */
export const ServerEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('poke'), seq: z.int().min(0) }),
]);
export type ServerEvent = z.infer<typeof ServerEventSchema>;

export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNSUPPORTED_PROTOCOL',
  'UNAUTHORIZED',
  'INVALID_TOKEN',
  'TOKEN_REVOKED',
  'TOKEN_EXPIRED',
  'INVALID_CREDENTIALS',
  'EMAIL_TAKEN',
  'FORBIDDEN',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'RESYNC_REQUIRED',
  'CLOCK_SKEW',
  'HASH_MISMATCH',
  'QUOTA_EXCEEDED',
  'BLOB_EXISTS',
  'RANGE_NOT_SATISFIABLE',
  'NOT_READY',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode | (string & {});
  message: string;
}

/**
 * Checks `v` before the rest of a body, so an old or new client hears "unsupported
 * protocol" rather than a list of fields it got wrong.
 */
export function checkProtocolVersion(
  body: unknown,
): { ok: true } | { ok: false; code: 'BAD_REQUEST' | 'UNSUPPORTED_PROTOCOL'; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, code: 'BAD_REQUEST', message: 'body: must be a JSON object' };
  }
  const v = (body as { v?: unknown }).v;
  if (v === undefined) {
    return {
      ok: false,
      code: 'BAD_REQUEST',
      message: `v: required (the protocol version, ${PROTOCOL_VERSION})`,
    };
  }
  if (v !== PROTOCOL_VERSION) {
    return {
      ok: false,
      code: 'UNSUPPORTED_PROTOCOL',
      message: `protocol version ${JSON.stringify(v)} is not supported; this server speaks ${PROTOCOL_VERSION}`,
    };
  }
  return { ok: true };
}

/** One readable line from zod issues: `messages.3.column: unknown column "x" of photos`. */
export function formatIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): string {
  const lines = [
    ...new Set(
      issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : 'body'}: ${i.message}`),
    ),
  ];
  const shown = lines.slice(0, 5).join('; ');
  return lines.length > 5 ? `${shown} (and ${lines.length - 5} more)` : shown;
}
