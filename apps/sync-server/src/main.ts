// Starts the server from the environment (and the command line's --host, --port,
// --data-dir) and stops it gracefully on SIGINT/SIGTERM.
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { AppOptions } from './app.js';
import { loadServerConfig } from './config.js';
import type { ServerConfig } from './config.js';
import { openDatabase } from './db/open-database.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Opens the configured database and builds the app on it. */
export async function createServer(
  config: ServerConfig,
  options: Omit<AppOptions, 'config' | 'db'> = {},
): Promise<FastifyInstance> {
  await mkdir(config.dataDir, { recursive: true });
  const db = await openDatabase(config);
  try {
    return await buildApp({ ...options, config, db });
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

/** Command-line flags override the environment (HOST, PORT, DATA_DIR). */
export function envWithArgs(
  env: Record<string, string | undefined>,
  argv: string[],
): Record<string, string | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  return {
    ...env,
    ...(values.host !== undefined ? { HOST: values.host } : {}),
    ...(values.port !== undefined ? { PORT: values.port } : {}),
    ...(values['data-dir'] !== undefined ? { DATA_DIR: values['data-dir'] } : {}),
  };
}

export async function main(
  env: Record<string, string | undefined>,
  argv: string[] = [],
): Promise<void> {
  const config = loadServerConfig(envWithArgs(env, argv));
  const app = await createServer(config);
  const address = await app.listen({ host: config.host, port: config.port });
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`;
  console.log(`Encore sync server listening on ${address} (${where})`);

  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (closing) process.exit(130);
    closing = true;
    app.log.info(`${signal}: shutting down`);
    setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
