// Forward-only schema migrations. Never edit a released one: add the next number.
import { m001Initial } from './001-initial.js';
import { m002Catalog } from './002-catalog.js';
import { m003Events } from './003-events.js';
import { m004SyncOutbox } from './004-sync-outbox.js';
import { m005SyncClient } from './005-sync-client.js';
import { m006ShowSyncKeys } from './006-show-sync-keys.js';
import { m007BlobRecheck } from './007-blob-recheck.js';

export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  m001Initial,
  m002Catalog,
  m003Events,
  m004SyncOutbox,
  m005SyncClient,
  m006ShowSyncKeys,
  m007BlobRecheck,
];
