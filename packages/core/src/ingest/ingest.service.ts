// Drives the durable job queue through the worker pool and commits each result in one
// SQLite transaction: photo, renditions, location, warnings, job done.
import { EventEmitter } from 'node:events';
import type { PhotoId } from '../domain/ids.js';
import type { IngestProgress } from '../contract/index.js';
import { THUMBNAIL_SIZES } from '../media/types.js';
import type { Library } from '../library/library.js';
import type { LocationRow } from '../library/location.repository.js';
import { errorMessage } from '../domain/errors.js';
import type { DoneMessage, FailedMessage, PartialMessage } from './ingest.protocol.js';
import type { TaskRunner } from './worker.pool.js';

export type { IngestProgress };

export interface IngestOptions {
  /** Attempts before a file whose worker crashes or times out is quarantined. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt, capped at maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  leaseMs?: number;
  /**
   * How often to look at the queue while another live process holds the only running jobs
   * (their completion, their owner's death, or their lease expiring ends the wait).
   */
  othersPollMs?: number;
  now?: () => number;
}

interface Events {
  progress: [IngestProgress];
  committed: [PhotoId[]];
  idle: [];
  error: [Error];
}

const RENDITION_COUNT = Object.keys(THUMBNAIL_SIZES).length;

// Codes for which waiting helps however often it happens (space comes back, files settle).
const UNBOUNDED_RETRY = new Set(['DISK_FULL', 'FILE_CHANGED']);

export class IngestService extends EventEmitter<Events> {
  private running = 0;
  private done = 0;
  private failed = 0;
  private timer: NodeJS.Timeout | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private pumping = false;
  private stopped = false;
  private readonly owner = process.pid;
  private readonly now: () => number;

  constructor(
    private readonly library: Library,
    private readonly pool: TaskRunner,
    private readonly options: IngestOptions = {},
  ) {
    super();
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.library.jobs.releaseDeadOwners(isProcessAlive);
    const lease = this.leaseMs;
    this.renewTimer = setInterval(() => {
      try {
        this.library.jobs.renewLeases(this.owner, this.now() + lease);
      } catch (err) {
        this.emit('error', err as Error);
      }
    }, lease / 3);
    this.renewTimer.unref();
    this.kick();
  }

  /** Call after enqueueing jobs. */
  kick(): void {
    if (this.stopped) return;
    setImmediate(() => this.pump());
  }

  progress(): IngestProgress {
    const c = this.library.jobs.counts();
    return {
      queued: c.queued,
      running: this.running,
      done: this.done,
      failed: this.failed,
      total: this.done + this.failed + c.queued + this.running,
    };
  }

