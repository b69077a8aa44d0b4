// bench:sync — the sync server under load on loopback, against a real PostgreSQL 15.
//   1. 10,000 WebSocket device connections (GET /v1/events) opened and held: connect time,
//      server RSS and RSS per connection.
//   2. 1,000 of those devices doing sync round trips (POST /v1/sync: push 1–5 small changes,
//      pull the other devices' changes) at a fixed concurrency while the 10,000 sockets stay
//      open and receive pokes: round trips/s, p50/p95/p99; then the same load against a no-op
//      Fastify route as the reference ratio.
//   3. Server RSS growth during 20 concurrent 50 MB blob uploads (PUT /v1/blobs/...).
// The server, PostgreSQL, the load generator and the WebSocket holder are separate processes.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, fmt, printTable } from './lib.js';
import { startPostgres } from './sync/postgres.js';
import { cpuOf, cpuOfTree, machineCpu, memoryOf, resetPeak, sampleRss } from './sync/proc.js';
import { seedAccounts } from './sync/seed.js';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const USERS = env('BENCH_SYNC_USERS', 1000);
const DEVICES_PER_USER = env('BENCH_SYNC_DEVICES_PER_USER', 10);
const CONNECTIONS = USERS * DEVICES_PER_USER;
const ACTIVE = env('BENCH_SYNC_ACTIVE', 1000);
const ACTIVE_PER_USER = env('BENCH_SYNC_ACTIVE_PER_USER', 2);
// Round trips in flight. On the 2-core reference machine throughput is the same from 25 to
// 100 in flight (CPU-bound); more only queues, so latency is measured at 25.
const CONCURRENCY = env('BENCH_SYNC_CONCURRENCY', 25);
const WARMUP_S = env('BENCH_SYNC_WARMUP_S', 3);
const SECONDS = env('BENCH_SYNC_SECONDS', 15);
const POOL = env('BENCH_SYNC_DB_POOL', 10);
const WS_INFLIGHT = env('BENCH_SYNC_WS_INFLIGHT', 100);
const UPLOADS = env('BENCH_SYNC_UPLOADS', 20);
const UPLOAD_MB = env('BENCH_SYNC_UPLOAD_MB', 50);
const PHOTOS_PER_USER = 200;

const ok = (cond) => (cond ? 'ok' : 'MISSED');
const children = new Set();
let pgCluster = null;
let tmp = null;

// ---- cleanup, whatever happens ----------------------------------------------------------
function cleanupSync() {
  for (const child of children) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  children.clear();
  pgCluster?.stopSync();
  pgCluster = null;
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = null;
}
process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\nbench:sync: ${signal}, cleaning up`);
    cleanupSync();
    process.exit(130);
  });
}

function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Forks a bench/sync child script with IPC; `request` sends a command and awaits a reply. */
function forkChild(script) {
  const child = track(
    fork(path.join(REPO_ROOT, 'bench/sync', script), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const waiting = [];
  child.on('message', (msg) => {
    if (msg.type === 'progress') return;
    const i = waiting.findIndex((w) => w.type === msg.type);
    if (i >= 0) waiting.splice(i, 1)[0].resolve(msg);
  });
  child.once('exit', (code) => {
    for (const w of waiting.splice(0))
      w.reject(new Error(`${script} exited with ${code} before answering`));
  });
  return {
    child,
    request(cmd, type) {
      return new Promise((resolve, reject) => {
        waiting.push({ type, resolve, reject });
        child.send(cmd);
      });
    },
  };
}

/** Starts a server process and waits for its "listening on <url>" line. */
function startProcess(args, extraEnv, name) {
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(process.execPath, args, {
        cwd: REPO_ROOT,
        env: { ...process.env, ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let out = '';
    const onData = (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        resolve({ child, url: m[1].replace(/[.,;]$/, '') });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(`[${name}] ${d}`);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${out}`)));
  });
}

