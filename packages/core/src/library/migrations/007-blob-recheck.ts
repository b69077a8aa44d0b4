import type { Migration } from './index.js';

// A photo starred (again, or by another device) has its uploads checked anew: the server
// drops the blobs of photos that stayed unstarred (BLOB_UNSTARRED_GRACE_DAYS), so what this
// library remembers having uploaded may be gone. The next pass HEADs each variant and
// uploads only what is missing.
export const m007BlobRecheck: Migration = {
  name: 'blob-recheck',
  sql: `
CREATE TRIGGER sync_fields_star_rechecks_blobs_ins AFTER INSERT ON sync_fields
WHEN NEW.tbl = 'photos' AND NEW.col = 'starred' AND NEW.value = 'true'
BEGIN
  DELETE FROM sync_blobs WHERE photo_id = NEW.row;
  DELETE FROM sync_upload_failures WHERE photo_id = NEW.row;
END;

CREATE TRIGGER sync_fields_star_rechecks_blobs_upd AFTER UPDATE OF value ON sync_fields
WHEN NEW.tbl = 'photos' AND NEW.col = 'starred' AND NEW.value = 'true' AND OLD.value <> 'true'
BEGIN
  DELETE FROM sync_blobs WHERE photo_id = NEW.row;
  DELETE FROM sync_upload_failures WHERE photo_id = NEW.row;
END;
`,
};