  /**
   * Resolves when no job is queued or running (retries waiting for their time included),
   * whichever process holds them: jobs another live process leased are its to finish, and
   * this one polls until they are done (or its owner dies, or their lease runs out, when
   * this process takes them over).
   */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.isIdle()) {
          this.off('idle', check);
          resolve();
        }
      };
      this.on('idle', check);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.renewTimer) clearInterval(this.renewTimer);
    // Let in-flight files finish so their work is not lost; the pool closes after.
    while (this.running > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 120_000;
  }

  private isIdle(): boolean {
    const c = this.library.jobs.counts();
    return this.running === 0 && c.queued === 0 && c.running === 0;
  }

  private pump(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      while (this.pool.idle > 0) {
        const job = this.library.jobs.claim(this.now(), this.leaseMs, this.owner);
        if (!job) break;
        const location = this.library.locations.get(job.locationId);
        if (!location) {
          this.library.jobs.complete(job.id);
          continue;
        }
        this.running++;
        void this.process(job.id, job.attempts, location);
      }
    } catch (err) {
      this.emit('error', err as Error);
    } finally {
      this.pumping = false;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.stopped) return;
    if (this.running === 0) {
      const next = this.library.jobs.nextRunAfter();
      if (next == null) {
        const c = this.library.jobs.counts();
        if (c.running === 0) {
          this.emit('idle');
          return;
        }
        // Only other processes' jobs are left: no event of ours marks their end, so look.
        this.timer = setTimeout(() => this.pollOthers(), this.options.othersPollMs ?? 250);
        return;
      }
      const wait = Math.max(0, next - this.now()) + 5;
      // Another process's job may end first (and with it, the wait).
      const c = this.library.jobs.counts();
      this.timer = setTimeout(
        () => (c.running > 0 ? this.pollOthers() : this.pump()),
        c.running > 0 ? Math.min(wait, this.options.othersPollMs ?? 250) : wait,
      );
    }
  }

  /** Another process's jobs: its death releases them now; an expired lease lets claim take them. */
  private pollOthers(): void {
    this.timer = null;
    try {
      this.library.jobs.releaseDeadOwners(isProcessAlive);
    } catch (err) {
      this.emit('error', err as Error);
    }
    this.pump();
  }

  private async process(jobId: number, attempts: number, location: LocationRow): Promise<void> {
    const result = await this.pool.run(
      jobId,
      location.absPath,
      (hashed) => !this.library.photos.isComplete(hashed.photoId, RENDITION_COUNT),
      (partial) => {
        try {
          this.commit(jobId, location, partial, { final: false });
        } catch (err) {
          // The final commit repeats all of it; a failed early one only delays the grid.
          this.emit('error', err as Error);
        }
      },
    );
    try {
      if (result.type === 'done') this.commit(jobId, location, result, { final: true });
      else this.handleFailure(jobId, attempts, location, result);
    } catch (err) {
      // The commit itself failed (disk full, I/O): nothing of it was stored; try again later.
      this.failed++;
      this.releaseLater(jobId, attempts, `commit failed: ${errorMessage(err)}`);
      this.emit('error', err as Error);
    } finally {
      this.running--;
      this.emit('progress', this.progress());
      this.pump();
    }
  }

  /**
   * Stores what a worker made in one transaction. An early (non-final) commit puts the photo
   * in the grid while its preview is still being made; only the final one completes the job,
   * so a crash in between redoes the file (the dedup check wants every rendition).
   */
  private commit(
    jobId: number,
    location: LocationRow,
    r: DoneMessage | PartialMessage,
    { final }: { final: boolean },
  ): void {
    const lib = this.library;
    const now = new Date(this.now());
    lib.transaction(() => {
      const current = lib.locations.get(location.id);
      if (!current) {
        lib.jobs.complete(jobId);
        return;
      }
      if (r.photo) {
        lib.photos.upsert({ ...r.photo, starred: false, rating: null, caption: null }, now);
        for (const t of r.renditions ?? []) lib.thumbnails.upsert({ photoId: r.photoId, ...t });
      } else {
        lib.photos.unorphan(r.photoId);
      }
      lib.locations.attachPhoto(location.id, r.photoId, r.size, r.mtimeMs);
      if (current.photoId && current.photoId !== r.photoId)
        lib.photos.orphanIfUnreferenced(current.photoId, this.now());
      lib.errors.clearForLocation(location.id);
      for (const w of r.warnings) {
        lib.errors.record(
          {
            locationId: location.id,
            path: location.absPath,
            code: w.code,
            message: w.message,
            severity: 'warning',
          },
          now,
        );
      }
      if (final) lib.jobs.complete(jobId);
    });
    if (final) this.done++;
    this.emit('committed', [r.photoId]);
  }

  private handleFailure(
    jobId: number,
    attempts: number,
    location: LocationRow,
    f: FailedMessage,
  ): void {
    const lib = this.library;
    const now = new Date(this.now());
    if (f.code === 'FILE_MISSING') {
      // Deleted before we got to it: the watcher's unlink (or the next rescan) says the same.
      lib.transaction(() => {
        const photoId = lib.locations.remove(location.id);
        if (photoId) lib.photos.orphanIfUnreferenced(photoId, this.now());
        lib.jobs.complete(jobId);
      });
      return;
    }
    const maxAttempts = this.options.maxAttempts ?? 4;
    const retry = f.retryable && (UNBOUNDED_RETRY.has(f.code) || attempts < maxAttempts);
    lib.transaction(() => {
      if (retry) {
        lib.jobs.retry(jobId, this.now() + this.backoff(attempts), `${f.code}: ${f.message}`);
        // Transient problems are reported while they last (a full disk should be visible).
        if (f.code !== 'FILE_CHANGED') {
          lib.errors.record(
            {
              locationId: location.id,
              path: location.absPath,
              code: f.code,
              message: f.message,
              severity: 'error',
            },
            now,
          );
        }
      } else {
        const message = f.retryable
          ? `${f.message} (gave up after ${attempts} attempts)`
          : f.message;
        lib.jobs.quarantine(jobId, `${f.code}: ${message}`);
        lib.locations.setState(location.id, 'failed');
        lib.errors.record(
          {
            locationId: location.id,
            path: location.absPath,
            code: f.code,
            message,
            severity: 'error',
          },
          now,
        );
      }
    });
    if (!retry) this.failed++;
  }

  private releaseLater(jobId: number, attempts: number, error: string): void {
    const attempt = (): void => {
      try {
        this.library.jobs.retry(jobId, this.now() + this.backoff(attempts), error);
        this.kick();
      } catch {
        setTimeout(attempt, this.backoff(attempts)).unref();
      }
    };
    attempt();
  }

  private backoff(attempts: number): number {
    const base = this.options.backoffMs ?? 1000;
    const cap = this.options.maxBackoffMs ?? 300_000;
    const delay = Math.min(cap, base * 2 ** Math.max(0, attempts - 1));
    return Math.round(delay * (0.75 + Math.random() * 0.5));
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
