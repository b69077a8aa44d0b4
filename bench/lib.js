// Shared helpers for the benchmark scripts: timing, percentiles, peak RSS of child processes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WORK_DIR = path.join(REPO_ROOT, '.bench');
export const FIXTURES = path.resolve(REPO_ROOT, '../shared/fixtures/photos');

export function ensureDir(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export function fmt(n, digits = 2) {
  return Number(n).toFixed(digits);
}

/**
 * Runs a command and returns wall time and the peak RSS of it and its children, measured by
 * the kernel (getrusage RUSAGE_CHILDREN) in a tiny python wrapper, so every tool is measured
 * the same way.
 */
export function runMeasured(cmd, args, options = {}) {
  const wrapper = [
    'import resource, subprocess, sys, time, json',
    't = time.perf_counter()',
    'r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL if ' +
      (options.quiet ? 'True' : 'False') +
      ' else None)',
    'dt = time.perf_counter() - t',
    'ru = resource.getrusage(resource.RUSAGE_CHILDREN)',
    'print(json.dumps({"code": r.returncode, "seconds": dt, "maxRssKb": ru.ru_maxrss}), file=sys.stderr)',
  ].join('\n');
  const res = spawnSync('python3', ['-c', wrapper, cmd, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...(options.env ?? {}) },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', options.quiet ? 'ignore' : 'pipe', 'pipe'],
  });
  const lines = res.stderr.trim().split('\n');
  const last = lines.pop();
  let parsed;
  try {
    parsed = JSON.parse(last);
  } catch {
    throw new Error(`could not run ${cmd}: ${res.stderr}`);
  }
  if (parsed.code !== 0) throw new Error(`${cmd} exited with ${parsed.code}: ${lines.join('\n')}`);
  return {
    seconds: parsed.seconds,
    maxRssMb: parsed.maxRssKb / 1024,
    stdout: res.stdout ?? '',
    stderr: lines.join('\n'),
  };
}

export function which(tool) {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function printTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(widths[i])).join('  '));
}
