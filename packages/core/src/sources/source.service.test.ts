import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../library/library.js';
import { SourceService } from './source.service.js';
import { sourceSetup, writeUnder } from './testing/source-setup.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const setup = () => sourceSetup(cleanups);
const write = writeUnder;

describe('local sources', () => {
  it('queues every candidate file, skipping hidden, system and sidecar files', async () => {
    const { lib, svc, folder } = setup();
    write(folder, 'a.jpg');
    write(folder, 'sub/deeper/b.heic');
    write(folder, 'no-extension');
    write(folder, '.hidden.jpg');
    write(folder, '.git/objects/c.jpg');
    write(folder, 'Thumbs.db');
    write(folder, 'a.jpg.xmp');
    write(folder, 'MANIFEST.tsv');
    write(folder, 'soundcheck.m4a');
    write(folder, '@eaDir/a.jpg/SYNOPHOTO_THUMB_M.jpg');
    const source = svc.add(folder);
    const r = await svc.rescan(source);
    expect(r).toEqual({ seen: 3, queued: 3, removed: 0 });
    expect([...lib.locations.snapshot(source.id).keys()].sort()).toEqual([
      'a.jpg',
      'no-extension',
      path.join('sub', 'deeper', 'b.heic'),
    ]);
  });

  it('a rescan of an unchanged tree queues nothing; changed and deleted files are noticed', async () => {
    const { lib, svc, folder } = setup();
    write(folder, 'a.jpg');
    write(folder, 'b.jpg');
    const source = svc.add(folder);
    await svc.rescan(source);
    // Pretend both were ingested.
    for (const e of lib.locations.snapshot(source.id).values()) lib.locations.setState(e.id, 'ok');
    expect(await svc.rescan(source)).toEqual({ seen: 2, queued: 0, removed: 0 });
    write(folder, 'a.jpg', 'changed content');
    fs.rmSync(path.join(folder, 'b.jpg'));
    expect(await svc.rescan(source)).toEqual({ seen: 1, queued: 1, removed: 1 });
  });

  it('a same-size edit with a new mtime is queued again; an unchanged file is not', async () => {
    const { lib, svc, folder } = setup();
    write(folder, 'a.jpg', 'AAAA');
    write(folder, 'b.jpg', 'BBBB');
    const source = svc.add(folder);
    await svc.rescan(source);
    for (const e of lib.locations.snapshot(source.id).values()) lib.locations.setState(e.id, 'ok');
    const a = path.join(folder, 'a.jpg');
    const before = fs.statSync(a);
    fs.writeFileSync(a, 'ZZZZ'); // same size
    fs.utimesSync(a, before.atime, new Date(before.mtimeMs + 5000));
    expect(fs.statSync(a).size).toBe(before.size);
    expect(await svc.rescan(source)).toEqual({ seen: 2, queued: 1, removed: 0 });
    const loc = lib.locations.find(source.id, 'a.jpg')!;
    expect(loc).toMatchObject({ state: 'pending', mtimeMs: fs.statSync(a).mtimeMs });
    expect(lib.jobs.counts()).toMatchObject({ queued: 2 });
    // The location repository decides the same way for the watcher.
    lib.locations.setState(loc.id, 'ok');
    expect(lib.locations.seen(source.id, 'a.jpg', loc.size, loc.mtimeMs).needsIngest).toBe(false);
    expect(lib.locations.seen(source.id, 'a.jpg', loc.size, loc.mtimeMs + 1).needsIngest).toBe(
      true,
    );
  });

  it('a source removed by another process during its rescan ends the rescan quietly', async () => {
    const { lib, folder } = setup();
    // More than one batch (2000), so the removal lands between two of them.
    for (let i = 0; i < 2100; i++) fs.writeFileSync(path.join(folder, `p${i}.jpg`), '');
    const other = Library.open(lib.dir);
    cleanups.unshift(() => other.close());
    const svc = new SourceService(lib, () => other.sources.delete(source.id));
    const source = svc.add(folder);
    const r = await svc.rescan(source);
    expect(r).toMatchObject({ seen: 2100, queued: 2000, removed: 0 });
    expect(lib.sources.list()).toEqual([]);
    expect(lib.locations.count()).toBe(0);
    expect(lib.jobs.counts()).toMatchObject({ queued: 0 });
  });

  it('refuses nested sources and missing folders with a message naming the path', () => {
    const { svc, folder } = setup();
    fs.mkdirSync(path.join(folder, 'inner'));
    svc.add(folder);
    expect(() => svc.add(path.join(folder, 'inner'))).toThrow(/already inside the source/);
    expect(() => svc.add(path.join(folder, 'nope'))).toThrow(/no such folder/);
    write(folder, 'file.jpg');
    expect(() => svc.add(path.join(folder, 'file.jpg'))).toThrow(/is not a folder/);
    expect(svc.add(folder).path).toBe(folder);
  });

  it('a rescan of a vanished source folder changes nothing', async () => {
    const { lib, svc, folder } = setup();
    write(folder, 'sub/a.jpg');
    const inner = path.join(folder, 'sub');
    const source = svc.add(inner);
    await svc.rescan(source);
    fs.rmSync(inner, { recursive: true });
    await expect(svc.rescan(source)).rejects.toThrow(/is missing/);
    expect(lib.locations.snapshot(source.id).size).toBe(1);
  });

  it('live watching reports new, changed, renamed and deleted files', async () => {
    const { lib, svc, folder } = setup();
    const source = svc.add(folder);
    const errors: Error[] = [];
    await svc.watch(source, (e) => errors.push(e), { stabilityMs: 100 });
    try {
      write(folder, 'new.jpg', 'one');
      await until(() => lib.locations.find(source.id, 'new.jpg') !== null);
      fs.renameSync(path.join(folder, 'new.jpg'), path.join(folder, 'renamed.jpg'));
      await until(
        () =>
          lib.locations.find(source.id, 'renamed.jpg') !== null &&
          lib.locations.find(source.id, 'new.jpg') === null,
      );
      write(folder, '.hidden.jpg');
      fs.rmSync(path.join(folder, 'renamed.jpg'));
      await until(() => lib.locations.snapshot(source.id).size === 0);
      expect(errors).toEqual([]);
    } finally {
      await svc.closeAll();
    }
  });
});

describe('a watched source folder that disappears', () => {
  it('keeps its files in the library and reports the folder missing', async () => {
    const { lib, svc, folder } = setup();
    const root = path.join(folder, 'drive');
    write(root, 'a.jpg');
    write(root, 'sub/b.jpg');
    const source = svc.add(root);
    await svc.rescan(source);
    const errors: Error[] = [];
    await svc.watch(source, (e) => errors.push(e), { stabilityMs: 100 });
    try {
      // Unmounting looks like this to the watcher: the whole folder is gone at once.
      fs.renameSync(root, path.join(folder, 'elsewhere'));
      await until(() => errors.length > 0);
      await new Promise((r) => setTimeout(r, 300));
      expect(errors[0]?.message).toMatch(
        /source folder .*drive is missing \(unmounted or deleted\); its photos are kept/,
      );
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
