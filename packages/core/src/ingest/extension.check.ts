// Files are identified by their bytes; a name that says otherwise is worth a warning, since
// other apps will open the file wrongly.
import path from 'node:path';
import type { MediaFormat } from '../media/format.js';
import type { MetadataWarning } from '../metadata/types.js';

const BY_EXTENSION: Record<string, MediaFormat[]> = {
  '.jpg': ['jpeg'],
  '.jpeg': ['jpeg'],
  '.jpe': ['jpeg'],
  '.jfif': ['jpeg'],
  '.heic': ['heic'],
  '.heif': ['heic', 'avif'],
  '.hif': ['heic'],
  '.avif': ['avif'],
  '.png': ['png'],
  '.webp': ['webp'],
  '.gif': ['gif'],
  '.tif': ['tiff'],
  '.tiff': ['tiff'],
  '.dng': ['dng'],
  '.cr2': ['cr2'],
  '.cr3': ['cr3'],
  '.nef': ['nef', 'tiff'],
  '.arw': ['arw', 'tiff'],
  '.orf': ['orf'],
  '.rw2': ['rw2'],
  '.raf': ['raf'],
  '.mov': ['mov', 'mp4'],
  '.qt': ['mov'],
  '.mp4': ['mp4', 'mov'],
  '.m4v': ['mp4', 'mov'],
  '.3gp': ['mp4'],
};

export function extensionWarning(file: string, format: MediaFormat): MetadataWarning | null {
  const ext = path.extname(file).toLowerCase();
  const expected = BY_EXTENSION[ext];
  if (!expected || expected.includes(format)) return null;
  return {
    code: 'EXTENSION_MISMATCH',
    message: `${path.basename(file)} is named ${ext} but its content is ${format.toUpperCase()}; it was read as ${format.toUpperCase()}`,
  };
}
