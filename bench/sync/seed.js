// Seeds users and devices straight into PostgreSQL, as the server stores them: the token
// hash is the server's own hashToken (sha256 hex of the base64url token), the password hash
// one real scrypt hash (the server's hashPassword) shared by every bench user, and each user
// gets its sync_heads row as sign-up creates it. Signing in 10,000 devices through scrypt
// (~50 ms each) would take minutes, so the bench does not.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { hashPassword } from '../../apps/sync-server/dist/services/password.js';
import { hashToken, newDeviceToken } from '../../apps/sync-server/dist/services/tokens.js';

export const BENCH_PASSWORD = 'bench-password-not-secret';

/** Returns devices [{ userIndex, userId, deviceId, token, ip }] in user order. */
export async function seedAccounts(url, { users, devicesPerUser }) {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const userRows = { id: [], email: [] };
  const devices = [];
  for (let u = 0; u < users; u++) {
    const userId = randomUUID();
    userRows.id.push(userId);
    userRows.email.push(`bench-${u}@example.test`);
    for (let d = 0; d < devicesPerUser; d++) {
      const n = devices.length;
      devices.push({
        userIndex: u,
        userId,
        deviceId: randomUUID(),
        token: newDeviceToken(),
        // A distinct client address per device (sent as X-Forwarded-For, TRUST_PROXY=true),
        // so the per-address limiter sees many devices, not one loopback address.
        ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      });
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO users (id, email, email_key, password_hash)
       SELECT id, email, email, $3 FROM unnest($1::uuid[], $2::text[]) AS t(id, email)`,
      [userRows.id, userRows.email, passwordHash],
    );
    await client.query('INSERT INTO sync_heads (user_id) SELECT unnest($1::uuid[])', [userRows.id]);
    for (let i = 0; i < devices.length; i += 5000) {
      const chunk = devices.slice(i, i + 5000);
      await client.query(
        `INSERT INTO devices (id, user_id, name, token_hash, created_at, last_seen_at)
         SELECT id, user_id, name, token_hash, now(), now()
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS t(id, user_id, name, token_hash)`,
        [
          chunk.map((d) => d.deviceId),
          chunk.map((d) => d.userId),
          chunk.map((d, j) => `bench device ${i + j}`),
          chunk.map((d) => hashToken(d.token)),
        ],
      );
    }
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  return devices;
}
