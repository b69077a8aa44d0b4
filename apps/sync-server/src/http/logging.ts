// pino options for the server: secrets never reach the log. Authorization and cookie
// headers, password and token fields are censored, and a token in a query string (the
// WebSocket's ?token=) is cut out of logged URLs.
import type { FastifyServerOptions } from 'fastify';
import type { ServerConfig } from '../config.js';

export const REDACTED = '[REDACTED]';

export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|access_token|password)=)[^&#]*/gi, `$1${REDACTED}`);
}

export interface LogSink {
  write(line: string): void;
}

export function loggerOptions(
  level: ServerConfig['logLevel'],
  stream?: LogSink,
): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'headers.cookie',
        'res.headers["set-cookie"]',
        'password',
        'token',
        '*.password',
        '*.token',
        'body.password',
        'body.token',
      ],
      censor: REDACTED,
    },
    serializers: {
      req(req: { method?: string; url?: string; ip?: string }) {
        return {
          method: req.method,
          url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
          remoteAddress: req.ip,
        };
      },
    },
  };
}
