// Perceptual hashes computed from pixels the render pipeline already decoded: the 64-bit DCT
// hash finds near-duplicates (same shot re-encoded, resized, re-oriented back), ThumbHash gives
// the UI a blurred placeholder before the grid thumbnail loads.
import { rgbaToThumbHash } from 'thumbhash';

/** Side of the greyscale square the DCT hash is computed from. */
export const PHASH_INPUT_SIDE = 32;
/** ThumbHash accepts at most 100x100 pixels. */
export const THUMBHASH_MAX_SIDE = 100;

const N = PHASH_INPUT_SIDE;
const K = 9; // coefficients 0..8 per axis; row/column 0 (DC and pure gradients) are dropped

/** cos table for the DCT-II basis: COS[u * N + x] = cos((2x + 1) u pi / 2N), only u < K is needed. */
const COS = new Float64Array(K * N);
for (let u = 0; u < K; u++) {
  for (let x = 0; x < N; x++) COS[u * N + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N));
}

/**
 * pHash-style DCT hash of a 32x32 8-bit greyscale image: DCT, keep the 8x8 block of
 * coefficients (1..8, 1..8) next to the DC term, set a bit for each one above their median.
 * Only the 9 lowest frequencies per axis are computed (separable, ~10k multiplies), which is why
 * this is cheaper than a full 32x32 DCT.
 */
export function dctHash(grey: Uint8Array | Buffer): string {
  if (grey.length < N * N)
    throw new RangeError(`dctHash needs ${N}x${N} greyscale pixels, got ${grey.length} bytes`);
  // Rows first: rowDct[y * K + u] = sum_x grey[y][x] * cos(u, x)
  const rowDct = new Float64Array(N * K);
  for (let y = 0; y < N; y++) {
    const rowBase = y * N;
    for (let u = 1; u < K; u++) {
      let sum = 0;
      const cosBase = u * N;
      for (let x = 0; x < N; x++)
        sum += (grey[rowBase + x] as number) * (COS[cosBase + x] as number);
      rowDct[y * K + u] = sum;
    }
  }
  const coeffs = new Float64Array(64);
  for (let v = 1; v < K; v++) {
    for (let u = 1; u < K; u++) {
      let sum = 0;
      for (let y = 0; y < N; y++) sum += (rowDct[y * K + u] as number) * (COS[v * N + y] as number);
      coeffs[(v - 1) * 8 + (u - 1)] = sum;
    }
  }
  const sorted = Float64Array.from(coeffs).sort();
  const median = ((sorted[31] as number) + (sorted[32] as number)) / 2;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) hi = (hi << 1) | ((coeffs[i] as number) > median ? 1 : 0);
  for (let i = 32; i < 64; i++) lo = (lo << 1) | ((coeffs[i] as number) > median ? 1 : 0);
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** Number of differing bits between two 16-hex-digit hashes (0 = same picture, ~32 = unrelated). */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== 16 || b.length !== 16) throw new RangeError('hashes must be 16 hex digits');
  let d = 0;
  for (let i = 0; i < 16; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      d++;
    }
  }
  return d;
}

/** ThumbHash (base64) of RGBA pixels no larger than 100x100. */
export function thumbHashBase64(width: number, height: number, rgba: Uint8Array | Buffer): string {
  return Buffer.from(rgbaToThumbHash(width, height, rgba)).toString('base64');
}
