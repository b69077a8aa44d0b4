import type { Migration } from './index.js';

// Blob records: which user keeps which (photo, variant), and the sha256 of those bytes. The
// bytes themselves live once per sha256 in the blob store; a record is written only after
// its object is durable, and an object is deleted only when no record names it.
export const m002Blobs: Migration = {
  id: 2,
  name: 'blobs',
  sql: `
CREATE TABLE blobs (
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- the photo id: sha256 of the original, 64 lowercase hex
  photo         text NOT NULL CHECK (photo ~ '^[0-9a-f]{64}$'),
  variant       text NOT NULL CHECK (variant IN ('original', 'preview', 'thumb')),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size          bigint NOT NULL CHECK (size >= 0),
  content_type  text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, photo, variant)
);
-- "does any user still reference this object?" before deleting it
CREATE INDEX blobs_by_sha256 ON blobs (sha256);
`,
};
