// Child process of bench:sync: the HTTP load generator. A closed loop of `concurrency`
// requests in flight over keep-alive connections; each request is one sync round trip of one
// device (POST /v1/sync: push 1–5 photo star/rating changes with fresh HLCs, pull the other
// devices' changes after the device's cursor). A device never has two requests in flight:
// idle devices wait in a FIFO, so all of them take turns. The same bodies go to the no-op
// reference server. Warm-up requests are not recorded.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A device's hybrid logical clock (the protocol's HLC format: ISO instant-4 hex-node). */
function clock(node) {
  let wall = 0;
  let counter = 0;
  return () => {
    const now = Date.now();
    if (now > wall) {
      wall = now;
      counter = 0;
    } else if (counter >= 0xffff) {
      wall += 1;
      counter = 0;
    } else counter++;
    return `${new Date(wall).toISOString()}-${counter.toString(16).padStart(4, '0')}-${node}`;
  };
}

// Small deterministic PRNG so runs push comparable batches.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function run({ url, devices, concurrency, warmupS, durationS, photosPerUser, seed }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const rand = mulberry32(seed);
  const photos = new Map();
  const photoOf = (userIndex) => {
    let list = photos.get(userIndex);
    if (!list) {
      list = Array.from({ length: photosPerUser }, (_, k) =>
        createHash('sha256').update(`bench user ${userIndex} photo ${k}`).digest('hex'),
      );
      photos.set(userIndex, list);
    }
    return list[Math.floor(rand() * list.length)];
  };
  const state = devices.map((d) => ({
    ...d,
    cursor: 0,
    tick: clock(d.deviceId.replace(/-/g, '')),
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${d.token}`,
      'x-forwarded-for': d.ip,
    },
  }));

  const bodyFor = (s) => {
    const n = 1 + Math.floor(rand() * 5);
    const messages = [];
    for (let i = 0; i < n; i++) {
      const star = rand() < 0.5;
      messages.push({
        table: 'photos',
        row: photoOf(s.userIndex),
        column: star ? 'starred' : 'rating',
        value: star ? rand() < 0.7 : Math.floor(rand() * 6),
        hlc: s.tick(),
        device: s.deviceId,
      });
    }
    return { body: JSON.stringify({ v: 1, since: s.cursor, messages }), pushed: n };
  };

  const post = (s, body) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { ...s.headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  // FIFO of idle devices.
  const idle = state.slice();
  let head = 0;
  const take = () => idle[head++ % idle.length];
  let tail = idle.length;
  const give = (s) => {
    idle[tail++ % idle.length] = s;
  };

  const latencies = [];
  const errors = new Map();
  let pushed = 0;
  let pulled = 0;
  let warmupDone = 0;
  const t0 = performance.now();
  const measureFrom = t0 + warmupS * 1000;
  const deadline = measureFrom + durationS * 1000;
  let lastEnd = measureFrom;
  const cpu0 = process.cpuUsage();
  let cpuMeasureFrom = null;

  const worker = async () => {
    for (;;) {
      const start = performance.now();
      if (start >= deadline) return;
      if (start >= measureFrom && cpuMeasureFrom === null) cpuMeasureFrom = process.cpuUsage();
      const s = take();
      const { body, pushed: n } = bodyFor(s);
      let res;
      try {
        res = await post(s, body);
      } catch (err) {
        res = { status: 0, text: JSON.stringify({ code: err.code ?? err.message }) };
      }
      const end = performance.now();
      const record = start >= measureFrom;
      if (res.status === 200) {
        const out = JSON.parse(res.text);
        if (typeof out.cursor === 'number') s.cursor = out.cursor;
        if (record) {
          latencies.push(end - start);
          pushed += n;
          pulled += out.messages?.length ?? 0;
        } else warmupDone++;
      } else {
        let code = '';
        try {
          code = JSON.parse(res.text).code ?? '';
        } catch {
          code = res.text.slice(0, 80);
        }
        const key = `${res.status} ${code}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
        // Lost our place in the log: start over from the beginning.
        if (code === 'RESYNC_REQUIRED') s.cursor = 0;
      }
      if (record && end > lastEnd) lastEnd = end;
      give(s);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuMeasureFrom ?? cpu0);
  agent.destroy();
  const seconds = (lastEnd - measureFrom) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    type: 'result',
    count: latencies.length,
    warmup: warmupDone,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    mean: latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1),
    pushed,
    pulled,
    errors: [...errors],
    cpuS: (cpu.user + cpu.system) / 1e6,
  };
}

process.on('message', async (msg) => {
  if (msg.cmd === 'run') process.send(await run(msg), () => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
