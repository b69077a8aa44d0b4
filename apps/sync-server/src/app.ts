// Builds the Fastify app. Routes stay thin; services and repositories arrive with sync.
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.js';
import { errorHandler, notFoundHandler } from './http-errors.js';

export function buildApp(config: Pick<ServerConfig, 'logLevel'>): FastifyInstance {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: 1024 * 1024,
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  app.get('/health', async () => ({ status: 'ok' as const }));

  return app;
}
