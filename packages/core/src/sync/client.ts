// The sync client: signs this library in to a sync server, pushes the outbox and pulls the
// other devices' changes (applied by last-writer-wins through the replica), bootstraps from
// the server's state when the cursor is lost, uploads starred photos' bytes, and fetches a
// starred original this device lacks. One `syncNow` is one complete, restartable pass:
// every step commits before the next, so a crash or a lost network anywhere resumes on the
// next pass without losing or repeating a change (pushes are idempotent on the server).
import fs from 'node:fs';
import type { SyncState, SyncStatusInfo } from '../contract/index.js';
import os from 'node:os';
import path from 'node:path';
import { EncoreError, UsageError, errorMessage } from '../domain/errors.js';
import type { Db } from '../library/database.js';
import {
  MAX_MESSAGES_PER_REQUEST,
  PROTOCOL_VERSION,
  columnSchema,
  isSyncTable,
  type BlobUsageResponse,
  type BlobVariant,
  type ChangeMessage,
  type DevicesResponse,
  type DeviceView,
  type SignInResponse,
  type SignUpResponse,
  type StateResponse,
  type SyncResponse,
} from '../protocol/index.js';
import { SyncAccountRepository, type SyncAccount } from './account.repository.js';
import { recordExistingForSync } from './existing.record.js';
import { SyncError, SyncHttp, type SyncHttpOptions } from './http.js';
import { SyncOutbox } from './outbox.js';
import { syncProjections } from './projections.js';
import { SyncReplica, type RemoteChange, type SyncProjections } from './replica.js';
import { SyncOutboxRepository } from './outbox.repository.js';
import { RemotePhotoRepository } from './remote-photos.repository.js';
import { extensionOf, sha256File, type UploadTask } from './uploads.js';
import { UploadRepository } from './uploads.repository.js';

/**
 * The client's status: the contract's, with the last error as the server or network said it
 * (the engine maps its code to the contract's set) and without the engine's default name.
 */
export type SyncStatus = Omit<SyncStatusInfo, 'lastError' | 'defaultDeviceName'> & {
  lastError: { code: string; message: string } | null;
};

export interface SyncSummary {
  bootstrapped: boolean;
  pushed: number;
  pulled: number;
  applied: number;
  uploaded: number;
  uploadFailures: number;
}

export interface SyncClientOptions {
  /** Projections of pulled fields into this library (default: all synced tables). */
  projections?: SyncProjections;
  timeoutMs?: number;
  /** Longest Retry-After a blob call waits before trying again (default 60 s). */
  maxRetryAfterMs?: number;
  /** Called after pulled changes were applied (the engine re-renders, re-matches). */
  onApplied?: (changes: RemoteChange[]) => void;
}

export interface Credentials {
  server: string;
  email: string;
  password: string;
  deviceName?: string;
}

const ACCOUNT_CHANGED = 'ACCOUNT_CHANGED';

/** A permanent upload failure is retried after this long (the file may come back). */
const UPLOAD_RETRY_MS = 6 * 3600_000;

export class SyncClient {
  readonly accounts: SyncAccountRepository;
  readonly outbox: SyncOutbox;
  readonly replica: SyncReplica;
  readonly uploads: UploadRepository;
  private readonly remote: RemotePhotoRepository;
  private readonly outboxRows: SyncOutboxRepository;
  private running: Promise<SyncSummary> | null = null;

  constructor(
    private readonly db: Db,
    private readonly libraryDir: string,
    private readonly options: SyncClientOptions = {},
  ) {
    this.accounts = new SyncAccountRepository(db);
    this.outbox = new SyncOutbox(db);
    this.replica = new SyncReplica(db, options.projections ?? syncProjections(db));
    this.uploads = new UploadRepository(db, libraryDir);
    this.remote = new RemotePhotoRepository(db);
    this.outboxRows = new SyncOutboxRepository(db);
  }

  account(): SyncAccount | null {
    return this.accounts.get();
  }

