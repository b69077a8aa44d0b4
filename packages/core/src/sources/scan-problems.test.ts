// A source with paths that cannot be read: each is one problem in the errors table, and the
// rest of the source is scanned.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Library } from '../library/library.js';
import { FolderWalker, walkFolder, type WalkEntry } from './folder.walker.js';
import { isUtf8Name, printableName, scanProblemFor, type ScanProblem } from './scan-problem.js';
import { sourceSetup, writeUnder } from './testing/source-setup.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  cleanups.splice(0).forEach((c) => c());
});

const setup = () => sourceSetup(cleanups);
const write = writeUnder;

function errno(code: string, p: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, '${p}'`), { code, path: p });
}

const problems = (lib: Library): { path: string; code: string; message: string }[] =>
  lib.errors.list().map(({ path: p, code, message }) => ({ path: p, code, message }));

describe('a rescan with unreadable paths', () => {
  it('reports symlink loops (a -> b -> a, ln -s . loop) and ingests the rest', async () => {
    const { lib, svc, folder } = setup();
    write(folder, 'ok1.jpg');
    write(folder, 'sub/ok2.jpg');
    fs.symlinkSync('b.jpg', path.join(folder, 'a.jpg'));
    fs.symlinkSync('a.jpg', path.join(folder, 'b.jpg'));
    fs.symlinkSync('.', path.join(folder, 'loop'));
    fs.symlinkSync('..', path.join(folder, 'sub', 'up'));
    fs.symlinkSync('self.jpg', path.join(folder, 'sub', 'self.jpg'));
    const source = svc.add(folder);
    expect(await svc.rescan(source)).toEqual({ seen: 2, queued: 2, removed: 0 });
    expect([...lib.locations.snapshot(source.id).keys()].sort()).toEqual([
      'ok1.jpg',
      path.join('sub', 'ok2.jpg'),
    ]);
    const found = problems(lib);
    expect(found.map((p) => [p.code, p.path]).sort()).toEqual(
      [
        ['SYMLINK_LOOP', path.join(folder, 'a.jpg')],
        ['SYMLINK_LOOP', path.join(folder, 'b.jpg')],
        ['SYMLINK_LOOP', path.join(folder, 'sub', 'self.jpg')],
      ].sort(),
    );
    for (const p of found) expect(p.message).toContain(p.path);
    // A second scan replaces the problems, it does not pile them up; a fixed path clears.
    fs.rmSync(path.join(folder, 'sub', 'self.jpg'));
    await svc.rescan(source);
    expect(problems(lib).map((p) => p.path)).toEqual([
      path.join(folder, 'a.jpg'),
      path.join(folder, 'b.jpg'),
    ]);
  });

  it('reports a path too long to open (a link to a 300-byte name, a tree past PATH_MAX)', async () => {
    const { lib, svc, folder } = setup();
    write(folder, 'ok.jpg');
    fs.symlinkSync('x'.repeat(300), path.join(folder, 'long.jpg'));
    // 24 levels of 200-byte names: past Linux's PATH_MAX (4096) as an absolute path. Built as
    // two trees of 12 levels, the second moved into the deepest folder of the first.
    const level = 'd'.repeat(200);
    const half = Array(12).fill(level).join('/');
    fs.mkdirSync(path.join(folder, half), { recursive: true });
    fs.mkdirSync(path.join(folder, 'tail', half), { recursive: true });
    fs.writeFileSync(path.join(folder, 'tail', half, 'deep.jpg'), '');
    fs.renameSync(path.join(folder, 'tail'), path.join(folder, half, 'tail'));
    const source = svc.add(folder);
    const r = await svc.rescan(source);
    expect(r.queued).toBe(1);
    expect([...lib.locations.snapshot(source.id).keys()]).toEqual(['ok.jpg']);
    const found = problems(lib);
    expect(found.map((p) => p.code)).toEqual(['PATH_TOO_LONG', 'PATH_TOO_LONG']);
    expect(found.find((p) => p.path.endsWith('long.jpg'))?.message).toMatch(
      /^file .*long\.jpg has a path too long/,
    );
    expect(found.find((p) => p.path.includes(level))?.message).toMatch(/^folder .*dddd/);
  });

  it('reports a folder that cannot be read and keeps the photos the library knows in it', async () => {
    const { lib, svc, folder } = setup();
    write(folder, 'ok.jpg');
    write(folder, 'card/one.jpg');
    write(folder, 'card/deeper/two.jpg');
    const source = svc.add(folder);
    await svc.rescan(source);
    for (const e of lib.locations.snapshot(source.id).values()) lib.locations.setState(e.id, 'ok');
    write(folder, 'new.jpg');
    // EIO (a failing card) or EACCES (chmod 000: not testable as root) on the folder.
    const card = path.join(folder, 'card');
    const readdir = fs.readdirSync.bind(fs);
    vi.spyOn(fs, 'readdirSync').mockImplementation(((p: fs.PathLike, o?: unknown) => {
      if (String(p) === card) throw errno('EIO', card);
      return readdir(p, o as never);
    }) as typeof fs.readdirSync);
    expect(await svc.rescan(source)).toEqual({ seen: 2, queued: 1, removed: 0 });
    expect(lib.locations.snapshot(source.id).size).toBe(4);
    expect(problems(lib)).toEqual([
      {
        path: card,
        code: 'READ_FAILED',
        message: `folder ${card} cannot be read: input/output error; skipped`,
      },
    ]);
  });

  it('an unreadable root keeps every photo; a file whose stat fails keeps its photo', async () => {
    const { lib, svc, folder } = setup();
    write(folder, 'a.jpg');
    write(folder, 'b.jpg');
    const source = svc.add(folder);
    await svc.rescan(source);
    for (const e of lib.locations.snapshot(source.id).values()) lib.locations.setState(e.id, 'ok');
    const readdir = fs.readdirSync.bind(fs);
    const spy = vi.spyOn(fs, 'readdirSync').mockImplementation(((p: fs.PathLike, o?: unknown) => {
      if (String(p) === folder) throw errno('EACCES', folder);
      return readdir(p, o as never);
    }) as typeof fs.readdirSync);
    expect(await svc.rescan(source)).toEqual({ seen: 0, queued: 0, removed: 0 });
    expect(problems(lib).map((p) => [p.code, p.path])).toEqual([['PERMISSION_DENIED', folder]]);
    spy.mockRestore();
    const stat = fs.statSync.bind(fs);
    const bad = path.join(folder, 'b.jpg');
    vi.spyOn(fs, 'statSync').mockImplementation(((p: fs.PathLike, o?: unknown) => {
      if (String(p) === bad) throw errno('EACCES', bad);
      return stat(p, o as never);
    }) as typeof fs.statSync);
    expect(await svc.rescan(source)).toEqual({ seen: 1, queued: 0, removed: 0 });
    expect(lib.locations.snapshot(source.id).size).toBe(2);
    expect(problems(lib).map((p) => [p.code, p.path])).toEqual([['PERMISSION_DENIED', bad]]);
  });

  it.skipIf(process.getuid?.() === 0)('chmod 000 on a subfolder is PERMISSION_DENIED', async () => {
    const { lib, svc, folder } = setup();
    write(folder, 'ok.jpg');
    write(folder, 'locked/a.jpg');
    fs.chmodSync(path.join(folder, 'locked'), 0o000);
    cleanups.unshift(() => fs.chmodSync(path.join(folder, 'locked'), 0o755));
    const source = svc.add(folder);
    expect((await svc.rescan(source)).queued).toBe(1);
    expect(problems(lib).map((p) => p.code)).toEqual(['PERMISSION_DENIED']);
  });

  it('reports a file or folder name that is not UTF-8 (named printably) and ingests the rest', async () => {
    const { lib, svc, folder } = setup();
    write(folder, 'ok.jpg');
    write(folder, 'sub/ok2.jpg');
    write(folder, 'sub/caf\uFFFDreal.jpg'); // a real U+FFFD in a valid name is fine
    const latin1 = (dir: string, stem: string, ext: string): Buffer =>
      Buffer.concat([Buffer.from(dir + '/' + stem), Buffer.from([0xe9]), Buffer.from(ext)]);
    fs.writeFileSync(latin1(folder, 'caf', '.jpg'), 'x');
    fs.writeFileSync(latin1(path.join(folder, 'sub'), 'f', 'te.jpg'), 'x');
    fs.writeFileSync(latin1(folder, 'notes', '.txt'), 'x'); // not a candidate: no problem
    const badDir = latin1(folder, 'soir', 'e');
    fs.mkdirSync(badDir);
    fs.writeFileSync(Buffer.concat([badDir, Buffer.from('/in.jpg')]), 'x');
    const source = svc.add(folder);
    expect(await svc.rescan(source)).toEqual({ seen: 3, queued: 3, removed: 0 });
    expect([...lib.locations.snapshot(source.id).keys()].sort()).toEqual([
      'ok.jpg',
      path.join('sub', 'caf\uFFFDreal.jpg'),
      path.join('sub', 'ok2.jpg'),
    ]);
    const found = problems(lib).sort((a, b) => a.path.localeCompare(b.path));
    expect(found).toEqual([
      {
        path: `${folder}/caf\\xE9.jpg`,
        code: 'UNREADABLE_FILE_NAME',
        message: `file "caf\\xE9.jpg" in ${folder} has a name that is not valid UTF-8 and cannot be read; rename it (e.g. convmv -f latin1 -t utf8)`,
      },
      {
        path: `${folder}/soir\\xE9e`,
        code: 'UNREADABLE_FILE_NAME',
        message: `folder "soir\\xE9e" in ${folder} has a name that is not valid UTF-8 and cannot be read (nothing in it is scanned); rename it (e.g. convmv -f latin1 -t utf8)`,
      },
      {
        path: `${folder}/sub/f\\xE9te.jpg`,
        code: 'UNREADABLE_FILE_NAME',
        message: `file "f\\xE9te.jpg" in ${folder}/sub has a name that is not valid UTF-8 and cannot be read; rename it (e.g. convmv -f latin1 -t utf8)`,
      },
    ]);
    // Renamed to UTF-8: ingested, and the problem is gone.
    fs.renameSync(latin1(folder, 'caf', '.jpg'), path.join(folder, 'café.jpg'));
    await svc.rescan(source);
    expect(lib.locations.find(source.id, 'café.jpg')).not.toBeNull();
    expect(problems(lib)).toHaveLength(2);
  });

  it('removing the source clears its scan problems', async () => {
    const { lib, svc, folder } = setup();
    fs.symlinkSync('a.jpg', path.join(folder, 'a.jpg'));
    const source = svc.add(folder);
    await svc.rescan(source);
    expect(lib.errors.count()).toBe(1);
    await svc.remove(source.id);
    expect(lib.errors.count()).toBe(0);
  });
});

describe('a watched source', () => {
  it('looks through symlinks: a link to a folder is skipped, a link to a photo is the photo; stat errors are problems', async () => {
    const { lib, svc, folder } = setup();
    const root = path.join(folder, 'src');
    fs.mkdirSync(root);
    write(folder, 'outside/photo.jpg', 'twelve bytes');
    const source = svc.add(root);
    const errors: Error[] = [];
    await svc.watch(source, (e) => errors.push(e), { stabilityMs: 100 });
    try {
      fs.symlinkSync('.', path.join(root, 'loop'));
      fs.symlinkSync('self.jpg', path.join(root, 'self.jpg'));
      fs.symlinkSync('../outside/photo.jpg', path.join(root, 'link.jpg'));
      fs.writeFileSync(
        Buffer.concat([Buffer.from(root + '/caf'), Buffer.from([0xe9]), Buffer.from('.jpg')]),
        'x',
      );
      write(root, 'ok.jpg');
      await until(() => lib.locations.snapshot(source.id).size >= 2);
      await new Promise((r) => setTimeout(r, 500));
      expect([...lib.locations.snapshot(source.id).keys()].sort()).toEqual(['link.jpg', 'ok.jpg']);
      expect(lib.locations.find(source.id, 'link.jpg')?.size).toBe(12);
      expect(errors).toEqual([]);
      // chokidar passes an fs error on with its path: a problem of that path, not an alarm.
      const watchError = (
        svc as unknown as { watchError(s: unknown, e: Error, on: (e: Error) => void): void }
      ).watchError.bind(svc);
      watchError(source, errno('ELOOP', path.join(root, 'self.jpg')), (e) => errors.push(e));
      watchError(source, new Error('watcher broke'), (e) => errors.push(e));
      expect(errors.map((e) => e.message)).toEqual(['watcher broke']);
      expect(problems(lib).map((p) => [p.code, p.path])).toEqual([
        ['SYMLINK_LOOP', path.join(root, 'self.jpg')],
      ]);
      // The rescan finds the loop and the Latin-1 name; the link to a folder is no file there.
      await svc.rescan(source);
      expect(problems(lib).map((p) => [p.code, p.path])).toEqual([
        ['UNREADABLE_FILE_NAME', `${root}/caf\\xE9.jpg`],
        ['SYMLINK_LOOP', path.join(root, 'self.jpg')],
      ]);
      expect(lib.locations.snapshot(source.id).size).toBe(2);
    } finally {
      await svc.closeAll();
    }
  });
});

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the watcher');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the walker with its helper thread', () => {
  it('reports stat failures from the helper and finishes the walk', async () => {
    const { folder } = setup();
    // Past the helper threshold (4096 entries), loops spread over every batch.
    for (let i = 0; i < 4400; i++) {
      if (i % 100 === 0) fs.symlinkSync(`loop${i}.jpg`, path.join(folder, `loop${i}.jpg`));
      else fs.writeFileSync(path.join(folder, `p${i}.jpg`), '');
    }
    const walker = new FolderWalker(true);
    const entries: WalkEntry[] = [];
    const found: ScanProblem[] = [];
    try {
      const n = await walker.walk(
        folder,
        (e) => entries.push(e),
        (p) => found.push(p),
      );
      expect(n).toBe(4356);
      expect((walker as unknown as { helper: unknown }).helper).not.toBeNull();
    } finally {
      walker.close();
    }
    expect(found).toHaveLength(44);
    expect(new Set(found.map((p) => p.code))).toEqual(new Set(['SYMLINK_LOOP']));
  });

  it('walkFolder passes problems on', async () => {
    const { folder } = setup();
    fs.symlinkSync('missing.jpg', path.join(folder, 'dangling.jpg'));
    const found: ScanProblem[] = [];
    expect(
      await walkFolder(
        folder,
        () => {},
        (p) => found.push(p),
      ),
    ).toBe(0);
    expect(found.map((p) => [p.code, p.relPath])).toEqual([['BROKEN_SYMLINK', 'dangling.jpg']]);
  });
});

describe('scan problem codes', () => {
  it('maps each errno to a stable code and a message naming the path', () => {
    const cases: [string | undefined, string][] = [
      ['ELOOP', 'SYMLINK_LOOP'],
      ['ENAMETOOLONG', 'PATH_TOO_LONG'],
      ['EACCES', 'PERMISSION_DENIED'],
      ['EPERM', 'PERMISSION_DENIED'],
      ['EIO', 'READ_FAILED'],
      ['EINVAL', 'READ_FAILED'],
      [undefined, 'READ_FAILED'],
    ];
    for (const [err, code] of cases) {
      const p = scanProblemFor(err, '/photos/x.jpg', 'x.jpg', false);
      expect(p?.code).toBe(code);
      expect(p?.message).toContain('/photos/x.jpg');
    }
    expect(scanProblemFor('EACCES', '/photos/card', 'card', true)?.message).toBe(
      'folder /photos/card cannot be read: permission denied; skipped',
    );
  });

  it('a file that vanished between listing and stat is no problem', () => {
    expect(scanProblemFor('ENOENT', '/nonexistent/x.jpg', 'x.jpg', false)).toBeNull();
    expect(scanProblemFor('ENOTDIR', '/nonexistent/x', 'x', true)).toBeNull();
  });

  it('prints names that are not UTF-8 with \\x escapes', () => {
    const name = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('.jpg')]);
    expect(isUtf8Name(name)).toBe(false);
    expect(printableName(name)).toBe('caf\\xE9.jpg');
    expect(isUtf8Name(Buffer.from('café ✓ 🎸.jpg'))).toBe(true);
    expect(printableName(Buffer.from('café 🎸.jpg'))).toBe('café 🎸.jpg');
    // Overlong, surrogate and truncated sequences are not UTF-8.
    for (const bad of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x82],
      [0xf5, 0x80, 0x80, 0x80],
    ])
      expect(isUtf8Name(Buffer.from(bad))).toBe(false);
  });
});
