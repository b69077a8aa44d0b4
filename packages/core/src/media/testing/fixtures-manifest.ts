// The fixture photos' MANIFEST.tsv as typed rows, for the media tests (excluded from the build).
import fs from 'node:fs';
import path from 'node:path';
import { PHOTO_FIXTURES } from '../../testing/temp.js';
import type { MediaFormat } from '../format.js';

export interface ManifestRow {
  /** Relative to fixtures/photos, e.g. heic/mei__IMG_1034.heic */
  file: string;
  /** The manifest's format column mapped to ours ("Extended WEBP" -> webp, HEIF -> heic). */
  format: MediaFormat;
  category: string;
  orientation: number;
  /** Stored size from exiftool (before orientation); undefined when the manifest has none. */
  width?: number;
  height?: number;
  /** True when the reference decoder could decode the file (or 'n/a': RAW and video). */
  decodes: boolean;
  decodeCheck: string;
}

const FORMAT_MAP: Record<string, MediaFormat> = {
  JPEG: 'jpeg',
  HEIC: 'heic',
  HEIF: 'heic',
  PNG: 'png',
  WEBP: 'webp',
  'Extended WEBP': 'webp',
  AVIF: 'avif',
  CR2: 'cr2',
  NEF: 'nef',
  DNG: 'dng',
  MOV: 'mov',
  MP4: 'mp4',
};

export function fixturePath(file: string): string {
  return path.join(PHOTO_FIXTURES, file);
}

export function readManifest(): ManifestRow[] {
  const [header, ...lines] = fs
    .readFileSync(path.join(PHOTO_FIXTURES, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n');
  const cols = (header ?? '').split('\t');
  const col = (name: string): number => cols.indexOf(name);
  return lines.map((line) => {
    const f = line.split('\t');
    const get = (name: string): string => f[col(name)] ?? '';
    const format = FORMAT_MAP[get('format')];
    if (!format) throw new Error(`unknown manifest format ${get('format')}`);
    const [w, h] = get('image_size').split(' ').map(Number);
    const check = get('decode_check');
    return {
      file: get('file'),
      format,
      category: get('category'),
      orientation: Number(get('orientation')) || 1,
      ...(w && h ? { width: w, height: h } : {}),
      decodes: !check.startsWith('FAIL'),
      decodeCheck: check,
    };
  });
}
