// Starts the server from the environment and stops it gracefully on SIGINT/SIGTERM.
import { mkdir } from 'node:fs/promises';
import { buildApp } from './app.js';
import { loadServerConfig } from './config.js';

export async function main(env: Record<string, string | undefined>): Promise<void> {
  const config = loadServerConfig(env);
  await mkdir(config.dataDir, { recursive: true });
  const app = buildApp(config);
  const address = await app.listen({ host: config.host, port: config.port });
  console.log(`Encore sync server listening on ${address}`);

  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (closing) process.exit(130);
    closing = true;
    app.log.info(`${signal}: shutting down`);
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