  /** The device name `signIn` uses when none is given. */
  defaultDeviceName(): string {
    return defaultDeviceName(this.libraryDir);
  }

  async signUp(c: Credentials): Promise<SyncAccount> {
    const http = new SyncHttp(c.server, null, this.httpOptions());
    await http.json<SignUpResponse>('POST', 'v1/accounts', {
      v: PROTOCOL_VERSION,
      email: c.email,
      password: c.password,
    });
    return this.signIn(c);
  }

  /**
   * Signs this library in as a new device. Every synced value this library holds is queued
   * again, so the account gets everything starred here before (and while) signed out.
   */
  async signIn(c: Credentials): Promise<SyncAccount> {
    // A pass of the previous sign-in finishes first (its writes name its device anyway).
    await this.running?.catch(() => undefined);
    const http = new SyncHttp(c.server, null, this.httpOptions());
    const res = await http.json<SignInResponse>('POST', 'v1/sessions', {
      v: PROTOCOL_VERSION,
      email: c.email,
      password: c.password,
      deviceName: c.deviceName ?? defaultDeviceName(this.libraryDir),
    });
    const previous = this.accounts.get();
    // Shows and decisions made before sync existed in this library become synced fields.
    recordExistingForSync(this.db);
    const account: SyncAccount = {
      server: http.server,
      userId: res.user.id,
      email: res.user.email,
      deviceId: res.device.id,
      deviceName: res.device.name,
      token: res.token,
      cursor: null,
      signedInAt: new Date().toISOString(),
      lastSyncAt: null,
      lastError: null,
      lastErrorCode: null,
    };
    this.transaction(() => {
      if (!previous || previous.server !== account.server || previous.userId !== account.userId) {
        this.uploads.forgetAll();
      }
      this.requeue('all');
      this.accounts.save(account);
    });
    return account;
  }

  /** Revokes this device on the server (when reachable) and forgets the token here. */
  async signOut(): Promise<{ revoked: boolean; warning: string | null }> {
    await this.running?.catch(() => undefined);
    // Not requireAccount(): a library whose token was refused must still be able to sign out.
    const account = this.accounts.get();
    if (!account) throw notSignedIn();
    let revoked = false;
    let warning: string | null = null;
    if (account.token) {
      try {
        await this.http(account).json('DELETE', `v1/devices/${account.deviceId}`);
        revoked = true;
      } catch (err) {
        if (err instanceof SyncError && err.auth) revoked = true;
        else
          warning = `could not revoke this device on ${account.server} (${errorMessage(err)}); it stays listed on the account until it is revoked from another device`;
      }
    }
    this.accounts.remove();
    return { revoked, warning };
  }

  status(): SyncStatus {
    const a = this.accounts.get();
    const pendingMessages = this.outbox.pending();
    const pendingUploads = a ? this.uploads.count() : 0;
    return {
      server: a?.server ?? null,
      account: a?.email ?? null,
      device: a ? { id: a.deviceId, name: a.deviceName } : null,
      lastSyncAt: a?.lastSyncAt ?? null,
      pendingMessages,
      pendingUploads,
      failedUploads: a ? this.uploads.failures().length : 0,
      state: stateOf(a, pendingMessages + pendingUploads),
      lastError: a?.lastErrorCode ? { code: a.lastErrorCode, message: a.lastError ?? '' } : null,
    };
  }

