// `npm start` without an Electron runtime: open the engine, serve it, print the URL, and
// shut both down cleanly on SIGINT/SIGTERM.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DesktopConfig } from '../config/desktop-config.js';
import { openHostEngine } from '../engine/host-engine.js';
import type { HostEngine } from '../engine/host-engine.js';
import { startHeadless } from './headless-server.js';
import type { HeadlessServer } from './headless-server.js';

/** dist/renderer, built by `npm run build` (vite). */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));

export interface RunHeadlessOptions {
  rendererDir?: string;
  openEngine?: (config: DesktopConfig) => Promise<HostEngine>;
  log?: (line: string) => void;
}

export async function runHeadless(
  config: DesktopConfig,
  opts: RunHeadlessOptions = {},
): Promise<{ server: HeadlessServer; stop: () => Promise<void> }> {
  const rendererDir = opts.rendererDir ?? DEFAULT_RENDERER_DIR;
  const log = opts.log ?? ((line: string) => console.log(line));
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(
      `The renderer is not built (no ${rendererDir}index.html); run \`npm run build\``,
    );
  }
  const engine = await (opts.openEngine ?? openHostEngine)(config);
  let server: HeadlessServer;
  try {
    server = await startHeadless({ engine, rendererDir, host: config.host, port: config.port });
  } catch (err) {
    await engine.close();
    throw err;
  }

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await server.close();
      await engine.close();
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      process.exit(130);
    }
    log(`${signal}: shutting down`);
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  log(`Encore is running headless. Open this URL in a browser:\n\n  ${server.url}\n`);
  log('Press Ctrl+C to stop.');
  return { server, stop };
}
