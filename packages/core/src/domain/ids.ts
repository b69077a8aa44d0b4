// Branded identifiers: values that are all strings at runtime but must never be mixed up.
// Exported (type-level only) so declaration files of branded schemas can name it.
export declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** sha256 of a file's bytes, lowercase hex. A photo *is* its content. */
export type PhotoId = Brand<string, 'PhotoId'>;
/** sha256 hex of any content (blobs, thumbnails). */
export type ContentHash = Brand<string, 'ContentHash'>;
export type SourceId = Brand<number, 'SourceId'>;
/** An instant as ISO 8601 in UTC, e.g. 2019-05-21T08:45:52.120Z. */
export type UtcInstant = Brand<string, 'UtcInstant'>;
/** A local wall time with its offset, e.g. 2019-05-21T10:45:52.120+02:00. */
export type LocalDateTime = Brand<string, 'LocalDateTime'>;

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isPhotoId(value: string): value is PhotoId {
  return SHA256_HEX.test(value);
}

export function asPhotoId(value: string): PhotoId {
  if (!isPhotoId(value)) throw new TypeError(`not a photo id (sha256 hex): ${value}`);
  return value;
}
