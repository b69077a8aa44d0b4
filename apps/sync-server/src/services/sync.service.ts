// Sync protocol v1 on the server: append a device's changes idempotently to its user's log
// with gap-free sequence numbers, keep the last-writer-wins state in the same transaction,
// return the other devices' changes page by page, serve the state for bootstrapping, and
// compact superseded history.
import { DEFAULT_PAGE_LIMIT, parseHlc } from '@encore/core/protocol';
import type {
  ChangeMessage,
  StateResponse,
  SyncRequest,
  SyncResponse,
} from '@encore/core/protocol';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { SyncLogRepository } from '../repositories/sync-log.repository.js';
import { SyncStateRepository } from '../repositories/sync-state.repository.js';
import type { StateKey } from '../repositories/sync-state.repository.js';
import type { Caller } from './account.service.js';

export interface SyncServiceOptions {
  now: () => Date;
  /** Refuse HLCs further ahead of the server's clock than this (a broken device clock would win every field forever). */
  maxClockSkewMs?: number;
  /** Called with the number of messages appended (metrics). */
  onAppended?: (count: number) => void;
}

export interface CompactionResult {
  users: number;
  deleted: number;
}

export class SyncService {
  private readonly log: SyncLogRepository;
  private readonly state: SyncStateRepository;
  private readonly maxSkewMs: number;

  constructor(
    private readonly db: Database,
    private readonly options: SyncServiceOptions,
  ) {
    this.log = new SyncLogRepository(db);
    this.state = new SyncStateRepository(db);
    this.maxSkewMs = options.maxClockSkewMs ?? 10 * 60_000;
  }

  async sync(caller: Caller, req: SyncRequest): Promise<SyncResponse> {
    const now = this.options.now();
    this.check(caller, req.messages, now);
    if (req.messages.length > 0) {
      const { fresh, appendedTo } = await this.append(caller, req.since, req.messages, now);
      if (fresh > 0) this.options.onAppended?.(fresh);
      // The batch went in right after the caller's cursor: (since, appendedTo] holds only its
      // own messages, so there is nothing to pull (the common case of a device that keeps up).
      if (appendedTo !== null && appendedTo - fresh === req.since) {
        return { v: 1, messages: [], cursor: appendedTo, hasMore: false, head: appendedTo };
      }
    }
    const limit = req.limit ?? DEFAULT_PAGE_LIMIT;
    // The head and the page in one snapshot: every seq up to the head is there.
    const { head, messages: rows } = await this.log.pull(
      caller.userId,
      req.since,
      caller.deviceId,
      limit + 1,
    );
    this.checkCursor(req.since, head.lastSeq, head.compactedThrough);
    const hasMore = rows.length > limit;
    const messages = hasMore ? rows.slice(0, limit) : rows;
    const cursor = hasMore ? (messages[messages.length - 1]?.seq ?? req.since) : head.lastSeq;
    return { v: 1, messages, cursor, hasMore, head: head.lastSeq };
  }

  /** One page of the user's current state; the first page fixes the seq to sync on from. */
  async snapshot(
    caller: Caller,
    cursor: string | undefined,
    limit = DEFAULT_PAGE_LIMIT,
  ): Promise<StateResponse> {
    let seq: number;
    let after: StateKey | null = null;
    if (cursor === undefined) {
      seq = (await this.log.head(caller.userId)).lastSeq;
    } else {
      ({ seq, after } = decodeStateCursor(cursor));
    }
    const rows = await this.state.page(caller.userId, after, limit + 1);
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      v: 1,
      rows: page,
      cursor: hasMore && last ? encodeStateCursor(seq, last) : null,
      hasMore,
      seq,
    };
  }

  /** Compacts one user's log: superseded messages received before `before`. */
  async compactUser(userId: string, before: Date): Promise<number> {
    return this.db.transaction(async (tx) => {
      await this.log.lockHead(tx, userId);
      return (await this.log.compact(tx, userId, before)).deleted;
    });
  }

  async compactAll(retentionMs: number): Promise<CompactionResult> {
    const before = new Date(this.options.now().getTime() - retentionMs);
    const users = await this.log.usersWithMessagesBefore(before);
    let deleted = 0;
    for (const user of users) deleted += await this.compactUser(user, before);
    return { users: users.length, deleted };
  }

  private check(caller: Caller, messages: ChangeMessage[], now: Date): void {
    messages.forEach((m, i) => {
      if (m.device !== caller.deviceId) {
        throw new AppError(
          'FORBIDDEN',
          `messages.${i}.device: ${m.device} is not the device of this token; push only this device's changes`,
        );
      }
      const ahead = parseHlc(m.hlc).wall - now.getTime();
      if (ahead > this.maxSkewMs) {
        throw new AppError(
          'CLOCK_SKEW',
          `messages.${i}.hlc: ${Math.round(ahead / 1000)} s ahead of the server's clock; fix the device clock`,
        );
      }
    });
  }

  private checkCursor(since: number, lastSeq: number, compactedThrough: number): void {
    if (since < compactedThrough) {
      throw new AppError(
        'RESYNC_REQUIRED',
        `since: ${since} is older than the compacted log (${compactedThrough}); bootstrap from GET /v1/state`,
      );
    }
    if (since > lastSeq) {
      throw new AppError(
        'RESYNC_REQUIRED',
        `since: ${since} is ahead of this account's log (${lastSeq}); bootstrap from GET /v1/state`,
      );
    }
  }

  private async append(
    caller: Caller,
    since: number,
    messages: ChangeMessage[],
    now: Date,
  ): Promise<{ fresh: number; appendedTo: number | null }> {
    // Within one batch a repeated hlc is a retry of the same change.
    const unique = [...new Map(messages.map((m) => [m.hlc, m])).values()];
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await this.log.appendBatch(caller.userId, caller.deviceId, since, unique, now);
        if (r.appendedTo === null && r.fresh > 0) {
          // The cursor is off the log (checked against the locked head): nothing was written.
          this.checkCursor(since, r.head.lastSeq, r.head.compactedThrough);
          throw new AppError(
            'RESYNC_REQUIRED',
            `since: ${since} is not within this account's log; bootstrap from GET /v1/state`,
          );
        }
        return r.appendedTo === null
          ? { fresh: 0, appendedTo: null }
          : { fresh: r.fresh, appendedTo: r.appendedTo };
      } catch (err) {
        // A concurrent retry of the same device committed these HLCs first: run again, and
        // the duplicate check sees them.
        if (attempt < 3 && (err as { code?: unknown }).code === '23505') continue;
        throw err;
      }
    }
  }
}

export function encodeStateCursor(seq: number, key: StateKey): string {
  return Buffer.from(JSON.stringify([seq, key.table, key.row, key.column])).toString('base64url');
}

export function decodeStateCursor(cursor: string): { seq: number; after: StateKey } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 4 &&
      Number.isSafeInteger(v[0]) &&
      (v[0] as number) >= 0 &&
      v.slice(1).every((x) => typeof x === 'string')
    ) {
      const [seq, table, row, column] = v as [number, string, string, string];
      return { seq, after: { table, row, column } };
    }
  } catch {
    // fall through
  }
  throw new AppError('BAD_REQUEST', 'cursor: not a cursor this server gave out');
}
