// The queue's retry, quarantine and disk-full behaviour with a scripted task runner in place
// of the worker pool (the real pool is exercised by the engine tests).
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { PhotoId } from '../domain/ids.js';
import { Library } from '../library/library.js';
import { tempDir } from '../testing/temp.js';
import type { DoneMessage, FailedMessage } from './ingest.protocol.js';
import { IngestService } from './ingest.service.js';
import type { Decide, OnPartial, TaskResult, TaskRunner } from './worker.pool.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const ID = 'a'.repeat(64) as PhotoId;

class ScriptedRunner implements TaskRunner {
  idle = 1;
  calls = 0;
  constructor(
    private readonly script: (
      call: number,
      path: string,
      partial: () => void,
    ) => Omit<DoneMessage, 'taskId'> | Omit<FailedMessage, 'taskId'>,
  ) {}
  async run(
    taskId: number,
    path: string,
    decide: Decide,
    onPartial?: OnPartial,
  ): Promise<TaskResult> {
    this.idle--;
    try {
      decide({ type: 'hashed', taskId, photoId: ID, format: 'jpeg', size: 1, mtimeMs: 1 });
      const partial = (): void =>
        onPartial?.({
          ...done(),
          type: 'partial',
          taskId,
          renditions: done().renditions!.slice(0, 1),
        });
      const r = this.script(++this.calls, path, partial);
      return { ...r, taskId } as TaskResult;
    } finally {
      this.idle++;
    }
  }
}

function done(): Omit<DoneMessage, 'taskId'> {
  return {
    type: 'done',
    photoId: ID,
    size: 1,
    mtimeMs: 1,
    warnings: [],
    renditions: [
      {
        size: 'grid',
        file: 'thumbs/grid/aa/x.webp',
        width: 1,
        height: 1,
        bytes: 1,
        mime: 'image/webp',
      },
    ],
    photo: {
      id: ID,
      size: 1,
      format: 'jpeg',
      kind: 'image',
      width: 1,
      height: 1,
      orientation: 1,
      takenAt: null,
      takenAtUtc: null,
      timeZone: null,
      timeSource: null,
      zoneSource: null,
      lat: null,
      lon: null,
      alt: null,
      make: null,
      model: null,
      city: null,
      thumbhash: null,
      phash: null,
      placeholder: false,
    },
  } as Omit<DoneMessage, 'taskId'>;
}

function setup(runner: TaskRunner, maxAttempts = 3): { lib: Library; svc: IngestService } {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const lib = Library.open(t.dir);
  const s = lib.sources.insert('/photos', new Date());
  lib.jobs.enqueue(lib.locations.seen(s.id, 'a.jpg', 1, 1).id, 0);
  const svc = new IngestService(lib, runner, { backoffMs: 5, maxBackoffMs: 20, maxAttempts });
  cleanups.unshift(() => {
    void svc.stop();
    lib.close();
  });
  return { lib, svc };
}

