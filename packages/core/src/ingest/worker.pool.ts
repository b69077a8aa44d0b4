// A fixed set of ingest worker threads, one file at a time each. A worker that crashes or
// hangs is replaced and its file reported as failed, so no decoder bug takes the engine down.
import { Worker } from 'node:worker_threads';
import { spawnWorker } from '../adapters/worker.spawn.js';
import type {
  DoneMessage,
  FailedMessage,
  HashedMessage,
  PartialMessage,
  WorkerResponse,
  WorkerSettings,
} from './ingest.protocol.js';

export type Decide = (hashed: HashedMessage) => boolean;
export type OnPartial = (partial: PartialMessage) => void;
export type TaskResult = DoneMessage | FailedMessage;

/** What the ingest service needs of a pool (the worker pool; a scripted fake in tests). */
export interface TaskRunner {
  readonly idle: number;
  run(taskId: number, path: string, decide: Decide, onPartial?: OnPartial): Promise<TaskResult>;
}

interface Slot {
  worker: Worker;
  busy: {
    taskId: number;
    path: string;
    decide: Decide;
    onPartial: OnPartial | undefined;
    resolve: (r: TaskResult) => void;
    timer: NodeJS.Timeout;
  } | null;
}

export interface PoolOptions {
  size: number;
  settings: WorkerSettings;
  /** A file taking longer than this is treated as a hung decoder. */
  taskTimeoutMs?: number;
  /** Override the worker entry (tests). */
  workerUrl?: URL;
}

export class WorkerPool implements TaskRunner {
  private readonly slots: Slot[] = [];
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    for (let i = 0; i < Math.max(1, options.size); i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  get idle(): number {
    return this.slots.filter((s) => !s.busy).length;
  }

  run(taskId: number, path: string, decide: Decide, onPartial?: OnPartial): Promise<TaskResult> {
    const slot = this.slots.find((s) => !s.busy);
    if (!slot) return Promise.reject(new Error('no idle worker'));
    return new Promise<TaskResult>((resolve) => {
      const timer = setTimeout(() => {
        this.fail(
          slot,
          'TIMEOUT',
          `${path} took longer than ${Math.round(this.timeoutMs / 1000)} s to process; the decoder was stopped`,
        );
        this.replace(slot);
      }, this.timeoutMs);
      slot.busy = { taskId, path, decide, onPartial, resolve, timer };
      slot.worker.postMessage({ type: 'ingest', taskId, path });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private get timeoutMs(): number {
    return this.options.taskTimeoutMs ?? 300_000;
  }

  private spawn(): Slot {
    const options = {
      workerData: this.options.settings,
      // WASM HEIC decoding of a 48 MP photo needs room beyond V8's default heap.
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    };
    const worker = this.options.workerUrl
      ? new Worker(this.options.workerUrl, options)
      : spawnWorker(import.meta.url, 'ingest.worker', options);
    const slot: Slot = { worker, busy: null };
    worker.on('message', (msg: WorkerResponse) => this.onMessage(slot, msg));
    worker.on('error', (err) => {
      this.fail(
        slot,
        'WORKER_CRASHED',
        `the decoder crashed on ${slot.busy?.path ?? 'a file'}: ${err.message}`,
      );
    });
    worker.on('exit', (code) => {
      if (this.closed) return;
      this.fail(
        slot,
        'WORKER_CRASHED',
        `the decoder exited (code ${code}) while processing ${slot.busy?.path ?? 'a file'}`,
      );
      this.replace(slot);
    });
    return slot;
  }

  private replace(slot: Slot): void {
    if (this.closed) return;
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.slots[index] = this.spawn();
  }

  private onMessage(slot: Slot, msg: WorkerResponse): void {
    const busy = slot.busy;
    if (!busy || msg.taskId !== busy.taskId) return;
    if (msg.type === 'hashed') {
      let render = true;
      try {
        render = busy.decide(msg);
      } catch {
        render = true;
      }
      slot.worker.postMessage({ type: 'continue', taskId: msg.taskId, render });
      return;
    }
    if (msg.type === 'partial') {
      busy.onPartial?.(msg);
      return;
    }
    clearTimeout(busy.timer);
    slot.busy = null;
    busy.resolve(msg);
  }

  private fail(slot: Slot, code: string, message: string): void {
    const busy = slot.busy;
    if (!busy) return;
    clearTimeout(busy.timer);
    slot.busy = null;
    busy.resolve({ type: 'failed', taskId: busy.taskId, code, message, retryable: true });
  }
}
