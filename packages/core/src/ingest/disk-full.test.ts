// A full library disk: the failure is reported while it lasts, nothing stored is damaged,
// and ingest finishes once space returns. Always tested with the real workers on a
// simulated full disk (thumbnail writes fail with ENOSPC); also on a real size-limited file
// system (tmpfs) where this machine lets us mount one, which fills SQLite's files too.
import { execFileSync } from 'node:child_process';
import { engineInternals } from '../testing/index.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../engine/engine.js';
import { Library } from '../library/library.js';
import type { SourceId } from '../domain/ids.js';
import type { WorkerSettings } from './ingest.protocol.js';
import { IngestService } from './ingest.service.js';
import { WorkerPool } from './worker.pool.js';
import { copyFixtures, tempDir } from '../testing/temp.js';

const FILES = [
  'jpeg_gps/ianare__HMD_Nokia_8.3_5G.jpg',
  'jpeg_gps/mei__Olympus_FE230-X790.jpg',
  'jpeg_gps/mei__Nokia_Lumia_800.jpg',
  'orientation/recurser__Landscape_3.jpg',
];

async function until(
  what: string,
  fn: () => boolean | Promise<boolean>,
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('disk full (simulated: thumbnail writes fail with ENOSPC)', () => {
  const lib = tempDir();
  const photos = tempDir();
  const fullFlag = path.join(lib.dir, 'disk-is-full');
  let library: Library;
  let pool: WorkerPool;
  let ingest: IngestService;

  beforeAll(() => {
    copyFixtures(photos.dir, FILES);
    library = Library.open(lib.dir);
    const source = library.sources.insert(photos.dir, new Date());
    for (const f of fs.readdirSync(photos.dir)) {
      const st = fs.statSync(path.join(photos.dir, f));
      const { id } = library.locations.seen(source.id as SourceId, f, st.size, st.mtimeMs);
      library.jobs.enqueue(id, Date.now());
    }
    const settings = {
      libraryDir: lib.dir,
      homeZone: 'UTC',
      fullFlag,
      __entry: new URL('./testing/full-disk.worker.ts', import.meta.url).href,
    } as WorkerSettings;
    pool = new WorkerPool({
      size: 1,
      settings,
      workerUrl: new URL('../adapters/dev-worker.mjs', import.meta.url),
    });
    ingest = new IngestService(library, pool, { backoffMs: 50, maxBackoffMs: 200 });
  });

  afterAll(async () => {
    await ingest?.stop();
    await pool?.close();
    library?.close();
    lib.cleanup();
    photos.cleanup();
  });

  it('reports the full disk, keeps the library consistent, and resumes when space returns', async () => {
    fs.writeFileSync(fullFlag, '');
    let attempts = 0;
    ingest.on('progress', () => attempts++);
    ingest.start();
    const drained = ingest.drain();
    await until('the full disk to be reported', () =>
      library.errors.list().some((e) => e.code === 'DISK_FULL' && /no space left/.test(e.message)),
    );
    // Retried, never quarantined, however many attempts it takes (more than maxAttempts).
    await until(
      'more attempts than maxAttempts',
      () => attempts > FILES.length * 4 || library.jobs.counts().quarantined > 0,
    );
    expect(library.jobs.counts().quarantined).toBe(0);
    expect(library.photos.count()).toBe(0);
    expect(library.integrityCheck()).toBe('ok');
    const thumbs = path.join(lib.dir, 'thumbs');
    const files = () =>
      fs.existsSync(thumbs)
        ? (fs.readdirSync(thumbs, { recursive: true }) as string[]).filter((f) =>
            fs.statSync(path.join(thumbs, f)).isFile(),
          )
        : [];
    expect(files()).toEqual([]);

    fs.rmSync(fullFlag);
    await drained;
    expect(library.photos.count()).toBe(FILES.length);
    expect(library.errors.list().filter((e) => e.severity === 'error')).toEqual([]);
    expect(library.jobs.counts()).toEqual({ queued: 0, running: 0, quarantined: 0 });
    expect(library.integrityCheck()).toBe('ok');
    // Every thumbnail whole, and no temp file left behind by the failed writes.
    expect(files().filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files().length).toBe(FILES.length * 2);
    for (const f of files()) expect(fs.statSync(path.join(thumbs, f)).size).toBeGreaterThan(0);
  }, 120_000);
});

const mountPoint = tempDir('encore-tmpfs-');
let mounted = false;
let skipReason = '';
if (process.platform !== 'linux') skipReason = `tmpfs is Linux only (this is ${process.platform})`;
else if (process.getuid?.() !== 0) skipReason = 'mounting tmpfs needs root';
else {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountPoint.dir], {
      stdio: 'pipe',
    });
    mounted = true;
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '').trim();
    skipReason = `mount -t tmpfs failed: ${stderr || (err as Error).message}`;
  }
}
if (!mounted) {
  mountPoint.cleanup();
  console.warn(
    `disk-full.test.ts: the tmpfs test is SKIPPED (${skipReason}); the simulated one runs`,
  );
}

describe('disk full (tmpfs library)', () => {
  const photos = tempDir();
  const filler = path.join(mountPoint.dir, 'filler.bin');
  let engine: Engine;

  beforeAll(async () => {
    if (!mounted) return;
    copyFixtures(photos.dir, FILES);
    engine = await Engine.open({
      libraryDir: path.join(mountPoint.dir, 'library'),
      homeZone: 'UTC',
      workers: 1,
      ingest: { backoffMs: 50, maxBackoffMs: 200 },
    });
    await engine.call('sources.add', { path: photos.dir });
    // Leave room for the database and its WAL but not for the thumbnails.
    const free = fs.statfsSync(mountPoint.dir);
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free.bavail * free.bsize - 96 * 1024)));
  });

  afterAll(async () => {
    await engine?.close();
    photos.cleanup();
    if (!mounted) return;
    try {
      execFileSync('umount', [mountPoint.dir], { stdio: 'ignore' });
    } catch {
      // already unmounted
    }
    mountPoint.cleanup();
  });

  it.skipIf(!mounted)(
    `reports the full disk, keeps the library consistent, and resumes when space returns${mounted ? '' : ` [skipped: ${skipReason}]`}`,
    async () => {
      const engineErrors: string[] = [];
      engine.onError((err) => engineErrors.push(err.message));
      const scan = engine.call('library.scan');
      // Wait until the full disk has shown itself, in the errors list or as an engine error.
      await until(
        'the full disk to be reported',
        async () =>
          (await engine.call('errors.list')).some((e) => e.code === 'DISK_FULL') ||
          engineErrors.some((m) => /SQLITE_FULL|full|ENOSPC/i.test(m)),
      );
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
    },
    180_000,
  );
});
