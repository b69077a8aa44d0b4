// HEIC/HEIF decoding with libheif in WASM (sharp's prebuilt libvips has no HEVC decoder).
// The primary image costs ~0.5-1 s per 12 MP in WASM; iPhones also store a ~320x240 HEVC
// thumbnail item that decodes in a few milliseconds, which is what makes a fast grid possible.
// Pixels come back wrapped with their ICC profile (see pixel.container.ts) for sharp to finish.
import { MediaError } from '../domain/errors.js';
import { HEIF, discardLibheif, libheif, loadedLibheif, readHeifError } from './heic.wasm.js';
import type { LibheifWasm } from './heic.wasm.js';
import { heifTruncation } from './isobmff.reader.js';
import { allocPixelContainer } from './pixel.container.js';

export interface HeicPixels {
  /** An uncompressed TIFF carrying the pixels, ICC profile and orientation, ready for sharp. */
  container: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

export interface Size {
  width: number;
  height: number;
}

/** Scratch layout inside one malloc'd block: heif_error (12 bytes) then out-pointers. */
const ERR = 0;
const OUT_A = 16;
const OUT_B = 20;
const SCRATCH_BYTES = 64;

/** An open HEIF file in the WASM heap. Call close() when done; it is safe after a crash. */
export class HeicFile {
  private closed = false;
  private thumbHandle = 0;

  private constructor(
    private readonly m: LibheifWasm,
    private readonly path: string,
    private readonly ctx: number,
    private readonly data: number,
    private readonly scratch: number,
    private readonly primary: number,
  ) {}

  static open(bytes: Buffer, path: string): HeicFile {
    const truncated = heifTruncation(bytes);
    if (truncated) throw decodeError(path, truncated);
    return guard(path, () => {
      const m = libheif();
      const scratch = m._malloc(SCRATCH_BYTES);
      const data = m._malloc(bytes.length);
      const ctx = m._heif_context_alloc();
      if (!scratch || !data || !ctx) throw decodeError(path, 'out of WASM memory');
      m.HEAPU8.set(bytes, data);
      const cleanup = (): void => {
        m._heif_context_free(ctx);
        m._free(data);
        m._free(scratch);
      };
      m._heif_context_read_from_memory(scratch + ERR, ctx, data, bytes.length, 0);
      let err = readHeifError(m, scratch + ERR);
      if (err.code !== 0) {
        cleanup();
        throw decodeError(path, `not a readable HEIF file: ${err.message}`, err);
      }
      m._heif_context_get_primary_image_handle(scratch + ERR, ctx, scratch + OUT_A);
      err = readHeifError(m, scratch + ERR);
      const primary = m.HEAPU32[(scratch + OUT_A) >> 2] ?? 0;
      if (err.code !== 0 || !primary) {
        cleanup();
        throw decodeError(path, `no primary image: ${err.message}`, err);
      }
      return new HeicFile(m, path, ctx, data, scratch, primary);
    });
  }

  /** Primary image size as displayed (libheif applies irot/imir/clap). */
  get size(): Size {
    return {
      width: this.m._heif_image_handle_get_width(this.primary),
      height: this.m._heif_image_handle_get_height(this.primary),
    };
  }

  /** Size of the largest embedded thumbnail item, if the file has one. */
  thumbnailSize(): Size | undefined {
    return guard(this.path, () => {
      const handle = this.thumbnail();
      if (!handle) return undefined;
      return {
        width: this.m._heif_image_handle_get_width(handle),
        height: this.m._heif_image_handle_get_height(handle),
      };
    });
  }

  decodeThumbnail(orientation: number): HeicPixels | undefined {
    return guard(this.path, () => {
      const handle = this.thumbnail();
      return handle ? this.decode(handle, orientation, 'thumbnail') : undefined;
    });
  }

  decodePrimary(orientation: number): HeicPixels {
    return guard(this.path, () => this.decode(this.primary, orientation, 'primary image'));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // After a trap the instance was discarded; its heap goes with it, so there is nothing to free.
    if (this.m !== loadedLibheif()) return;
    if (this.thumbHandle) this.m._heif_image_handle_release(this.thumbHandle);
    this.m._heif_image_handle_release(this.primary);
    this.m._heif_context_free(this.ctx);
    this.m._free(this.data);
    this.m._free(this.scratch);
  }