function stopProcess(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs the load generator against url, measuring CPU of the given processes meanwhile. */
async function runLoad(url, devices, cpuProbes) {
  const load = forkChild('load.js');
  const probes = { ...cpuProbes, 'load generator': () => cpuOf(load.child.pid) };
  const before = Object.fromEntries(Object.entries(probes).map(([k, f]) => [k, f()]));
  const machineBefore = machineCpu();
  const t0 = performance.now();
  const result = await load.request(
    {
      cmd: 'run',
      url,
      devices,
      concurrency: CONCURRENCY,
      warmupS: WARMUP_S,
      durationS: SECONDS,
      photosPerUser: PHOTOS_PER_USER,
      seed: 20240601,
    },
    'result',
  );
  const wall = (performance.now() - t0) / 1000;
  const cpu = Object.fromEntries(
    Object.entries(probes).map(([k, f]) => [k, (f() - before[k]) / wall]),
  );
  const ours = Object.values(cpu).reduce((a, b) => a + b, 0);
  const machine = (machineCpu() - machineBefore) / wall;
  // CPU milliseconds per round trip of each bench process (warm-up round trips included, as
  // the CPU is measured over the whole run).
  const trips = result.count + result.warmup;
  const perTrip = Object.fromEntries(
    Object.entries(cpu).map(([k, v]) => [k, (v * wall * 1000) / Math.max(1, trips)]),
  );
  cpu['other processes on the machine'] = Math.max(0, machine - ours);
  return {
    ...result,
    cpu,
    machine,
    perTrip,
    perTripTotal: (ours * wall * 1000) / Math.max(1, trips),
  };
}

const cpuLine = (r) =>
  Object.entries(r.cpu)
    .map(([k, v]) => `${k} ${fmt(v * 100, 0)}%`)
    .join(', ') +
  ` (100% = one core; machine busy ${fmt((r.machine / os.cpus().length) * 100, 0)}%)`;

function latencyLine(r) {
  return (
    `${fmt(r.perSecond, 0)} round trips/s (${r.count.toLocaleString()} in ${fmt(r.seconds, 1)} s), ` +
    `p50 ${fmt(r.p50, 1)} ms, p95 ${fmt(r.p95, 1)} ms, p99 ${fmt(r.p99, 1)} ms, max ${fmt(r.max, 0)} ms` +
    (r.errors.length ? `; errors: ${r.errors.map(([k, n]) => `${n}× ${k}`).join(', ')}` : '')
  );
}

// ---- main --------------------------------------------------------------------------------
const summary = [['measure', 'value', 'target']];
try {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'encore-bench-sync-'));
  let t = performance.now();
  pgCluster = await startPostgres();
  if (!pgCluster) {
    console.log('bench:sync — skipped: no PostgreSQL under /usr/lib/postgresql/*/bin');
    process.exit(0);
  }
  const pgStartS = (performance.now() - t) / 1000;

  const serverEnv = {
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: path.join(tmp, 'server-data'),
    // A server on the database's host talks to it over its Unix socket, as a same-host
    // deployment would (BENCH_SYNC_PG_TCP=1: loopback TCP instead).
    DATABASE_URL: process.env.BENCH_SYNC_PG_TCP ? pgCluster.url : pgCluster.socketUrl,
    DB_POOL_MAX: String(POOL),
    LOG_LEVEL: 'warn',
    // Every device sends its own X-Forwarded-For, so the per-address limit sees 10,000
    // addresses rather than one loopback address; both limits are raised to their maximum
    // so they never shape the load (the bench measures the server, not the limiter).
    TRUST_PROXY: 'true',
    RATE_LIMIT_IP_PER_MIN: '100000',
    RATE_LIMIT_DEVICE_PER_MIN: '100000',
    RATE_LIMIT_AUTH_PER_MIN: '100000',
    BLOB_MAX_MB: '512',
    BLOB_QUOTA_MB: '20480',
  };
  // BENCH_SYNC_PROFILE=DIR writes the server's V8 CPU profile there (open it in DevTools).
  const profile = process.env.BENCH_SYNC_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SYNC_PROFILE}`]
    : [];
  const server = await startProcess(
    [...profile, path.join(REPO_ROOT, 'apps/sync-server/bin/encore-server.js')],
    serverEnv,
    'server',
  );
  const serverPid = server.child.pid;
  const pgPid = pgCluster.postmasterPid();

  t = performance.now();
  const devices = await seedAccounts(pgCluster.url, {
    users: USERS,
    devicesPerUser: DEVICES_PER_USER,
  });
  const seedS = (performance.now() - t) / 1000;
  const cores = os.cpus().length;
  console.log(
    `bench:sync — PostgreSQL ${pgCluster.version} (started in ${fmt(pgStartS, 1)} s, fsync off), ` +
      `server pid ${serverPid} (DB_POOL_MAX=${POOL}, LOG_LEVEL=warn, database over ${process.env.BENCH_SYNC_PG_TCP ? 'loopback TCP' : 'its Unix socket'}), ${cores} cores, Node ${process.version}`,
  );
  console.log(
    `seeded ${USERS.toLocaleString()} users × ${DEVICES_PER_USER} devices straight into PostgreSQL in ${fmt(seedS, 1)} s ` +
      `(the server's own hashToken for token hashes, one shared scrypt password hash; no sign-ins, ` +
      `which would cost ~50 ms of scrypt each)`,
  );
  console.log(
    `processes: server, PostgreSQL, load generator, WebSocket holder — all on this ${cores}-core ` +
      `machine, so they share its CPUs; CPU use per process is printed for each run`,
  );
  await sleep(500);
  const idle = memoryOf(serverPid);
  console.log(`server RSS idle: ${fmt(idle.rssMb, 0)} MB`);

  // ---- phase 1: hold 10,000 WebSocket connections ---------------------------------------
  const wsUrl = `${server.url.replace(/^http/, 'ws')}/v1/events`;
  const holder = forkChild('ws-holder.js');
  resetPeak(serverPid);
  const connectSampler = sampleRss(serverPid, 50);
  const connected = await holder.request(
    { cmd: 'connect', url: wsUrl, devices, inflight: WS_INFLIGHT },
    'connected',
  );
  const connectMem = connectSampler.stop();
  await sleep(2000);
  const held = memoryOf(serverPid);
  const holderStats = await holder.request({ cmd: 'stats' }, 'stats');
  const perConnKb = ((held.rssMb - idle.rssMb) * 1024) / Math.max(1, connected.open);
  const holderMem = memoryOf(holder.child.pid);
  console.log(
    `\nphase 1 — ${connected.open.toLocaleString()}/${CONNECTIONS.toLocaleString()} WebSockets open in ` +
      `${fmt(connected.seconds, 1)} s (${fmt(connected.open / connected.seconds, 0)}/s, ${WS_INFLIGHT} handshakes in flight)` +
      (connected.failed
        ? `, ${connected.failed} failed: ${connected.errors.map(([k, n]) => `${n}× ${k}`).join(', ')}`
        : '') +
      `; ${holderStats.open.toLocaleString()} still open after 2 s, ${holderStats.pokes.toLocaleString()} initial pokes received`,
  );
  console.log(
    `server RSS holding them: ${fmt(held.rssMb, 0)} MB (peak while connecting ${fmt(Math.max(connectMem.peakMb, connectMem.hwmMb), 0)} MB), ` +
      `${fmt(perConnKb, 1)} KB per connection over idle; holder process ${fmt(holderMem?.rssMb ?? NaN, 0)} MB`,
  );
  const peakHeld = Math.max(held.rssMb, connectMem.peakMb, connectMem.hwmMb);
  summary.push([
    `server RSS, ${connected.open.toLocaleString()} WebSockets held`,
    `${fmt(held.rssMb, 0)} MB (peak ${fmt(peakHeld, 0)} MB; ${fmt(perConnKb, 1)} KB/conn)`,
    `< 1024 MB with 10,000: ${ok(peakHeld < 1024 && connected.open >= 10_000)}`,
  ]);

  // ---- phase 2: sync round trips with the sockets held ------------------------------------
  // ACTIVE_PER_USER devices of each of the first ACTIVE/ACTIVE_PER_USER users: each push
  // contends with the user's other active device for the log head and pokes the user's
  // other connected devices; each pull returns the other device's changes.
  const active = devices
    .filter((d) => d.userIndex < ACTIVE / ACTIVE_PER_USER)
    .filter((d, i) => i % DEVICES_PER_USER < ACTIVE_PER_USER)
    .slice(0, ACTIVE);
  const pokesBefore = (await holder.request({ cmd: 'stats' }, 'stats')).pokes;
  const syncSampler = sampleRss(serverPid, 50);
  const sync = await runLoad(`${server.url}/v1/sync`, active, {
    server: () => cpuOf(serverPid),
    postgres: () => cpuOfTree(pgPid),
    'ws holder': () => cpuOf(holder.child.pid),
  });
  const syncMem = syncSampler.stop();
  const afterStats = await holder.request({ cmd: 'stats' }, 'stats');
  console.log(
    `\nphase 2 — ${active.length.toLocaleString()} devices (${ACTIVE_PER_USER} per user), closed loop of ${CONCURRENCY} round trips in flight ` +
      `(each one POST /v1/sync: push 1–5 star/rating changes, pull the other devices' changes), ` +
      `${WARMUP_S} s warm-up + ${SECONDS} s measured, ${afterStats.open.toLocaleString()} WebSockets held`,
  );
  console.log(`sync:   ${latencyLine(sync)}`);
  console.log(
    `        pushed ${sync.pushed.toLocaleString()} changes, pulled ${sync.pulled.toLocaleString()}, ` +
      `${(afterStats.pokes - pokesBefore).toLocaleString()} pokes delivered to held sockets; ` +
      `server RSS peak ${fmt(syncMem.peakMb, 0)} MB`,
  );
  console.log(`        CPU: ${cpuLine(sync)}`);
  console.log(
    `        CPU per round trip: ${Object.entries(sync.perTrip)
      .map(([k, v]) => `${k} ${fmt(v, 2)} ms`)
      .join(', ')} = ${fmt(sync.perTripTotal, 2)} ms, so ${cores} idle cores would carry at most ` +
      `~${fmt((cores * 1000) / sync.perTripTotal, 0)} round trips/s of this whole setup (an estimate, not a measurement)`,
  );
  summary.push([
    'sync round trips/s (PostgreSQL)',
    `${fmt(sync.perSecond, 0)} (${CONCURRENCY} in flight)`,
    `>= 2000: ${ok(sync.perSecond >= 2000 && sync.errors.length === 0)}`,
  ]);
  summary.push([
    'sync round trip latency',
    `p50 ${fmt(sync.p50, 1)} / p95 ${fmt(sync.p95, 1)} / p99 ${fmt(sync.p99, 1)} ms`,
    `p95 < 50 ms: ${ok(sync.p95 < 50)}`,
  ]);

  await holder.request({ cmd: 'close' }, 'closed');
  await sleep(1000);

  // ---- phase 3: server RSS during concurrent large uploads --------------------------------
  const uploader = forkChild('upload.js');
  const probe = await uploader.request(
    { cmd: 'probe', url: server.url, device: devices[0] },
    'probe',
  );
  if (probe.status === 404 && probe.text.includes('No route for')) {
    console.log(`\nphase 3 — skipped: server has no blob route (PUT /v1/blobs/... answers 404)`);
    summary.push([
      'server RSS growth, uploads',
      'skipped: server has no blob route',
      '< 100 MB: -',
    ]);
    uploader.child.kill();
  } else {
    // One uploading device per user (quota is per user).
    const uploadDevices = devices.filter((d, i) => i % DEVICES_PER_USER === 0);
    await sleep(500);
    const before = memoryOf(serverPid);
    resetPeak(serverPid);
    let sampler = null;
    uploader.child.on('message', (m) => {
      if (m.type === 'hashed') sampler = sampleRss(serverPid, 50);
    });
    const up = await uploader.request(
      { cmd: 'run', url: server.url, devices: uploadDevices, count: UPLOADS, megabytes: UPLOAD_MB },
      'result',
    );
    const mem = sampler.stop();
    const peak = Math.max(mem.peakMb, mem.hwmMb);
    const growth = peak - before.rssMb;
    const allOk = (up.statuses[201] ?? 0) + (up.statuses[200] ?? 0) === UPLOADS;
    console.log(
      `\nphase 3 — ${UPLOADS} concurrent ${UPLOAD_MB} MB uploads (PUT /v1/blobs/{photo}/original): ` +
        `${fmt(up.seconds, 1)} s, ${fmt(up.mbPerSecond, 0)} MB/s; statuses ${JSON.stringify(up.statuses)}` +
        (up.firstFailure ? `; first failure: ${up.firstFailure}` : ''),
    );
    console.log(
      `server RSS before ${fmt(before.rssMb, 0)} MB, peak during ${fmt(peak, 0)} MB ` +
        `(sampled every 50 ms, ${mem.samples} samples, and VmHWM): growth ${fmt(growth, 0)} MB`,
    );
    summary.push([
      `server RSS growth, ${UPLOADS} × ${UPLOAD_MB} MB uploads`,
      `${fmt(growth, 0)} MB${allOk ? '' : ` (uploads failed: ${JSON.stringify(up.statuses)})`}`,
      `< 100 MB: ${ok(growth < 100 && allOk)}`,
    ]);
  }

  await stopProcess(server.child);

  // ---- reference: the same load against a no-op Fastify route ----------------------------
  const noop = await startProcess([path.join(REPO_ROOT, 'bench/sync/noop-server.js')], {}, 'noop');
  const ref = await runLoad(`${noop.url}/v1/sync`, active, {
    'no-op server': () => cpuOf(noop.child.pid),
  });
  await stopProcess(noop.child);
  const ratio = sync.perSecond / ref.perSecond;
  console.log(
    `\nreference — the same load (bodies, headers, concurrency) against a no-op Fastify route`,
  );
  console.log(`no-op:  ${latencyLine(ref)}`);
  console.log(`        CPU: ${cpuLine(ref)}`);
  console.log(`sync / no-op throughput: ${fmt(ratio, 2)}x`);
  summary.push([
    'no-op Fastify route, same load',
    `${fmt(ref.perSecond, 0)} /s, p95 ${fmt(ref.p95, 1)} ms (sync = ${fmt(ratio * 100, 0)}% of it)`,
    '-',
  ]);

  console.log('\nsummary');
  printTable(summary);
  const others = sync.cpu['other processes on the machine'];
  if (others > 0.1)
    console.log(
      `note: other processes on this machine used ${fmt(others * 100, 0)}% of a core during the sync run ` +
        `(the bench's own processes ${fmt((sync.machine - others) * 100, 0)}%); the figures are for a shared machine`,
    );
} catch (err) {
  console.error(`bench:sync failed: ${err instanceof Error ? (err.stack ?? err.message) : err}`);
  process.exitCode = 1;
} finally {
  for (const child of children) child.kill('SIGKILL');
  await pgCluster?.stop();
  pgCluster = null;
  cleanupSync();
}
