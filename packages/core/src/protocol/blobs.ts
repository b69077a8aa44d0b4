// Blobs in protocol v1: the bytes of starred photos kept by the server, addressed by the
// photo (its content hash) and a variant. The original's bytes hash to the photo id; the
// preview and thumb are the desktop's renditions, so their own hash is declared in a header
// and verified by the server while the body streams to disk.
import { z } from 'zod';
import type { PROTOCOL_VERSION } from './messages.js';

export const BLOB_VARIANTS = ['original', 'preview', 'thumb'] as const;
export type BlobVariant = (typeof BLOB_VARIANTS)[number];

export const BlobVariantSchema = z.enum(BLOB_VARIANTS, {
  error: `must be one of ${BLOB_VARIANTS.join(', ')}`,
});
export const Sha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be a sha256 (64 lowercase hex)');

/** PUT /v1/blobs/{photo}/{variant}: the hex sha256 of the body (for `original`, the photo id). */
export const CONTENT_SHA256_HEADER = 'x-content-sha256';
/** Content types a blob may be stored with (echoed on GET). */
export const BLOB_CONTENT_TYPE = /^(image|video)\/[0-9a-z.+-]{1,60}$|^application\/octet-stream$/;

export const BlobParamsSchema = z
  .object({ photo: Sha256Schema, variant: BlobVariantSchema })
  .strict();

export interface BlobView {
  /** The photo id (sha256 of the original). */
  photo: string;
  variant: BlobVariant;
  /** sha256 of these bytes (the ETag). */
  sha256: string;
  size: number;
  contentType: string;
  createdAt: string;
}

/** 201 when stored, 200 when this exact blob was already there (a no-op). */
export interface BlobPutResponse {
  v: typeof PROTOCOL_VERSION;
  blob: BlobView;
  created: boolean;
}

export interface BlobUsageResponse {
  v: typeof PROTOCOL_VERSION;
  usedBytes: number;
  quotaBytes: number;
  count: number;
}
