// `npm start`: Electron when its runtime is installed, headless mode otherwise.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadDesktopConfig } from '../config/desktop-config.js';
import type { Env } from '../config/desktop-config.js';
import { runHeadless } from '../headless/run-headless.js';
import { findElectronBinary } from './electron-runtime.js';

const APP_DIR = fileURLToPath(new URL('../../', import.meta.url));

export async function launch(argv: string[], env: Env): Promise<void> {
  let config;
  try {
    config = loadDesktopConfig(argv, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }

  const electron = config.headless ? null : findElectronBinary();
  if (electron) {
    const childEnv = { ...env };
    delete childEnv.ELECTRON_RUN_AS_NODE;
    const child = spawn(electron, [APP_DIR, ...argv], { stdio: 'inherit', env: childEnv });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    return;
  }

  if (!config.headless) console.log('No Electron runtime installed: starting in headless mode.');
  await runHeadless(config);
}
