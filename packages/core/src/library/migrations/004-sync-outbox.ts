import type { Migration } from './index.js';

// Changes waiting to be pushed to the sync server (protocol v1 messages without the device,
// which the server assigns at sign-in), and this library's hybrid logical clock. Both are
// written in the same transaction as the change they describe.
export const m004SyncOutbox: Migration = {
  name: 'sync-outbox',
  sql: `
CREATE TABLE sync_outbox (
  id          INTEGER PRIMARY KEY,
  tbl         TEXT NOT NULL,
  row         TEXT NOT NULL,
  col         TEXT NOT NULL,
  value       TEXT NOT NULL,
  hlc         TEXT NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL
);

CREATE TABLE sync_clock (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  node      TEXT NOT NULL,
  last_hlc  TEXT
);
`,
};
