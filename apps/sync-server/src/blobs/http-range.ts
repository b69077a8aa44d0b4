// The small part of HTTP conditional and range requests that blob reads need: one
// `Range: bytes=a-b` (or `a-`, or `-n`) and `If-None-Match` against a strong ETag.
import type { ByteRange } from './blob-store.js';

/**
 * undefined: serve the whole blob (no header, or one we may ignore: other units, several
 * ranges, a malformed one, as RFC 9110 allows); 'unsatisfiable': 416.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const first = m[1] === '' ? null : Number(m[1]);
  const last = m[2] === '' ? null : Number(m[2]);
  if (first === null) {
    // The last n bytes.
    const n = last ?? 0;
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  if (last !== null && last < first) return undefined;
  if (first >= size) return 'unsatisfiable';
  return { start: first, end: last === null ? size - 1 : Math.min(last, size - 1) };
}

/** True when If-None-Match names this ETag (or is `*`); weak tags compare weakly. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}
