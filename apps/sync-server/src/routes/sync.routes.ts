// POST /v1/sync (push and pull in one round trip) and GET /v1/state (bootstrap).
import type { FastifyInstance, preValidationAsyncHookHandler } from 'fastify';
import { StateQuerySchema, SyncRequestSchema } from '@encore/core/protocol';
import { callerOf } from '../http/auth.js';
import { parseBody, parseQuery } from '../http/validate.js';
import type { SyncService } from '../services/sync.service.js';

export function syncRoutes(
  app: FastifyInstance,
  deps: { sync: SyncService; auth: preValidationAsyncHookHandler },
): void {
  app.post('/v1/sync', { preValidation: deps.auth }, async (req) => {
    const body = parseBody(SyncRequestSchema, req.body);
    return deps.sync.sync(callerOf(req), body);
  });

  app.get('/v1/state', { preValidation: deps.auth }, async (req) => {
    const query = parseQuery(StateQuerySchema, req.query);
    return deps.sync.snapshot(callerOf(req), query.cursor, query.limit);
  });
}
