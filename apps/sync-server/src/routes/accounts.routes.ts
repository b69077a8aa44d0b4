// Sign-up and sign-in (which registers a device and hands out its token).
import type { FastifyInstance } from 'fastify';
import { SignInRequestSchema, SignUpRequestSchema } from '@encore/core/protocol';
import type { SignUpResponse } from '@encore/core/protocol';
import { parseBody } from '../http/validate.js';
import type { AccountService } from '../services/account.service.js';

export function accountRoutes(app: FastifyInstance, deps: { accounts: AccountService }): void {
  app.post('/v1/accounts', async (req, reply) => {
    const body = parseBody(SignUpRequestSchema, req.body);
    const user = await deps.accounts.signUp(body.email, body.password);
    const res: SignUpResponse = { v: 1, user };
    return reply.status(201).send(res);
  });

  app.post('/v1/sessions', async (req, reply) => {
    const body = parseBody(SignInRequestSchema, req.body);
    const res = await deps.accounts.signIn(body.email, body.password, body.deviceName, req.ip);
    req.log.info({ userId: res.user.id, deviceId: res.device.id }, 'device signed in');
    return reply.status(201).send(res);
  });
}
