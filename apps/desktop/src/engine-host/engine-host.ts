// Entry of the Electron utilityProcess that runs the Engine, so ingest never blocks the
// window. Config comes from the arguments main passes (same flags as the CLI).
import { loadDesktopConfig } from '../config/desktop-config.js';
import { openHostEngine } from '../engine/host-engine.js';
import type { PortLike } from '../shared/host-link.js';
import { serveEngine } from './serve-engine.js';

function parentPortLink(): PortLike {
  const parent = process.parentPort;
  return {
    postMessage: (message) => parent.postMessage(message),
    onMessage(listener) {
      const handler = (event: Electron.MessageEvent) => listener(event.data);
      parent.on('message', handler);
      return () => parent.off('message', handler);
    },
  };
}

async function main(): Promise<void> {
  const config = loadDesktopConfig(process.argv.slice(2), process.env);
  const engine = await openHostEngine(config);
  const port = parentPortLink();
  const stop = serveEngine(engine, port, () => {
    stop();
    engine.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  port.postMessage({ ready: true });
}

main().catch((err: unknown) => {
  console.error('Engine host failed to start:', err);
  process.exit(1);
});
