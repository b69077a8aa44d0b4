// The Activity page's problems, grouped the way a person reads them: files that could not be
// imported first, then imports with a doubt about their metadata; one group per kind of
// problem, named in words (the stable code stays a tooltip for bug reports).
import type { ErrorEntry } from '@encore/core/contract';

export interface ProblemGroup {
  code: string;
  severity: ErrorEntry['severity'];
  title: string;
  items: ErrorEntry[];
}

const TITLES: Record<string, string> = {
  DECODE_FAILED: 'Damaged or unreadable images',
  UNSUPPORTED_FORMAT: 'Not a photo or video',
  EMPTY_FILE: 'Empty files',
  PERMISSION_DENIED: 'No permission to read',
  DISK_FULL: 'Waiting for space on the library disk',
  WORKER_CRASHED: 'Files the decoder crashed on',
  TIMEOUT: 'Files that took too long to read',
  EXTENSION_MISMATCH: 'File type differs from the name (read as what it is)',
  NO_CAPTURE_TIME: 'No capture time in the file',
  DATE_ONLY: 'Capture date without a time',
  DATE_INVALID: 'Capture time unreadable',
  TIME_IN_DST_GAP: 'Capture time falls in a clock change',
  TIME_AMBIGUOUS: 'Capture time repeats at a clock change',
  CLOCK_DRIFT: 'Camera clock looks off',
  GPS_EMPTY: 'Location left empty by the camera',
  GPS_INVALID: 'Location out of range',
  METADATA_UNREADABLE: 'Metadata could not be read',
  DIMENSIONS_MISMATCH: 'Size in the metadata differs from the image',
  ORIENTATION_INVALID: 'Rotation flag unreadable',
  VIDEO_UNREADABLE: 'Videos that could not be read',
  FILE_CHANGED: 'Files that changed while being read',
  FILE_MISSING: 'Files that disappeared',
  FILE_UNREADABLE: 'Files that could not be read',
  READ_FAILED: 'Files or folders that could not be read',
  IO_ERROR: 'Disk errors while reading',
  NOT_A_FILE: 'Not a regular file',
  SYMLINK_LOOP: 'Folder links that loop back on themselves',
  BROKEN_SYMLINK: 'Links to files that no longer exist',
  PATH_TOO_LONG: 'Paths too long to open',
  UNREADABLE_FILE_NAME: 'File names that are not valid text (rename them)',
  TOO_MANY_FILES: 'Too many files open at once (will retry)',
};

/** "SOME_NEW_CODE" -> "Some new code", for a code this page has no words for yet. */
function fallbackTitle(code: string): string {
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function problemTitle(code: string): string {
  return TITLES[code] ?? fallbackTitle(code);
}

/** Errors before warnings, then the biggest groups first; files in a group by path. */
export function groupProblems(entries: readonly ErrorEntry[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup>();
  for (const e of entries) {
    const key = `${e.severity}:${e.code}`;
    let g = groups.get(key);
    if (!g) {
      g = { code: e.code, severity: e.severity, title: problemTitle(e.code), items: [] };
      groups.set(key, g);
    }
    g.items.push(e);
  }
  const rank = (g: ProblemGroup) => (g.severity === 'error' ? 0 : 1);
  return [...groups.values()]
    .map((g) => ({ ...g, items: [...g.items].sort((a, b) => a.path.localeCompare(b.path)) }))
    .sort(
      (a, b) =>
        rank(a) - rank(b) || b.items.length - a.items.length || a.title.localeCompare(b.title),
    );
}