  /** One full pass; concurrent callers share the pass in flight. */
  syncNow(): Promise<SyncSummary> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /**
   * A path to the photo's bytes: a local copy when this library has one, else the server's
   * blob, fetched once into the library's remote/ folder and checked against its hash.
   */
  async fetch(photoId: string, variant: BlobVariant = 'original'): Promise<string> {
    if (variant === 'original') {
      const local = this.remote.localFiles(photoId);
      const found = local.map((f) => path.normalize(f)).find((f) => fs.existsSync(f));
      if (found) return found;
    }
    const cached = this.remote.fetchedFile(photoId, variant);
    if (cached && fs.existsSync(path.join(this.libraryDir, cached))) {
      return path.join(this.libraryDir, cached);
    }
    const account = this.requireAccount();
    const rel = path.join('remote', photoId.slice(0, 2), `${photoId}.${variant}`);
    const dest = path.join(this.libraryDir, rel);
    let got;
    try {
      got = await this.http(account).getBlob(photoId, variant, dest);
    } catch (err) {
      if (err instanceof SyncError && err.code === 'NOT_FOUND') {
        throw new SyncError(
          'NOT_FOUND',
          `the server has no ${variant} of photo ${photoId} (only starred photos are uploaded, by a device that has the file)`,
          404,
        );
      }
      throw err;
    }
    // Named by what it is (<id>.original.jpg opens in the user's viewer).
    const ext = extensionOf(got.contentType);
    const named = rel + ext;
    if (ext) await fs.promises.rename(dest, path.join(this.libraryDir, named));
    this.remote.recordFetched({
      photoId,
      variant,
      file: named,
      sha256: got.sha256,
      size: got.size,
      contentType: got.contentType,
      fetchedAt: new Date(),
    });
    return path.join(this.libraryDir, named);
  }

  /** The account's devices (this one marked `current`). */
  async devices(): Promise<DeviceView[]> {
    const res = await this.http(this.requireAccount()).json<DevicesResponse>('GET', 'v1/devices');
    return res.devices;
  }

  /** Revokes another device of the account (a lost laptop): its token stops working. */
  async revokeDevice(idOrPrefix: string): Promise<DeviceView> {
    const devices = await this.devices();
    const key = idOrPrefix.toLowerCase();
    const named = devices.filter((d) => d.name === idOrPrefix && !d.revokedAt);
    const matches =
      named.length === 1 ? named : devices.filter((d) => key.length >= 4 && d.id.startsWith(key));
    if (matches.length !== 1) {
      throw new UsageError(
        matches.length === 0
          ? `no device ${idOrPrefix} on this account`
          : `${idOrPrefix} matches ${matches.length} devices; give more of the id`,
      );
    }
    const device = matches[0]!;
    if (device.current) {
      throw new UsageError('that is this device: sign out instead', { field: 'device' });
    }
    await this.http(this.requireAccount()).json('DELETE', `v1/devices/${device.id}`);
    return device;
  }

  async usage(): Promise<BlobUsageResponse> {
    return this.http(this.requireAccount()).json<BlobUsageResponse>('GET', 'v1/blobs');
  }

  private async pass(): Promise<SyncSummary> {
    const account = this.requireAccount();
    const summary: SyncSummary = {
      bootstrapped: false,
      pushed: 0,
      pulled: 0,
      applied: 0,
      uploaded: 0,
      uploadFailures: 0,
    };
    try {
      await this.exchange(account, summary);
      await this.upload(account, summary);
      this.accounts.markSynced(account.deviceId, new Date());
    } catch (err) {
      const e = err instanceof EncoreError ? err : new SyncError('SYNC_FAILED', errorMessage(err));
      this.accounts.markFailed(account.deviceId, e.code, e.message);
      throw e;
    }
    return summary;
  }

