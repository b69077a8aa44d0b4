// The caller's devices; revoking one signs it out everywhere (its sockets close too).
import type { FastifyInstance, preValidationAsyncHookHandler } from 'fastify';
import type { DevicesResponse } from '@encore/core/protocol';
import { DeviceIdSchema } from '@encore/core/protocol';
import { callerOf } from '../http/auth.js';
import { AppError } from '../errors.js';
import type { AccountService } from '../services/account.service.js';

export function deviceRoutes(
  app: FastifyInstance,
  deps: { accounts: AccountService; auth: preValidationAsyncHookHandler },
): void {
  app.get('/v1/devices', { preValidation: deps.auth }, async (req) => {
    const res: DevicesResponse = { v: 1, devices: await deps.accounts.listDevices(callerOf(req)) };
    return res;
  });

  app.delete('/v1/devices/:id', { preValidation: deps.auth }, async (req, reply) => {
    const caller = callerOf(req);
    const { id } = req.params as { id: string };
    // Not a uuid cannot be anyone's device: the same 404 as another user's device.
    if (!DeviceIdSchema.safeParse(id).success)
      throw new AppError('NOT_FOUND', `No device ${id} on this account`);
    await deps.accounts.revokeDevice(caller, id);
    req.log.info({ userId: caller.userId, deviceId: id }, 'device revoked');
    return reply.status(204).send();
  });
}
