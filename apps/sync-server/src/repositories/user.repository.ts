import type { Database, Sql } from '../db/database.js';
import { toIso } from '../db/database.js';

export interface UserRow {
  id: string;
  email: string;
  passwordHash: string;
  createdAt: string;
}

interface RawUser {
  id: string;
  email: string;
  password_hash: string;
  created_at: unknown;
}

function toUser(r: RawUser): UserRow {
  return {
    id: r.id,
    email: r.email,
    passwordHash: r.password_hash,
    createdAt: toIso(r.created_at),
  };
}

export class UserRepository {
  constructor(private readonly db: Database) {}

  /** Creates the user and its empty sync log head; false when the email is taken. */
  async insert(
    user: { id: string; email: string; emailKey: string; passwordHash: string },
    sql: Sql = this.db,
  ): Promise<boolean> {
    const rows = await sql.query(
      `INSERT INTO users (id, email, email_key, password_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (email_key) DO NOTHING RETURNING id`,
      [user.id, user.email, user.emailKey, user.passwordHash],
    );
    if (rows.length === 0) return false;
    await sql.query('INSERT INTO sync_heads (user_id) VALUES ($1)', [user.id]);
    return true;
  }

  async byEmailKey(emailKey: string): Promise<UserRow | null> {
    const rows = await this.db.query<RawUser>(
      'SELECT id, email, password_hash, created_at FROM users WHERE email_key = $1',
      [emailKey],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async byId(id: string): Promise<UserRow | null> {
    const rows = await this.db.query<RawUser>(
      'SELECT id, email, password_hash, created_at FROM users WHERE id = $1',
      [id],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }
}
