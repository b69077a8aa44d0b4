// scanProblemFor's messages and the UTF-8 check at every boundary of RFC 3629.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.js';
import { isUtf8Name, printableName, scanProblemFor } from './scan-problem.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const ok = (...bytes: number[]) => isUtf8Name(Buffer.from(bytes));

describe('scan problems', () => {
  it('names the file or folder, the errno and the outcome', () => {
    expect(scanProblemFor('ELOOP', '/p/loop', 'loop', true)).toEqual({
      relPath: 'loop',
      path: '/p/loop',
      isDir: true,
      code: 'SYMLINK_LOOP',
      message: 'folder /p/loop is a symbolic link loop (too many levels of links); skipped',
    });
    expect(scanProblemFor('EINVAL', '/p/x.jpg', 'x.jpg', false)).toEqual({
      relPath: 'x.jpg',
      path: '/p/x.jpg',
      isDir: false,
      code: 'READ_FAILED',
      message: 'file /p/x.jpg cannot be read (EINVAL); skipped',
    });
    expect(scanProblemFor(undefined, '/p/x.jpg', 'x.jpg', false)?.message).toBe(
      'file /p/x.jpg cannot be read (unknown error); skipped',
    );
    expect(scanProblemFor('EPERM', '/p/x.jpg', 'x.jpg', false)?.message).toBe(
      'file /p/x.jpg cannot be read: operation not permitted; skipped',
    );
    expect(scanProblemFor('EIO', '/p/x.jpg', 'x.jpg', false)?.message).toBe(
      'file /p/x.jpg cannot be read: input/output error; skipped',
    );
    expect(scanProblemFor('ENAMETOOLONG', '/p/x.jpg', 'x.jpg', false)?.message).toBe(
      'file /p/x.jpg has a path too long for the system to open; skipped',
    );
    expect(scanProblemFor('toString', '/p/x.jpg', 'x.jpg', false)?.code).toBe('READ_FAILED');
  });

  it('a link to nothing is a broken symlink; a real file that vanished is not a problem', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const link = path.join(t.dir, 'gone.jpg');
    fs.symlinkSync(path.join(t.dir, 'missing.jpg'), link);
    expect(scanProblemFor('ENOENT', link, 'gone.jpg', false)).toEqual({
      relPath: 'gone.jpg',
      path: link,
      isDir: false,
      code: 'BROKEN_SYMLINK',
      message: `${link} is a symbolic link to a missing target; skipped`,
    });
    // ENOTDIR is never a broken link, even at a link's path.
    expect(scanProblemFor('ENOTDIR', link, 'gone.jpg', false)).toBeNull();
    fs.writeFileSync(path.join(t.dir, 'real.jpg'), 'x');
    expect(scanProblemFor('ENOENT', path.join(t.dir, 'real.jpg'), 'real.jpg', false)).toBeNull();
  });

  it('accepts exactly the well-formed UTF-8 sequences', () => {
    expect(ok()).toBe(true);
    expect(ok(0x00, 0x7f)).toBe(true);
    // Two bytes: C2..DF then 80..BF.
    expect(ok(0xc1, 0xbf)).toBe(false);
    expect(ok(0xc2, 0x80)).toBe(true);
    expect(ok(0xdf, 0xbf)).toBe(true);
    expect(ok(0xc2, 0x7f)).toBe(false);
    expect(ok(0xc2, 0xc0)).toBe(false);
    expect(ok(0xc2)).toBe(false);
    // E0: A0..BF, 80..BF.
    expect(ok(0xe0, 0xa0, 0x80)).toBe(true);
    expect(ok(0xe0, 0x9f, 0x80)).toBe(false);
    expect(ok(0xe0, 0xbf, 0xbf)).toBe(true);
    expect(ok(0xe0, 0xa0, 0x7f)).toBe(false);
    // E1..EC and EE..EF: 80..BF, 80..BF.
    expect(ok(0xe1, 0x80, 0x80)).toBe(true);
    expect(ok(0xec, 0xbf, 0xbf)).toBe(true);
    expect(ok(0xee, 0x80, 0x80)).toBe(true);
    expect(ok(0xef, 0xbf, 0xbf)).toBe(true);
    expect(ok(0xe1, 0x7f, 0x80)).toBe(false);
    expect(ok(0xe1, 0x80, 0xc0)).toBe(false);
    expect(ok(0xe1, 0x80)).toBe(false);
    // ED: 80..9F (no surrogates).
    expect(ok(0xed, 0x80, 0x80)).toBe(true);
    expect(ok(0xed, 0x9f, 0xbf)).toBe(true);
    expect(ok(0xed, 0xa0, 0x80)).toBe(false);
    expect(ok(0xed, 0x7f, 0x80)).toBe(false);
    expect(ok(0xed, 0x80, 0x7f)).toBe(false);
    // F0: 90..BF then two 80..BF.
    expect(ok(0xf0, 0x90, 0x80, 0x80)).toBe(true);
    expect(ok(0xf0, 0x8f, 0x80, 0x80)).toBe(false);
    expect(ok(0xf0, 0x90, 0x80, 0x7f)).toBe(false);
    expect(ok(0xf0, 0x90, 0x7f, 0x80)).toBe(false);
    expect(ok(0xf0, 0x90, 0x80)).toBe(false);
    // F1..F3.
    expect(ok(0xf1, 0x80, 0x80, 0x80)).toBe(true);
    expect(ok(0xf3, 0xbf, 0xbf, 0xbf)).toBe(true);
    expect(ok(0xf1, 0x7f, 0x80, 0x80)).toBe(false);
    expect(ok(0xf1, 0x80, 0x7f, 0x80)).toBe(false);
    expect(ok(0xf1, 0x80, 0x80, 0x7f)).toBe(false);
    // F4: 80..8F (nothing above U+10FFFF).
    expect(ok(0xf4, 0x80, 0x80, 0x80)).toBe(true);
    expect(ok(0xf4, 0x8f, 0xbf, 0xbf)).toBe(true);
    expect(ok(0xf4, 0x90, 0x80, 0x80)).toBe(false);
    expect(ok(0xf4, 0x8f, 0x7f, 0x80)).toBe(false);
    expect(ok(0xf4, 0x8f, 0x80, 0x7f)).toBe(false);
    expect(ok(0xf5, 0x80, 0x80, 0x80)).toBe(false);
    expect(ok(0xff)).toBe(false);
    expect(ok(0x80)).toBe(false);
  });

  it('escapes each byte that is not part of a well-formed sequence, in upper-case hex', () => {
    expect(printableName(Buffer.from([0x61, 0x0a, 0xff, 0x62]))).toBe('a\n\\xFFb');
    expect(printableName(Buffer.from([0x05]))).toBe('\u0005');
    expect(printableName(Buffer.from([0xe2, 0x82, 0x61]))).toBe('\\xE2\\x82a');
    expect(printableName(Buffer.from([0xf0, 0x9f, 0x8e, 0xb8, 0x0f]))).toBe('🎸\u000f');
    expect(printableName(Buffer.from([0xc3]))).toBe('\\xC3');
    expect(printableName(Buffer.from([]))).toBe('');
  });
});
