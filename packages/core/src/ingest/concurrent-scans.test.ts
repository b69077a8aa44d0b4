// Two `encore scan` processes on one library at once (the built CLI, as a user runs it):
// each takes jobs from the shared queue; the one that runs out first waits for the jobs the
// other still holds and ends when the queue is empty, so both finish and every photo is in
// the library once. Needs a build (`npx tsc -b tsconfig.build.json`).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PHOTO_FIXTURES, REPO_ROOT, tempDir } from '../testing/temp.js';

const BIN = path.join(REPO_ROOT, 'packages/core/bin/encore.js');
const children: ChildProcess[] = [];

function encore(
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; out: string; err: string; timedOut: boolean }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ENCORE_WORKERS: '1' },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, timedOut });
    });
  });
}

describe('two encore scan processes on one library', () => {
  const lib = tempDir();
  const folder = tempDir();
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    lib.cleanup();
    folder.cleanup();
  });

  it('both finish, and the library holds every photo once', async () => {
    expect(fs.existsSync(path.join(REPO_ROOT, 'packages/core/dist/cli/bin.js'))).toBe(true);
    const dir = path.join(PHOTO_FIXTURES, 'jpeg_gps');
    const names = fs.readdirSync(dir).filter((n) => n.endsWith('.jpg'));
    // Every fixture twice (a byte appended: another photo), so both processes get work and
    // one of them runs out while the other still holds a job.
    for (const n of names) {
      const bytes = fs.readFileSync(path.join(dir, n));
      fs.writeFileSync(path.join(folder.dir, n), bytes);
      fs.writeFileSync(
        path.join(folder.dir, `copy-${n}`),
        Buffer.concat([bytes, Buffer.from('x')]),
      );
    }
    const expected = names.length * 2;
    const add = await encore(['--library', lib.dir, 'sources', 'add', folder.dir], 60_000);
    expect(add.err).toBe('');
    expect(add.code).toBe(0);

    const [first, second] = await Promise.all([
      encore(['--library', lib.dir, 'scan', '--json'], 120_000),
      encore(['--library', lib.dir, 'scan', '--json'], 120_000),
    ]);
    for (const r of [first, second]) {
      expect(r.timedOut, `a scan never returned\n${r.err}`).toBe(false);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    }

    const listed = await encore(['--library', lib.dir, 'photos', '--json'], 60_000);
    expect(listed.code).toBe(0);
    const photos = JSON.parse(listed.out) as { id: string }[];
    expect(photos).toHaveLength(expected);
    expect(new Set(photos.map((p) => p.id)).size).toBe(expected);
    const status = await encore(['--library', lib.dir, 'status', '--json'], 60_000);
    expect(JSON.parse(status.out)).toMatchObject({
      photos: expected,
      jobs: { queued: 0, running: 0 },
    });
  }, 240_000);
});