  private async exchange(account: SyncAccount, summary: SyncSummary): Promise<void> {
    const http = this.http(account);
    let cursor = this.accounts.get()?.cursor ?? null;
    // Bounded: each round either pushes outbox entries or pulls pages; a stuck server
    // cannot hold the loop forever.
    for (let round = 0; round < 10_000; round++) {
      if (cursor === null) {
        cursor = await this.bootstrap(http, account, summary);
      }
      const batch = this.outbox.peek(MAX_MESSAGES_PER_REQUEST);
      const messages: ChangeMessage[] = batch.map((e) => ({
        table: e.table as ChangeMessage['table'],
        row: e.row,
        column: e.column,
        value: e.value as ChangeMessage['value'],
        hlc: e.hlc,
        device: account.deviceId,
      }));
      let res: SyncResponse;
      try {
        res = await http.json<SyncResponse>('POST', 'v1/sync', {
          v: PROTOCOL_VERSION,
          since: cursor,
          messages,
          limit: MAX_MESSAGES_PER_REQUEST,
        });
      } catch (err) {
        if (err instanceof SyncError && err.code === 'RESYNC_REQUIRED') {
          // The server's log does not go back to our cursor (compacted, or restored from a
          // backup that may lack what we sent since): start over from its state, and send
          // this library's own values again (duplicates are skipped by the server).
          this.transaction(() => {
            this.checkAccount(account);
            this.requeue('own');
            this.accounts.setCursor(account.deviceId, null);
          });
          cursor = null;
          continue;
        }
        throw err;
      }
      const next = res.cursor;
      this.transaction(() => {
        this.checkAccount(account);
        this.outbox.remove(batch);
        summary.applied += this.apply(res.messages, account.deviceId).length;
        this.accounts.setCursor(account.deviceId, next);
      });
      summary.pushed += batch.length;
      summary.pulled += res.messages.length;
      cursor = next;
      if (!res.hasMore && this.outbox.pending() === 0) return;
    }
    throw new SyncError('SYNC_STUCK', 'the server kept returning more to sync; try again later');
  }

