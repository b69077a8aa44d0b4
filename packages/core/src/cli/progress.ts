// A progress bar on a terminal; nothing on a pipe (scripts read the summary instead).
import cliProgress from 'cli-progress';
import type { Io } from './output.js';

export interface ProgressReporter {
  update(p: { done: number; failed: number; total: number; queued: number }): void;
  stop(): void;
}

export function progressReporter(io: Io): ProgressReporter {
  if (!io.err.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: io.err,
      format: 'ingest |{bar}| {value}/{total} files  {failed} failed  {eta_formatted} left',
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const value = p.done + p.failed;
      if (!started) {
        bar.start(Math.max(p.total, 1), value, { failed: p.failed });
        started = true;
      }
      bar.setTotal(Math.max(p.total, value, 1));
      bar.update(value, { failed: p.failed });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
