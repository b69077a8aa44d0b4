// Cross-instance events travel as PostgreSQL NOTIFY on one channel; inside a transaction
// they are delivered only if it commits.
import type { Sql } from '../db/database.js';

export const EVENTS_CHANNEL = 'encore_events';

export type ServerNotification =
  /** The user's log grew to `seq` through device `device`. */
  | { t: 'log'; user: string; seq: number; device: string }
  /** The device's token was revoked: close its sockets. */
  | { t: 'revoke'; user: string; device: string };

export async function notify(sql: Sql, event: ServerNotification): Promise<void> {
  await sql.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify(event)]);
}
