// Child process of bench:sync: opens one GET /v1/events WebSocket per device (a bounded
// number of handshakes in flight), holds them, and counts the pokes that arrive.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const sockets = [];
let pokes = 0;
let closedEarly = 0;

function open(url, device) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      headers: { authorization: `Bearer ${device.token}`, 'x-forwarded-for': device.ip },
      perMessageDeflate: false,
      handshakeTimeout: 60_000,
    });
    let opened = false;
    ws.on('message', () => {
      pokes++;
    });
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
    ws.on('error', (err) => {
      if (!opened) reject(err);
    });
    ws.on('close', () => {
      if (opened && !stopping) closedEarly++;
    });
    ws.once('open', () => {
      opened = true;
      resolve(ws);
    });
  });
}

let stopping = false;

async function connectAll({ url, devices, inflight }) {
  const t0 = performance.now();
  let next = 0;
  let failed = 0;
  const errors = new Map();
  const worker = async () => {
    while (next < devices.length) {
      const d = devices[next++];
      try {
        sockets.push(await open(url, d));
      } catch (err) {
        failed++;
        const key = err.message;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
      if ((sockets.length + failed) % 1000 === 0)
        process.send({ type: 'progress', open: sockets.length, failed });
    }
  };
  await Promise.all(Array.from({ length: inflight }, worker));
  return {
    type: 'connected',
    open: sockets.length,
    failed,
    errors: [...errors].slice(0, 5),
    seconds: (performance.now() - t0) / 1000,
  };
}

process.on('message', async (msg) => {
  if (msg.cmd === 'connect') {
    process.send(await connectAll(msg));
  } else if (msg.cmd === 'stats') {
    const open = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
    process.send({ type: 'stats', pokes, open, closedEarly });
  } else if (msg.cmd === 'close') {
    stopping = true;
    for (const s of sockets) s.terminate();
    process.send({ type: 'closed' }, () => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
