// Loads libheif-js (libheif + libde265 compiled to WASM) once per thread and exposes the slice
// of libheif's C API the HEIC codec uses. We call the C functions directly instead of the
// package's HeifDecoder wrapper because only the C API reaches thumbnails, ICC profiles and
// errors, and it lets us copy pixels straight out of the WASM heap.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The libheif C functions we call; structs returned by value take an out-pointer first (wasm32 ABI). */
export interface LibheifWasm {
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  HEAPU32: Uint32Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _heif_context_alloc(): number;
  _heif_context_free(ctx: number): void;
  _heif_context_read_from_memory(
    err: number,
    ctx: number,
    data: number,
    size: number,
    reserved: number,
  ): void;
  _heif_context_get_primary_image_handle(err: number, ctx: number, outHandle: number): void;
  _heif_image_handle_release(handle: number): void;
  _heif_image_handle_get_width(handle: number): number;
  _heif_image_handle_get_height(handle: number): number;
  _heif_image_handle_has_alpha_channel(handle: number): number;
  _heif_image_handle_get_number_of_thumbnails(handle: number): number;
  _heif_image_handle_get_list_of_thumbnail_IDs(handle: number, ids: number, count: number): number;
  _heif_image_handle_get_thumbnail(
    err: number,
    handle: number,
    id: number,
    outHandle: number,
  ): void;
  _heif_image_handle_get_color_profile_type(handle: number): number;
  _heif_image_handle_get_raw_color_profile_size(handle: number): number;
  _heif_image_handle_get_raw_color_profile(err: number, handle: number, out: number): void;
  _heif_decode_image(
    err: number,
    handle: number,
    outImage: number,
    colorspace: number,
    chroma: number,
    options: number,
  ): void;
  _heif_image_get_width(image: number, channel: number): number;
  _heif_image_get_height(image: number, channel: number): number;
  _heif_image_get_plane_readonly2(image: number, channel: number, outStride: number): number;
  _heif_image_release(image: number): void;
}

export const HEIF = {
  colorspaceRgb: 1,
  chromaInterleavedRgb: 10,
  chromaInterleavedRgba: 11,
  channelInterleaved: 10,
  /** Colour profile types are fourccs. */
  profileProf: 0x70726f66, // 'prof'
  profileRicc: 0x72494343, // 'rICC'
} as const;

type LibheifFactory = (options: {
  wasmBinary: Buffer;
  print: (msg: string) => void;
  printErr: (msg: string) => void;
  onAbort: (reason: unknown) => void;
}) => LibheifWasm;

let instance: LibheifWasm | undefined;
let lastAbort: string | undefined;

/** The module for this thread, instantiated on first use (~80 ms) and reused for every file. */
export function libheif(): LibheifWasm {
  if (instance) return instance;
  const require = createRequire(import.meta.url);
  // The package's own `libheif-js/wasm` entry reads the .wasm relative to process.cwd(), so
  // resolve the files ourselves and hand the binary over.
  const dir = join(dirname(require.resolve('libheif-js/package.json')), 'libheif-wasm');
  const factory = require(join(dir, 'libheif.js')) as LibheifFactory;
  instance = factory({
    wasmBinary: readFileSync(join(dir, 'libheif.wasm')),
    // libheif and libde265 print diagnostics for broken files; errors reach us as codes instead.
    print: () => {},
    printErr: () => {},
    onAbort: (reason) => {
      lastAbort = String(reason);
    },
  });
  return instance;
}

/** The current instance without loading one. */
export function loadedLibheif(): LibheifWasm | undefined {
  return instance;
}

/**
 * Drops the instance after a WASM trap or abort: its heap may be corrupt, so the next file gets a
 * fresh one. Returns the abort reason Emscripten reported, if any.
 */
export function discardLibheif(): string | undefined {
  instance = undefined;
  const reason = lastAbort;
  lastAbort = undefined;
  return reason;
}

/** Reads a NUL-terminated C string from the WASM heap. */
export function cString(m: LibheifWasm, ptr: number, max = 1024): string {
  if (!ptr) return '';
  const heap = m.HEAPU8;
  let end = ptr;
  while (end < heap.length && end - ptr < max && heap[end] !== 0) end++;
  return Buffer.from(heap.subarray(ptr, end)).toString('utf8');
}

/** A heif_error out-struct {code, subcode, message*}; code 0 means success. */
export function readHeifError(
  m: LibheifWasm,
  ptr: number,
): { code: number; subcode: number; message: string } {
  const code = m.HEAP32[ptr >> 2] ?? -1;
  const subcode = m.HEAP32[(ptr >> 2) + 1] ?? 0;
  const message = cString(m, m.HEAPU32[(ptr >> 2) + 2] ?? 0);
  return { code, subcode, message };
}