  private thumbnail(): number {
    if (this.thumbHandle) return this.thumbHandle;
    const { m, primary, scratch } = this;
    const count = Math.min(m._heif_image_handle_get_number_of_thumbnails(primary), 8);
    if (count <= 0) return 0;
    const ids = m._malloc(count * 4);
    try {
      const n = m._heif_image_handle_get_list_of_thumbnail_IDs(primary, ids, count);
      let best = 0;
      let bestArea = 0;
      for (let i = 0; i < n; i++) {
        m._heif_image_handle_get_thumbnail(
          scratch + ERR,
          primary,
          m.HEAPU32[(ids >> 2) + i] ?? 0,
          scratch + OUT_B,
        );
        const handle = m.HEAPU32[(scratch + OUT_B) >> 2] ?? 0;
        if (readHeifError(m, scratch + ERR).code !== 0 || !handle) continue;
        const area =
          m._heif_image_handle_get_width(handle) * m._heif_image_handle_get_height(handle);
        if (area > bestArea) {
          if (best) m._heif_image_handle_release(best);
          best = handle;
          bestArea = area;
        } else {
          m._heif_image_handle_release(handle);
        }
      }
      this.thumbHandle = best;
      return best;
    } finally {
      m._free(ids);
    }
  }

  private decode(handle: number, orientation: number, what: string): HeicPixels {
    const { m, scratch, path } = this;
    const alpha = m._heif_image_handle_has_alpha_channel(handle) !== 0;
    const channels = alpha ? 4 : 3;
    const icc = readIcc(m, handle, scratch);
    m._heif_decode_image(
      scratch + ERR,
      handle,
      scratch + OUT_A,
      HEIF.colorspaceRgb,
      alpha ? HEIF.chromaInterleavedRgba : HEIF.chromaInterleavedRgb,
      0,
    );
    const err = readHeifError(m, scratch + ERR);
    const image = m.HEAPU32[(scratch + OUT_A) >> 2] ?? 0;
    if (err.code !== 0 || !image) {
      if (image) m._heif_image_release(image);
      throw decodeError(path, `cannot decode the ${what}: ${err.message}`, err);
    }
    try {
      const width = m._heif_image_get_width(image, HEIF.channelInterleaved);
      const height = m._heif_image_get_height(image, HEIF.channelInterleaved);
      const plane = m._heif_image_get_plane_readonly2(
        image,
        HEIF.channelInterleaved,
        scratch + OUT_B,
      );
      const stride = m.HEAPU32[(scratch + OUT_B) >> 2] ?? 0;
      const rowBytes = width * channels;
      if (!plane || width <= 0 || height <= 0 || stride < rowBytes)
        throw decodeError(path, `the ${what} decoded to no pixels`);
      const { buffer, pixelOffset } = allocPixelContainer({
        width,
        height,
        channels,
        icc,
        orientation,
      });
      const heap = m.HEAPU8;
      if (stride === rowBytes) {
        buffer.set(heap.subarray(plane, plane + rowBytes * height), pixelOffset);
      } else {
        for (let y = 0; y < height; y++)
          buffer.set(
            heap.subarray(plane + y * stride, plane + y * stride + rowBytes),
            pixelOffset + y * rowBytes,
          );
      }
      return { container: buffer, width, height, channels };
    } finally {
      m._heif_image_release(image);
    }
  }
}

function readIcc(m: LibheifWasm, handle: number, scratch: number): Buffer | undefined {
  const type = m._heif_image_handle_get_color_profile_type(handle);
  if (type !== HEIF.profileProf && type !== HEIF.profileRicc) return undefined; // nclx: treated as sRGB
  const size = m._heif_image_handle_get_raw_color_profile_size(handle);
  if (size <= 0 || size > 4 << 20) return undefined;
  const ptr = m._malloc(size);
  try {
    m._heif_image_handle_get_raw_color_profile(scratch + ERR, handle, ptr);
    if (readHeifError(m, scratch + ERR).code !== 0) return undefined;
    return Buffer.from(m.HEAPU8.subarray(ptr, ptr + size));
  } finally {
    m._free(ptr);
  }
}

function decodeError(
  path: string,
  problem: string,
  heif?: { code: number; subcode: number },
): MediaError {
  return new MediaError('DECODE_FAILED', `Cannot decode HEIC ${path}: ${problem}`, {
    path,
    format: 'heic',
    ...heif,
  });
}

/**
 * Runs WASM work so a fuzzed file can never take the process down: a trap or abort
 * (WebAssembly.RuntimeError, out-of-bounds access, OOM) becomes a MediaError and the instance is
 * replaced, because its heap can no longer be trusted.
 */
function guard<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MediaError) throw err;
    const abort = discardLibheif();
    const reason = abort ?? (err instanceof Error ? err.message : String(err));
    throw new MediaError(
      'DECODE_FAILED',
      `Cannot decode HEIC ${path}: the decoder crashed (${reason})`,
      { path, format: 'heic' },
      { cause: err },
    );
  }
}
