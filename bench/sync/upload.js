// Child process of bench:sync: concurrent large blob uploads, PUT /v1/blobs/{photo}/original.
// Each body is a deterministic pseudo-random stream (AES-CTR keystream of upload i), read
// twice: once to hash it (the photo id of an original is the sha256 of its bytes), once to
// send it in 256 KiB chunks, so no body is ever held in memory.
import { createCipheriv, createHash } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const CHUNK = 256 * 1024;
const ZEROS = Buffer.alloc(CHUNK);

function* body(index, bytes) {
  const key = createHash('sha256').update(`bench upload ${index}`).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  for (let left = bytes; left > 0; left -= CHUNK) {
    const n = Math.min(CHUNK, left);
    yield cipher.update(n === CHUNK ? ZEROS : ZEROS.subarray(0, n));
  }
}

function hashOf(index, bytes) {
  const h = createHash('sha256');
  for (const chunk of body(index, bytes)) h.update(chunk);
  return h.digest('hex');
}

function put(url, { token, ip }, photo, index, bytes) {
  return new Promise((resolve) => {
    const target = new URL(`/v1/blobs/${photo}/original`, url);
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'PUT',
        headers: {
          authorization: `Bearer ${token}`,
          'x-forwarded-for': ip,
          'content-type': 'image/jpeg',
          'content-length': bytes,
          'x-content-sha256': photo,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', (err) => resolve({ status: 0, text: err.message }));
    const chunks = body(index, bytes);
    const pump = () => {
      for (;;) {
        const { value, done } = chunks.next();
        if (done) return void req.end();
        if (!req.write(value)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}

async function run({ url, devices, count, megabytes }) {
  const bytes = megabytes * 1024 * 1024;
  const t0 = performance.now();
  const photos = Array.from({ length: count }, (_, i) => hashOf(i, bytes));
  const hashSeconds = (performance.now() - t0) / 1000;
  process.send({ type: 'hashed', seconds: hashSeconds });
  const t1 = performance.now();
  const results = await Promise.all(
    photos.map((photo, i) => put(url, devices[i % devices.length], photo, i, bytes)),
  );
  const seconds = (performance.now() - t1) / 1000;
  const statuses = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const failures = results.filter((r) => r.status !== 201 && r.status !== 200);
  return {
    type: 'result',
    seconds,
    statuses,
    firstFailure: failures[0] ? `${failures[0].status} ${failures[0].text.slice(0, 200)}` : null,
    mbPerSecond: (count * megabytes) / seconds,
  };
}

/** Does the server have the blob route? A tiny PUT whose hash cannot match (nothing stored). */
function probe({ url, device }) {
  return new Promise((resolve) => {
    const photo = createHash('sha256').update('bench probe photo').digest('hex');
    const target = new URL(`/v1/blobs/${photo}/original`, url);
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'PUT',
        headers: {
          authorization: `Bearer ${device.token}`,
          'x-forwarded-for': device.ip,
          'content-type': 'image/jpeg',
          'x-content-sha256': createHash('sha256').update('x').digest('hex'),
          'content-length': 1,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            type: 'probe',
            status: res.statusCode,
            text: Buffer.concat(chunks).toString('utf8').slice(0, 300),
          }),
        );
      },
    );
    req.on('error', (err) => resolve({ type: 'probe', status: 0, text: err.message }));
    req.end('x');
  });
}

process.on('message', async (msg) => {
  if (msg.cmd === 'probe') process.send(await probe(msg));
  if (msg.cmd === 'run') process.send(await run(msg), () => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
