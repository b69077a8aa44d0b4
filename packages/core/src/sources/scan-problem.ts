// What the folder walker (and the watcher) could not read, as problems for the library's
// errors table: one per path, with a stable code and a message naming the path. A problem
// never stops the rest of the source from being scanned.
import fs from 'node:fs';

export const SCAN_PROBLEM_CODES = [
  'SYMLINK_LOOP',
  'PATH_TOO_LONG',
  'PERMISSION_DENIED',
  'BROKEN_SYMLINK',
  'UNREADABLE_FILE_NAME',
  'READ_FAILED',
] as const;

export type ScanProblemCode = (typeof SCAN_PROBLEM_CODES)[number];

export interface ScanProblem {
  /** Relative to the source folder (for a name that is not UTF-8: its printable form). */
  relPath: string;
  /** Absolute path as shown to the user. */
  path: string;
  /** A folder's problem keeps everything the library knows under it. */
  isDir: boolean;
  code: ScanProblemCode;
  message: string;
}

const ERRNO: Record<string, { code: ScanProblemCode; text: string }> = {
  ELOOP: { code: 'SYMLINK_LOOP', text: 'is a symbolic link loop (too many levels of links)' },
  ENAMETOOLONG: { code: 'PATH_TOO_LONG', text: 'has a path too long for the system to open' },
  EACCES: { code: 'PERMISSION_DENIED', text: 'cannot be read: permission denied' },
  EPERM: { code: 'PERMISSION_DENIED', text: 'cannot be read: operation not permitted' },
  EIO: { code: 'READ_FAILED', text: 'cannot be read: input/output error' },
};

/**
 * The problem for a failed stat/readdir of `absPath`, or null when the entry simply vanished
 * between listing and stat (ENOENT of a real file, ENOTDIR): that is no problem of the file,
 * and the watcher or the next rescan sees the truth. An ENOENT whose entry is still there is a
 * symbolic link to nothing (`lstat` tells them apart).
 */
export function scanProblemFor(
  errno: string | undefined,
  absPath: string,
  relPath: string,
  isDir: boolean,
): ScanProblem | null {
  const what = isDir ? 'folder' : 'file';
  if (errno === 'ENOENT' || errno === 'ENOTDIR') {
    if (errno === 'ENOTDIR' || !isSymlink(absPath)) return null;
    return {
      relPath,
      path: absPath,
      isDir,
      code: 'BROKEN_SYMLINK',
      message: `${absPath} is a symbolic link to a missing target; skipped`,
    };
  }
  const known = errno ? ERRNO[errno] : undefined;
  return {
    relPath,
    path: absPath,
    isDir,
    code: known?.code ?? 'READ_FAILED',
    message: known
      ? `${what} ${absPath} ${known.text}; skipped`
      : `${what} ${absPath} cannot be read (${errno ?? 'unknown error'}); skipped`,
  };
}

function isSymlink(absPath: string): boolean {
  try {
    return fs.lstatSync(absPath).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * A file name as bytes, printable: valid UTF-8 runs as they are, every other byte as \xHH
 * (caf\xE9.jpg for a Latin-1 "café.jpg").
 */
export function printableName(name: Buffer): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const len = utf8SequenceLength(name, i);
    if (len > 0) {
      out += name.subarray(i, i + len).toString('utf8');
      i += len;
    } else {
      out += `\\x${name[i]!.toString(16).toUpperCase().padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

/** True when the bytes are valid UTF-8 (so a string path reaches the same file). */
export function isUtf8Name(name: Buffer): boolean {
  for (let i = 0; i < name.length;) {
    const len = utf8SequenceLength(name, i);
    if (len === 0) return false;
    i += len;
  }
  return true;
}

// Length of the well-formed UTF-8 sequence at i (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF), or 0.
function utf8SequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean =>
    i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c >= 0xe1 && c <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
