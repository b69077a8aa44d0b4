// The account this library is signed in to, its device token and its sync cursor.
import type { Db } from '../library/database.js';

export interface SyncAccount {
  server: string;
  userId: string;
  email: string;
  deviceId: string;
  deviceName: string;
  token: string | null;
  /** Last log seq pulled; null until bootstrapped from the server's state. */
  cursor: number | null;
  signedInAt: string;
  lastSyncAt: string | null;
  lastError: string | null;
  lastErrorCode: string | null;
}

interface Raw {
  server: string;
  user_id: string;
  email: string;
  device_id: string;
  device_name: string;
  token: string | null;
  cursor: number | null;
  signed_in_at: string;
  last_sync_at: string | null;
  last_error: string | null;
  last_error_code: string | null;
}

export class SyncAccountRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      get: db.prepare(`SELECT * FROM sync_account WHERE id = 1`),
      save: db.prepare(
        `INSERT OR REPLACE INTO sync_account (id, server, user_id, email, device_id, device_name,
           token, cursor, signed_in_at, last_sync_at, last_error, last_error_code)
         VALUES (1, @server, @userId, @email, @deviceId, @deviceName, @token, @cursor, @signedInAt,
           @lastSyncAt, @lastError, @lastErrorCode)`,
      ),
      // Every write names the device it is for: a pass that outlived its sign-in (another
      // account signed in meanwhile, here or in another process) changes nothing.
      cursor: db.prepare(`UPDATE sync_account SET cursor = ? WHERE id = 1 AND device_id = ?`),
      synced: db.prepare(
        `UPDATE sync_account SET last_sync_at = ?, last_error = NULL, last_error_code = NULL
         WHERE id = 1 AND device_id = ?`,
      ),
      failed: db.prepare(
        `UPDATE sync_account SET last_error = ?, last_error_code = ? WHERE id = 1 AND device_id = ?`,
      ),
      remove: db.prepare(`DELETE FROM sync_account`),
    };
  }

  get(): SyncAccount | null {
    const r = this.stmts.get.get() as Raw | undefined;
    if (!r) return null;
    return {
      server: r.server,
      userId: r.user_id,
      email: r.email,
      deviceId: r.device_id,
      deviceName: r.device_name,
      token: r.token,
      cursor: r.cursor,
      signedInAt: r.signed_in_at,
      lastSyncAt: r.last_sync_at,
      lastError: r.last_error,
      lastErrorCode: r.last_error_code,
    };
  }

  save(a: SyncAccount): void {
    this.stmts.save.run(a);
  }

  setCursor(deviceId: string, cursor: number | null): void {
    this.stmts.cursor.run(cursor, deviceId);
  }

  markSynced(deviceId: string, at: Date): void {
    this.stmts.synced.run(at.toISOString(), deviceId);
  }

  markFailed(deviceId: string, code: string, message: string): void {
    this.stmts.failed.run(message, code, deviceId);
  }

  remove(): void {
    this.stmts.remove.run();
  }
}
