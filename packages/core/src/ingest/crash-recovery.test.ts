// kill -9 in the middle of an ingest, then start again: nothing is lost, nothing is done
// twice, no half-written thumbnail is referenced, and SQLite's integrity check passes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { PHOTO_FIXTURES, tempDir } from '../testing/temp.js';

const CLI = fileURLToPath(new URL('../cli/bin.ts', import.meta.url));

function startScan(libraryDir: string, folder: string): ReturnType<typeof spawn> {
  return spawn(
    process.execPath,
    ['--import', 'tsx', CLI, '--library', libraryDir, 'scan', folder],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ENCORE_WORKERS: '2', ENCORE_HOME_ZONE: 'UTC' },
    },
  );
}

function query<T>(libraryDir: string, sql: string): T[] {
  const file = path.join(libraryDir, 'library.db');
  if (!fs.existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.prepare(sql).all() as T[];
  } catch {
    return [];
  } finally {
    db.close();
  }
}

describe('crash recovery', () => {
  const lib = tempDir();
  const folder = tempDir();
  afterAll(() => {
    lib.cleanup();
    folder.cleanup();
  });

  it('resumes after kill -9 without redoing or corrupting anything', async () => {
    // 24 distinct large photos: the same JPEGs with a different trailer after the image data.
    const sources = [
      'jpeg_gps/ianare__HMD_Nokia_8.3_5G.jpg',
      'jpeg_gps/mei__Olympus_FE230-X790.jpg',
      'jpeg_gps/mei__Nokia_Lumia_800.jpg',
    ];
    for (let i = 0; i < 24; i++) {
      const bytes = fs.readFileSync(path.join(PHOTO_FIXTURES, sources[i % 3]!));
      fs.writeFileSync(
        path.join(folder.dir, `photo-${i}.jpg`),
        Buffer.concat([bytes, Buffer.from(`copy ${i}`)]),
      );
    }

    const first = startScan(lib.dir, folder.dir);
    const exited = new Promise<number | null>((resolve) =>
      first.on('exit', (code) => resolve(code)),
    );
    // Wait until some photos are committed but the queue is not empty, then kill hard.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const done = query<{ n: number }>(lib.dir, 'SELECT count(*) AS n FROM photos')[0]?.n ?? 0;
      const left =
        query<{ n: number }>(
          lib.dir,
          `SELECT count(*) AS n FROM jobs WHERE state <> 'quarantined'`,
        )[0]?.n ?? 0;
      if (done >= 3 && left > 0) break;
      if (Date.now() > deadline) throw new Error('ingest never got going');
      await new Promise((r) => setTimeout(r, 20));
    }
    first.kill('SIGKILL');
    expect(await exited).toBeNull();

    const before = new Map(
      query<{ id: string; updated_at: string }>(lib.dir, 'SELECT id, updated_at FROM photos').map(
        (r) => [r.id, r.updated_at],
      ),
    );
    expect(before.size).toBeGreaterThanOrEqual(3);
    expect(before.size).toBeLessThan(24);

    const second = startScan(lib.dir, folder.dir);
    let stderr = '';
    second.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) =>
      second.on('exit', (c) => resolve(c)),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);

    expect(
      query<{ integrity_check: string }>(lib.dir, 'PRAGMA integrity_check').map(
        (r) => r.integrity_check,
      ),
    ).toEqual(['ok']);
    const photos = query<{ id: string; updated_at: string }>(
      lib.dir,
      'SELECT id, updated_at FROM photos',
    );
    expect(photos).toHaveLength(24);
    // Photos committed before the kill were not processed again.
    for (const [id, updated] of before)
      expect(photos.find((p) => p.id === id)?.updated_at).toBe(updated);
    expect(query<{ n: number }>(lib.dir, 'SELECT count(*) AS n FROM jobs')[0]!.n).toBe(0);
    expect(
      query<{ n: number }>(lib.dir, `SELECT count(*) AS n FROM locations WHERE state = 'ok'`)[0]!.n,
    ).toBe(24);

    // Every referenced thumbnail is a whole, decodable file.
    const thumbs = query<{ file: string; bytes: number }>(
      lib.dir,
      'SELECT file, bytes FROM thumbnails',
    );
    expect(thumbs).toHaveLength(48);
    for (const t of thumbs) {
      const abs = path.join(lib.dir, t.file);
      expect(fs.statSync(abs).size).toBe(t.bytes);
      const stats = await sharp(abs).stats();
      expect(stats.channels.length).toBeGreaterThan(0);
    }
  }, 300_000);
});
