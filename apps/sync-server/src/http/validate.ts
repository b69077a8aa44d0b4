// Parses a request part with a protocol schema; bad input becomes a 400 naming the field.
import type { z } from 'zod';
import { checkProtocolVersion, formatIssues } from '@encore/core/protocol';
import { AppError } from '../errors.js';

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const version = checkProtocolVersion(body);
  if (!version.ok) throw new AppError(version.code, version.message);
  return parseWith(schema, body);
}

export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const v = (query as { v?: unknown } | undefined)?.v;
  if (v !== undefined && v !== '1') {
    throw new AppError(
      'UNSUPPORTED_PROTOCOL',
      `protocol version ${JSON.stringify(v)} is not supported; this server speaks 1`,
    );
  }
  return parseWith(schema, query ?? {});
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError('BAD_REQUEST', formatIssues(parsed.error.issues));
  return parsed.data;
}

/** Path parameters: a bad one is a 400 naming it (`photo: must be a sha256 …`). */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.output<S> {
  return parseWith(schema, params ?? {});
}
