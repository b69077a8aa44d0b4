// GET /v1/events: a WebSocket that receives {type:'poke', seq} when the user's log grows.
// The token comes in the Authorization header or, for browsers, as ?token=.
import type { FastifyInstance, preValidationAsyncHookHandler } from 'fastify';
import { callerOf } from '../http/auth.js';
import type { EventHub } from '../services/event-hub.js';
import type { SyncLogRepository } from '../repositories/sync-log.repository.js';

export function eventRoutes(
  app: FastifyInstance,
  deps: { hub: EventHub; log: SyncLogRepository; auth: preValidationAsyncHookHandler },
): void {
  app.get('/v1/events', { websocket: true, preValidation: deps.auth }, (socket, req) => {
    const caller = callerOf(req);
    const conn = deps.hub.add(caller.userId, caller.deviceId, socket);
    socket.on('pong', conn.pong);
    socket.on('close', conn.remove);
    socket.on('error', (err) => req.log.debug({ err }, 'event socket error'));
    // Tell the device where the log is now, so it syncs at once when behind.
    deps.log.head(caller.userId).then(
      (head) => socket.send(JSON.stringify({ type: 'poke', seq: head.lastSeq })),
      (err: unknown) => req.log.warn({ err }, 'could not read the log head'),
    );
  });
}
