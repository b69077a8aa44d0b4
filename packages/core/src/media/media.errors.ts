// Stable error codes for files the media module cannot turn into pictures, and the one place
// sharp/libvips messages are turned into readable ones that name the file.
import { MediaError } from '../domain/errors.js';
import type { MediaFormat } from './format.js';

export const MEDIA_ERROR = {
  /** The bytes are not a picture the decoder can read: truncated, corrupt, fuzzed. */
  DECODE_FAILED: 'DECODE_FAILED',
  /** The file could not be read from disk. */
  READ_FAILED: 'READ_FAILED',
} as const;

/**
 * sharp input options for every decode. failOn 'error' turns truncated and corrupt scans into
 * errors instead of grey-padded pictures, while tolerating the benign libjpeg warnings ("extraneous
 * bytes before marker") that many camera JPEGs carry and every viewer ignores.
 */
export const SHARP_INPUT_OPTIONS = { failOn: 'error', sequentialRead: true } as const;

export function decodeFailed(path: string, format: MediaFormat, err: unknown): MediaError {
  if (err instanceof MediaError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  // libvips messages carry a loader prefix and a trailing stack of follow-on errors.
  const problem = (raw.split('\n')[0] ?? raw)
    .replace(/^Vips\w+:\s*/, '')
    .replace(/^Input (buffer|file) has corrupt header:\s*/, 'corrupt header: ')
    .trim();
  return new MediaError(
    MEDIA_ERROR.DECODE_FAILED,
    `Cannot decode ${format.toUpperCase()} ${path}: ${problem}`,
    { path, format },
    { cause: err },
  );
}
