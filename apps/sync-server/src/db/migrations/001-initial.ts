import type { Migration } from './index.js';

// Accounts, devices, sign-in throttling, the per-user sync log and its materialized state.
// HLC columns use the "C" collation: last-writer-wins compares them byte by byte, as the
// clients do, whatever the database's default collation.
export const m001Initial: Migration = {
  id: 1,
  name: 'initial',
  sql: `
CREATE TABLE users (
  id              uuid PRIMARY KEY,
  email           text NOT NULL,
  email_key       text NOT NULL UNIQUE,
  -- scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>: parameters travel with the hash
  password_hash   text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE devices (
  id            uuid PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name          text NOT NULL,
  -- sha256 of the bearer token, hex; the token itself is never stored
  token_hash    text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX devices_by_user ON devices (user_id);

-- Failed sign-ins per account and client address (the account need not exist).
CREATE TABLE sign_in_failures (
  email_key     text NOT NULL,
  ip            text NOT NULL,
  failures      integer NOT NULL,
  last_failure  timestamptz NOT NULL,
  locked_until  timestamptz,
  PRIMARY KEY (email_key, ip)
);

-- One row per user: the log's last sequence number (locked by every append, which is what
-- makes sequence numbers gap-free and commit in order) and the compaction horizon.
CREATE TABLE sync_heads (
  user_id             uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  last_seq            bigint NOT NULL DEFAULT 0,
  -- the highest seq compaction deleted: a cursor below it may have missed messages
  compacted_through   bigint NOT NULL DEFAULT 0
);

CREATE TABLE sync_messages (
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  seq          bigint NOT NULL,
  device_id    uuid NOT NULL,
  tbl          text NOT NULL,
  row_key      text NOT NULL,
  col          text NOT NULL,
  -- the JSON value as the client sent it
  value        text NOT NULL,
  hlc          text COLLATE "C" NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, seq),
  UNIQUE (user_id, device_id, hlc)
);

-- Last writer wins per (user, table, row, column): the highest (hlc, device).
CREATE TABLE sync_state (
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tbl        text COLLATE "C" NOT NULL,
  row_key    text COLLATE "C" NOT NULL,
  col        text COLLATE "C" NOT NULL,
  value      text NOT NULL,
  hlc        text COLLATE "C" NOT NULL,
  device_id  uuid NOT NULL,
  seq        bigint NOT NULL,
  PRIMARY KEY (user_id, tbl, row_key, col)
);
-- Compaction keeps the messages that are still some field's current value.
CREATE INDEX sync_state_by_seq ON sync_state (user_id, seq);
`,
};
