// /v1/blobs: PUT streams a blob in, HEAD says whether the caller has it, GET streams it out
// (ETag, immutable caching, one byte range), DELETE drops the caller's record, and
// GET /v1/blobs is the caller's usage. An encapsulated plugin: its pass-through body parser
// leaves the body unread for the service to stream, while JSON routes keep their limit.
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  preValidationAsyncHookHandler,
} from 'fastify';
import {
  BLOB_CONTENT_TYPE,
  BlobParamsSchema,
  CONTENT_SHA256_HEADER,
  Sha256Schema,
} from '@encore/core/protocol';
import type { BlobPutResponse, BlobVariant } from '@encore/core/protocol';
import { etagMatches, parseRange } from '../blobs/http-range.js';
import { AppError } from '../errors.js';
import { callerOf } from '../http/auth.js';
import { parseParams } from '../http/validate.js';
import type { BlobRow } from '../repositories/blob.repository.js';
import type { BlobService } from '../services/blob.service.js';

const BLOB_URL = '/v1/blobs/:photo/:variant';
const CACHE_CONTROL = 'private, max-age=31536000, immutable';
/** Refusals sent before the body is read end the connection instead of reading it. */
const CLOSE = { connection: 'close' };
/** The body reaches the handler unread: no whole-body deadline (BlobService cuts idle ones). */
const STREAMED = { streamsBody: true };

export interface BlobRouteDeps {
  blobs: BlobService;
  auth: preValidationAsyncHookHandler;
}

export async function blobRoutes(app: FastifyInstance, deps: BlobRouteDeps): Promise<void> {
  // Bodies of any type reach the handler unread (this plugin only).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null));

  const params = (req: FastifyRequest): { photo: string; variant: BlobVariant } =>
    parseParams(BlobParamsSchema, req.params);

  app.put(BLOB_URL, { preValidation: deps.auth, config: STREAMED }, async (req, reply) => {
    const caller = callerOf(req);
    const { photo, variant } = params(req);
    const contentType = uploadContentType(req.headers['content-type']);
    const sha256 = declaredSha256(req.headers[CONTENT_SHA256_HEADER]);
    if (variant === 'original' && sha256 !== photo) {
      throw new AppError(
        'BAD_REQUEST',
        `${CONTENT_SHA256_HEADER}: an original's bytes must hash to its photo id ${photo}`,
        CLOSE,
      );
    }
    const length = req.headers['content-length'];
    const result = await deps.blobs.put(caller, {
      photo,
      variant,
      sha256,
      contentType,
      contentLength: length === undefined ? null : Number(length),
      body: req.raw,
    });
    if (result.created) {
      req.log.info(
        { userId: caller.userId, photo, variant, size: result.blob.size },
        'blob stored',
      );
    }
    const res: BlobPutResponse = { v: 1, ...result };
    return reply.status(result.created ? 201 : 200).send(res);
  });

  app.head(BLOB_URL, { preValidation: deps.auth, config: STREAMED }, async (req, reply) => {
    const { photo, variant } = params(req);
    const blob = await deps.blobs.find(callerOf(req), photo, variant);
    return describe(reply, blob).header('content-length', String(blob.size)).send();
  });

  app.get(
    BLOB_URL,
    { preValidation: deps.auth, exposeHeadRoute: false, config: STREAMED },
    async (req, reply) => {
      const { photo, variant } = params(req);
      const blob = await deps.blobs.find(callerOf(req), photo, variant);
      if (etagMatches(req.headers['if-none-match'], etagOf(blob))) {
        return describe(reply, blob).status(304).send();
      }
      const range = parseRange(req.headers.range, blob.size);
      if (range === 'unsatisfiable') {
        throw new AppError(
          'RANGE_NOT_SATISFIABLE',
          `range: ${req.headers.range} is outside the blob's ${blob.size} bytes`,
          { 'content-range': `bytes */${blob.size}` },
        );
      }
      const stream = await deps.blobs.open(blob, range);
      describe(reply, blob);
      if (!range) return reply.header('content-length', String(blob.size)).send(stream);
      return reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${blob.size}`)
        .header('content-length', String(range.end - range.start + 1))
        .send(stream);
    },
  );

  app.delete(BLOB_URL, { preValidation: deps.auth, config: STREAMED }, async (req, reply) => {
    const { photo, variant } = params(req);
    await deps.blobs.remove(callerOf(req), photo, variant);
    return reply.status(204).send();
  });

  app.get('/v1/blobs', { preValidation: deps.auth, config: STREAMED }, async (req) =>
    deps.blobs.usage(callerOf(req)),
  );
}

function etagOf(blob: BlobRow): string {
  return `"${blob.sha256}"`;
}

/** The headers every answer about an existing blob carries. */
function describe(reply: FastifyReply, blob: BlobRow): FastifyReply {
  return reply
    .header('etag', etagOf(blob))
    .header('cache-control', CACHE_CONTROL)
    .header('content-type', blob.contentType)
    .header(CONTENT_SHA256_HEADER, blob.sha256)
    .header('accept-ranges', 'bytes');
}

function uploadContentType(header: string | undefined): string {
  if (header === undefined) return 'application/octet-stream';
  const type = (header.split(';')[0] ?? '').trim().toLowerCase();
  if (!BLOB_CONTENT_TYPE.test(type)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `content-type: ${JSON.stringify(type)} is not a blob type; send image/*, video/* or application/octet-stream`,
      CLOSE,
    );
  }
  return type;
}

function declaredSha256(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || header.trim() === '') {
    throw new AppError(
      'BAD_REQUEST',
      `${CONTENT_SHA256_HEADER}: required, the hex sha256 of the body`,
      CLOSE,
    );
  }
  const sha256 = header.trim().toLowerCase();
  if (!Sha256Schema.safeParse(sha256).success) {
    throw new AppError(
      'BAD_REQUEST',
      `${CONTENT_SHA256_HEADER}: must be a sha256 (64 lowercase hex)`,
      CLOSE,
    );
  }
  return sha256;
}
