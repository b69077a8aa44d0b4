// A library on a real size-limited file system (tmpfs, where this machine lets us mount
// one): when the disk fills, the failure is reported, nothing stored is damaged, and ingest
// finishes once space returns.
import { execFileSync } from 'node:child_process';
import { engineInternals } from '../testing/index.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';
import { copyFixtures, tempDir } from '../testing/temp.js';

const mountPoint = tempDir('encore-tmpfs-');
let mounted = false;
try {
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountPoint.dir], {
      stdio: 'ignore',
    });
    mounted = true;
  }
} catch {
  mounted = false;
}

describe.skipIf(!mounted)('disk full (tmpfs library)', () => {
  const photos = tempDir();
  const filler = path.join(mountPoint.dir, 'filler.bin');
  let engine: Engine;

  beforeAll(async () => {
    copyFixtures(photos.dir, [
      'jpeg_gps/ianare__HMD_Nokia_8.3_5G.jpg',
      'jpeg_gps/mei__Olympus_FE230-X790.jpg',
      'jpeg_gps/mei__Nokia_Lumia_800.jpg',
      'orientation/recurser__Landscape_3.jpg',
    ]);
    engine = await Engine.open({
      libraryDir: path.join(mountPoint.dir, 'library'),
      homeZone: 'UTC',
      workers: 1,
      ingest: { backoffMs: 50, maxBackoffMs: 200 },
    });
    engine.call('sources.add', { path: photos.dir });
    // Leave room for the database and its WAL but not for the thumbnails.
    const free = fs.statfsSync(mountPoint.dir);
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free.bavail * free.bsize - 96 * 1024)));
  });

  afterAll(async () => {
    await engine?.close();
    photos.cleanup();
    try {
      execFileSync('umount', [mountPoint.dir], { stdio: 'ignore' });
    } catch {
      // already unmounted
    }
    mountPoint.cleanup();
  });

  it('reports the full disk, keeps the library consistent, and resumes when space returns', async () => {
    const engineErrors: string[] = [];
    engine.onError((err) => engineErrors.push(err.message));
    const scan = engine.call('library.scan');
    // Wait until the full disk has shown itself, in the errors list or as an engine error.
    const deadline = Date.now() + 60_000;
    while (
      !(await engine.call('errors.list')).some((e) => e.code === 'DISK_FULL') &&
      !engineErrors.some((m) => /SQLITE_FULL|full|ENOSPC/i.test(m))
    ) {
      if (Date.now() > deadline) throw new Error('the full disk was never reported');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await engine.call('photos.list')).length).toBeLessThan(4);
    expect(engineInternals(engine).library.integrityCheck()).toBe('ok');
    // Every photo already in the library has its thumbnails, whole.
    for (const p of await engine.call('photos.list'))
      for (const f of Object.values(p.thumbnails)) expect(fs.statSync(f).size).toBeGreaterThan(0);

    fs.rmSync(filler);
    await scan;
    expect(await engine.call('photos.list')).toHaveLength(4);
    expect((await engine.call('errors.list')).filter((e) => e.code === 'DISK_FULL')).toEqual([]);
    expect(engineInternals(engine).library.integrityCheck()).toBe('ok');
    for (const p of await engine.call('photos.list')) {
      expect(Object.keys(p.thumbnails).sort()).toEqual(['grid', 'preview']);
      for (const f of Object.values(p.thumbnails)) expect(fs.statSync(f).size).toBeGreaterThan(0);
    }
  }, 180_000);
});
