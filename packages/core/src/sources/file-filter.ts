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
  '.xmp', '.aae', '.json', '.txt', '.md', '.pdf', '.doc', '.docx', '.xml', '.ini', '.db',
  '.sqlite', '.tmp', '.part', '.crdownload', '.download', '.lnk', '.url', '.html', '.htm',
  '.csv', '.log', '.pp3', '.dop', '.on1', '.lrv', '.thm', '.ds_store',
]);

export function isHiddenOrSystem(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('~$')) return true;
  return SYSTEM_NAMES.has(name.toLowerCase());
}

/** True when a file with this name should be looked at (its bytes decide the rest). */
export function isCandidateFile(name: string): boolean {
  if (isHiddenOrSystem(name)) return false;
  return !SKIP_EXTENSIONS.has(path.extname(name).toLowerCase());
}

/** True when any segment of a path relative to the source root is hidden or a system folder. */
export function isIgnoredRelPath(relPath: string): boolean {
  const parts = relPath.split(path.sep);
  const name = parts.pop() ?? '';
  return parts.some(isHiddenOrSystem) || !isCandidateFile(name);
}
