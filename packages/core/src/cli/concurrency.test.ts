// A second process on a library that is being ingested: listings and small writes never
// fail with "database is locked" (WAL readers, busy_timeout for writers).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PHOTO_FIXTURES, tempDir } from '../testing/temp.js';
import { main } from './main.js';

const CLI = fileURLToPath(new URL('./bin.ts', import.meta.url));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c.toString()));
  err.on('data', (c: Buffer) => (e += c.toString()));
  const code = await main(argv, { out, err });
  return { code, out: o, err: e };
}

describe('concurrent CLI processes', () => {
  const lib = tempDir();
  const folder = tempDir();
  afterAll(() => {
    lib.cleanup();
    folder.cleanup();
  });

  it('lists and changes settings while another process ingests', async () => {
    const big = fs.readFileSync(path.join(PHOTO_FIXTURES, 'jpeg_gps/ianare__HMD_Nokia_8.3_5G.jpg'));
    for (let i = 0; i < 8; i++)
      fs.writeFileSync(
        path.join(folder.dir, `p${i}.jpg`),
        Buffer.concat([big, Buffer.from(String(i))]),
      );
    expect((await run('--library', lib.dir, 'sources', 'add', folder.dir)).code).toBe(0);

    const writer = spawn(process.execPath, ['--import', 'tsx', CLI, '--library', lib.dir, 'scan'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ENCORE_WORKERS: '1' },
    });
    let writerErr = '';
    writer.stderr!.on('data', (c: Buffer) => (writerErr += c.toString()));
    const finished = new Promise<number | null>((resolve) => writer.on('exit', (c) => resolve(c)));
    let done = false;
    void finished.then(() => (done = true));

    let rounds = 0;
    const counts: number[] = [];
    while (!done || rounds < 3) {
      for (const argv of [
        ['photos', '--json'],
        ['status', '--json'],
        ['errors', '--json'],
        ['settings', 'homeZone', rounds % 2 ? 'UTC' : 'Europe/Paris'],
      ]) {
        const r = await run('--library', lib.dir, ...argv);
        expect(r.err, argv.join(' ')).toBe('');
        expect(r.code, argv.join(' ')).toBe(0);
        if (argv[0] === 'photos') counts.push((JSON.parse(r.out) as unknown[]).length);
      }
      rounds++;
      // A polling UI or script, not a busy loop: leave the other process its CPU.
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await finished).toBe(0);
    expect(writerErr).toBe('');
    const final = await run('--library', lib.dir, 'photos', '--json');
    expect((JSON.parse(final.out) as unknown[]).length).toBe(8);
    // The listing saw the library grow while the other process wrote to it.
    expect(new Set(counts).size).toBeGreaterThan(1);
  }, 240_000);
});
