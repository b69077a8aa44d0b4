// Which files in a watched folder are candidates for ingest. Content decides the format later;
// this only skips what is never a photo: hidden and system files, sidecars and documents.
import path from 'node:path';

const SYSTEM_NAMES = new Set([
  'thumbs.db',
  'desktop.ini',
  'icon\r',
  '$recycle.bin',
  'system volume information',
  '@eadir',
  'lost+found',
]);

// Files that live beside photos but are not photos; skipped without an error.
const SKIP_EXTENSIONS = new Set([
  '.xmp',
  '.aae',
  '.json',
  '.txt',
  '.md',
  '.pdf',
  '.doc',
  '.docx',
  '.xml',
  '.ini',
  '.db',
  '.sqlite',
  '.tmp',
  '.part',
  '.crdownload',
  '.download',
  '.lnk',
  '.url',
  '.html',
  '.htm',
  '.csv',
  '.tsv',
  '.rtf',
  '.odt',
  '.xls',
  '.xlsx',
  '.ppt',
  '.pptx',
  '.zip',
  '.rar',
  '.7z',
  '.gz',
  '.tar',
  '.exe',
  '.dmg',
  '.iso',
  // Audio: concert recordings often sit beside the photos; Encore does not import them.
  '.mp3',
  '.wav',
  '.flac',
  '.m4a',
  '.aac',
  '.ogg',
  '.opus',
  '.aiff',
  '.log',
  '.pp3',
  '.dop',
  '.on1',
  '.lrv',
  '.thm',
  '.ds_store',
]);

const SYSTEM_LENGTHS = new Set([...SYSTEM_NAMES].map((n) => n.length));
const SKIP_LENGTHS = new Set([...SKIP_EXTENSIONS].map((n) => n.length));

// These run once per file on every rescan (100,000s of names): no allocation on the common path.
export function isHiddenOrSystem(name: string): boolean {
  const c = name.charCodeAt(0);
  if (c === 0x2e /* . */ || (c === 0x7e /* ~ */ && name.charCodeAt(1) === 0x24) /* ~$ */)
    return true;
  return SYSTEM_LENGTHS.has(name.length) && SYSTEM_NAMES.has(name.toLowerCase());
}

/** True when a file with this name should be looked at (its bytes decide the rest). */
export function isCandidateFile(name: string): boolean {
  if (isHiddenOrSystem(name)) return false;
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || !SKIP_LENGTHS.has(name.length - dot)) return true;
  return !SKIP_EXTENSIONS.has(name.slice(dot).toLowerCase());
}

/** True when any segment of a path relative to the source root is hidden or a system folder. */
export function isIgnoredRelPath(relPath: string): boolean {
  const parts = relPath.split(path.sep);
  const name = parts.pop() ?? '';
  return parts.some(isHiddenOrSystem) || !isCandidateFile(name);
}
