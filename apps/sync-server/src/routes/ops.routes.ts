// /health (the process answers), /ready (database reachable, migrations applied), /metrics.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import { migrationsDone } from '../db/migrations/index.js';
import type { ServerMetrics } from '../http/metrics.js';

export function opsRoutes(
  app: FastifyInstance,
  deps: { db: Database; metrics: ServerMetrics },
): void {
  app.get('/health', async () => ({ status: 'ok' as const }));

  app.get('/ready', async (req, reply) => {
    let problem: string | null = null;
    try {
      if (!(await migrationsDone(deps.db))) problem = 'database migrations are not applied';
    } catch (err) {
      req.log.warn({ err }, 'readiness check failed');
      problem = 'database unreachable';
    }
    if (problem) return reply.status(503).send({ code: 'NOT_READY', message: problem });
    return { status: 'ready' as const, database: deps.db.kind };
  });

  app.get('/metrics', async (_req, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(deps.metrics.render()),
  );
}
