// Bearer-token authentication for routes, and the per-device rate limit that follows it.
import type { FastifyRequest } from 'fastify';
import { AppError, rateLimited } from '../errors.js';
import type { AccountService, Caller } from '../services/account.service.js';
import type { RateLimiter } from './rate-limiter.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

export function bearerToken(req: FastifyRequest, allowQuery: boolean): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new AppError('UNAUTHORIZED', 'Authorization: expected "Bearer <device token>"');
    return m[1];
  }
  if (allowQuery) {
    const token = (req.query as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string') return token;
  }
  return undefined;
}

export function authHook(
  accounts: AccountService,
  deviceLimiter: RateLimiter,
  onLimited: () => void,
  allowQuery = false,
) {
  return async (req: FastifyRequest): Promise<void> => {
    const caller = await accounts.authenticate(bearerToken(req, allowQuery));
    const wait = deviceLimiter.take(caller.deviceId, Date.now());
    if (wait > 0) {
      onLimited();
      throw rateLimited('Too many requests from this device', wait);
    }
    req.caller = caller;
  };
}

export function callerOf(req: FastifyRequest): Caller {
  if (!req.caller) throw new AppError('UNAUTHORIZED', 'Sign in first');
  return req.caller;
}