  /** Reads the server's whole state page by page; returns the seq to continue from. */
  private async bootstrap(
    http: SyncHttp,
    account: SyncAccount,
    summary: SyncSummary,
  ): Promise<number> {
    let cursor: string | null = null;
    let seq = 0;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: StateResponse = await http.json<StateResponse>(
        'GET',
        `v1/state?v=${PROTOCOL_VERSION}&limit=${MAX_MESSAGES_PER_REQUEST}${query}`,
      );
      seq = page.seq;
      this.transaction(() => {
        this.checkAccount(account);
        summary.applied += this.apply(page.rows, account.deviceId).length;
      });
      summary.pulled += page.rows.length;
      cursor = page.hasMore ? page.cursor : null;
    } while (cursor);
    this.transaction(() => {
      this.checkAccount(account);
      this.accounts.setCursor(account.deviceId, seq);
      // What this library remembers uploading may be gone (a photo unstarred and swept while
      // it was away): check every starred photo's blobs again.
      this.uploads.forgetAll();
    });
    summary.bootstrapped = true;
    return seq;
  }

  private apply(messages: RemoteChange[], ownDevice: string): RemoteChange[] {
    const won = this.replica.apply(messages, ownDevice);
    if (won.length) this.options.onApplied?.(won);
    return won;
  }

  private async upload(account: SyncAccount, summary: SyncSummary): Promise<void> {
    const http = this.http(account);
    // Bounded passes: tasks that fail permanently are parked, so the list shrinks.
    for (let round = 0; round < 1000; round++) {
      const tasks = this.uploads.pending(50);
      if (tasks.length === 0) return;
      for (const task of tasks) {
        try {
          if (await this.uploadOne(http, account, task)) summary.uploaded++;
        } catch (err) {
          if (
            err instanceof SyncError &&
            (err.transient || err.auth || err.code === ACCOUNT_CHANGED)
          )
            throw err;
          const code = err instanceof EncoreError ? err.code : 'UPLOAD_FAILED';
          this.uploads.markFailed(
            task.photoId,
            task.variant,
            code,
            errorMessage(err),
            Date.now() + UPLOAD_RETRY_MS,
          );
          summary.uploadFailures++;
        }
      }
    }
  }

  /** True when bytes were sent (false: the server had them already). */
  private async uploadOne(
    http: SyncHttp,
    account: SyncAccount,
    task: UploadTask,
  ): Promise<boolean> {
    const files = [task.file, ...task.alternatives];
    const file = files.find((f) => fs.existsSync(f));
    if (!file) {
      throw new EncoreError(
        'FILE_MISSING',
        `${task.variant} of ${task.photoId}: no local file (${task.file}); it uploads once the folder is back`,
      );
    }
    const { sha256, size } = await sha256File(file);
    if (task.variant === 'original' && sha256 !== task.photoId) {
      throw new EncoreError(
        'FILE_CHANGED',
        `${file} no longer holds photo ${task.photoId} (it was edited or replaced); rescan to pick it up`,
      );
    }
    const held = await http.headBlob(task.photoId, task.variant);
    this.checkAccount(account);
    if (held) {
      this.uploads.markHeld(task.photoId, task.variant, held, size);
      return false;
    }
    let sent: boolean;
    try {
      sent = await http.putBlob(task.photoId, task.variant, file, sha256, task.contentType);
    } catch (err) {
      // Another device's rendition got there first: the server keeps one, which is fine.
      if (err instanceof SyncError && err.code === 'BLOB_EXISTS') {
        this.checkAccount(account);
        this.uploads.markHeld(task.photoId, task.variant, sha256, size);
        return false;
      }
      throw err;
    }
    this.checkAccount(account);
    this.uploads.markHeld(task.photoId, task.variant, sha256, size);
    return sent;
  }

  /**
   * Queues synced fields again: `all` for a new device or account (it must receive
   * everything this library holds), `own` for this library's own values (a server that lost
   * some of its log). Only fields this version can send; a field already waiting stays.
   */
  private requeue(which: 'all' | 'own'): void {
    const now = Date.now();
    for (const r of this.outboxRows.requeueCandidates(which)) {
      const schema = isSyncTable(r.tbl) ? columnSchema(r.tbl, r.col) : undefined;
      if (!schema?.safeParse(JSON.parse(r.value)).success) continue;
      this.outboxRows.insert(r.tbl, r.row, r.col, r.value, r.hlc, now);
    }
  }

  /** Stops a pass whose sign-in was replaced (here or in another process) from writing. */
  private checkAccount(account: SyncAccount): void {
    if (this.accounts.get()?.deviceId !== account.deviceId) {
      throw new SyncError(
        ACCOUNT_CHANGED,
        'this library was signed in again during the sync; the next pass uses the new sign-in',
      );
    }
  }

  private requireAccount(): SyncAccount {
    const a = this.accounts.get();
    if (!a) throw notSignedIn();
    if (!a.token) {
      throw new EncoreError(
        'REAUTH_REQUIRED',
        `this device's sign-in to ${a.server} (${a.email}) no longer works; sign in again`,
      );
    }
    return a;
  }

  private http(account: SyncAccount): SyncHttp {
    return new SyncHttp(account.server, account.token, this.httpOptions());
  }

  private httpOptions(): SyncHttpOptions {
    const { timeoutMs, maxRetryAfterMs } = this.options;
    return {
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(maxRetryAfterMs ? { maxRetryAfterMs } : {}),
    };
  }

  private transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}

function stateOf(a: SyncAccount | null, pending: number): SyncState {
  if (!a) return 'signed-out';
  if (!a.token || (a.lastErrorCode && AUTH_STATE.has(a.lastErrorCode))) return 'reauth-required';
  if (a.lastErrorCode === 'OFFLINE' || a.lastErrorCode === 'TIMEOUT') return 'offline';
  if (a.lastErrorCode) return 'error';
  return pending > 0 || !a.lastSyncAt ? 'pending' : 'up-to-date';
}

const AUTH_STATE = new Set(['UNAUTHORIZED', 'INVALID_TOKEN', 'TOKEN_REVOKED', 'TOKEN_EXPIRED']);

function notSignedIn(): EncoreError {
  return new EncoreError('NOT_SIGNED_IN', 'this library is not signed in to a sync server');
}

function defaultDeviceName(libraryDir: string): string {
  return `${os.hostname()} (${path.basename(libraryDir)})`.slice(0, 100);
}
