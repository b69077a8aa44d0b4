import type { Database } from '../db/database.js';
import { toIso, toIsoOrNull } from '../db/database.js';

export interface DeviceRow {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

interface RawDevice {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: unknown;
  last_seen_at: unknown;
  revoked_at: unknown;
}

const COLUMNS = 'id, user_id, name, token_hash, created_at, last_seen_at, revoked_at';

function toDevice(r: RawDevice): DeviceRow {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    tokenHash: r.token_hash,
    createdAt: toIso(r.created_at),
    lastSeenAt: toIsoOrNull(r.last_seen_at),
    revokedAt: toIsoOrNull(r.revoked_at),
  };
}

export class DeviceRepository {
  constructor(private readonly db: Database) {}

  async insert(d: {
    id: string;
    userId: string;
    name: string;
    tokenHash: string;
    now: Date;
  }): Promise<DeviceRow> {
    const rows = await this.db.query<RawDevice>(
      `INSERT INTO devices (id, user_id, name, token_hash, created_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $5) RETURNING ${COLUMNS}`,
      [d.id, d.userId, d.name, d.tokenHash, d.now],
    );
    return toDevice(rows[0] as RawDevice);
  }

  async byTokenHash(tokenHash: string): Promise<DeviceRow | null> {
    const rows = await this.db.query<RawDevice>(
      `SELECT ${COLUMNS} FROM devices WHERE token_hash = $1`,
      [tokenHash],
    );
    return rows[0] ? toDevice(rows[0]) : null;
  }

  async listForUser(userId: string): Promise<DeviceRow[]> {
    const rows = await this.db.query<RawDevice>(
      `SELECT ${COLUMNS} FROM devices WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows.map(toDevice);
  }

  /** Revokes the user's device; null when the user has no such device. */
  async revoke(userId: string, deviceId: string, now: Date): Promise<DeviceRow | null> {
    const rows = await this.db.query<RawDevice>(
      `UPDATE devices SET revoked_at = COALESCE(revoked_at, $3)
       WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [deviceId, userId, now],
    );
    return rows[0] ? toDevice(rows[0]) : null;
  }

  async touch(deviceId: string, now: Date): Promise<void> {
    await this.db.query('UPDATE devices SET last_seen_at = $2 WHERE id = $1', [deviceId, now]);
  }
}