describe('ingest service', () => {
  it('reports a full disk while it lasts and finishes the file once space returns', async () => {
    const full = {
      type: 'failed' as const,
      code: 'DISK_FULL',
      message: 'no space left',
      retryable: true,
    };
    let seenError = false;
    const runner = new ScriptedRunner((call) => (call <= 6 ? full : done()));
    const { lib, svc } = setup(runner);
    svc.on('progress', () => {
      if (lib.errors.list().some((e) => e.code === 'DISK_FULL')) seenError = true;
    });
    svc.start();
    await svc.drain();
    expect(runner.calls).toBe(7); // more than maxAttempts: a full disk never quarantines
    expect(seenError).toBe(true);
    expect(lib.errors.list()).toEqual([]);
    expect(lib.photos.count()).toBe(1);
    expect(lib.locations.forPhoto(ID)).toHaveLength(1);
  });

  it('reads a file again when it changed while being read, without reporting it', async () => {
    const changed = {
      type: 'failed' as const,
      code: 'FILE_CHANGED',
      message: '/photos/a.jpg changed while it was being read',
      retryable: true,
    };
    const runner = new ScriptedRunner((call) => (call <= 5 ? changed : done()));
    const { lib, svc } = setup(runner, 3);
    svc.start();
    await svc.drain();
    expect(runner.calls).toBe(6);
    expect(lib.errors.list()).toEqual([]);
    expect(lib.photos.count()).toBe(1);
  });

  it('shows a photo as soon as its grid is ready and keeps the job until the preview is stored', async () => {
    let visibleBeforeDone = false;
    const holder: { lib?: Library } = {};
    const crash = {
      type: 'failed' as const,
      code: 'WORKER_CRASHED',
      message: 'crashed',
      retryable: true,
    };
    const runner = new ScriptedRunner((call, _path, partial) => {
      partial();
      if (call === 1) {
        const lib = holder.lib!;
        visibleBeforeDone = lib.photos.count() === 1 && lib.jobs.counts().running === 1;
        return crash; // killed between the grid and the preview
      }
      return done();
    });
    const { lib, svc } = setup(runner);
    holder.lib = lib;
    svc.start();
    await svc.drain();
    expect(visibleBeforeDone).toBe(true);
    expect(runner.calls).toBe(2);
    expect(
      lib.thumbnails
        .forPhoto(ID)
        .map((t) => t.size)
        .sort(),
    ).toEqual(['grid']);
    expect(lib.jobs.counts()).toMatchObject({ queued: 0, running: 0, quarantined: 0 });
    expect(lib.errors.list()).toEqual([]);
  });

  it('quarantines a file whose decoder keeps crashing, with the reason', async () => {
    const crash = {
      type: 'failed' as const,
      code: 'WORKER_CRASHED',
      message: 'the decoder crashed on /photos/a.jpg',
      retryable: true,
    };
    const runner = new ScriptedRunner(() => crash);
    const { lib, svc } = setup(runner, 3);
    svc.start();
    await svc.drain();
    expect(runner.calls).toBe(3);
    expect(lib.jobs.counts()).toMatchObject({ quarantined: 1, queued: 0 });
    expect(lib.errors.list()).toEqual([
      expect.objectContaining({
        code: 'WORKER_CRASHED',
        path: '/photos/a.jpg',
        message: expect.stringContaining('gave up after 3 attempts'),
      }),
    ]);
    expect(svc.progress()).toMatchObject({ failed: 1, done: 0 });
  });

  it('does not retry a file that cannot be decoded', async () => {
    const runner = new ScriptedRunner(() => ({
      type: 'failed',
      code: 'DECODE_FAILED',
      message: 'a.jpg: Premature end of JPEG file',
      retryable: false,
    }));
    const { lib, svc } = setup(runner);
    svc.start();
    await svc.drain();
    expect(runner.calls).toBe(1);
    expect(lib.errors.list()[0]).toMatchObject({ code: 'DECODE_FAILED', severity: 'error' });
  });

  it('drops the location of a file that vanished before it was read', async () => {
    const runner = new ScriptedRunner(() => ({
      type: 'failed',
      code: 'FILE_MISSING',
      message: 'gone',
      retryable: false,
    }));
    const { lib, svc } = setup(runner);
    svc.start();
    await svc.drain();
    expect(lib.errors.list()).toEqual([]);
    expect(lib.locations.snapshot(1 as never).size).toBe(0);
  });

  it('waits for jobs another live process holds, and ends when that process completes them', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    cleanups.push(() => other.kill('SIGKILL'));
    const runner = new ScriptedRunner(() => done());
    const { lib, svc } = setup(runner);
    const job = lib.jobs.claim(Date.now(), 60_000, other.pid!)!;
    svc.start();
    let drained = false;
    const drain = svc.drain().then(() => (drained = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(drained).toBe(false);
    expect(runner.calls).toBe(0); // its job, not ours
    lib.jobs.complete(job.id); // the other process finishes it
    await drain;
    expect(runner.calls).toBe(0);
  });

  it('takes over the jobs of a process that dies while it waits for them', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    cleanups.push(() => other.kill('SIGKILL'));
    const runner = new ScriptedRunner(() => done());
    const { lib, svc } = setup(runner);
    lib.jobs.claim(Date.now(), 60_000, other.pid!);
    svc.start();
    const drain = svc.drain();
    await new Promise((r) => setTimeout(r, 200));
    expect(runner.calls).toBe(0);
    other.kill('SIGKILL');
    await drain;
    expect(runner.calls).toBe(1);
    expect(lib.photos.count()).toBe(1);
  });

  it('takes over a job whose lease ran out (its owner lives but hung)', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    cleanups.push(() => other.kill('SIGKILL'));
    const runner = new ScriptedRunner(() => done());
    const { lib, svc } = setup(runner);
    // Leased by a live process that never renews it: only the lease's end frees it.
    lib.jobs.claim(Date.now(), 300, other.pid!);
    svc.start();
    await svc.drain();
    expect(runner.calls).toBe(1);
    expect(lib.photos.count()).toBe(1);
  });
});
