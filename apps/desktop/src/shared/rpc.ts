// The request/reply/event messages every engine transport speaks (WebSocket bridge, the
// Electron engine host link), and the one dispatcher that checks them against the contract.
import {
  handlerSchemas,
  type EngineClient,
  type EventName,
  type HandlerName,
  type WireError,
} from '@encore/core/contract';
import { EVENT_NAMES, isHandlerName } from './contract-names.js';
import { toWireError } from './wire-error.js';

export type RpcId = string | number;

export interface RpcRequest {
  id: RpcId;
  name: HandlerName;
  /** The handler's parameters: [] or [query]. */
  args: unknown[];
}

export type RpcReply =
  { id: RpcId | null; result?: unknown } | { id: RpcId | null; error: WireError };

export interface RpcEvent {
  event: EventName;
  payload: unknown;
}

export type ParsedRequest = { ok: true; request: RpcRequest } | { ok: false; reply: RpcReply };

const bad = (id: RpcId | null, message: string): ParsedRequest => ({
  ok: false,
  reply: { id, error: { code: 'BAD_REQUEST', message } },
});

/** Validates one incoming message (text or an already-decoded value). */
export function parseRequest(message: unknown): ParsedRequest {
  let value: unknown = message;
  if (typeof message === 'string') {
    try {
      value = JSON.parse(message);
    } catch {
      return bad(null, 'Request is not valid JSON');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return bad(null, 'Request must be an object {id, name, args}');
  }
  const { id, name, args } = value as Record<string, unknown>;
  if (typeof id !== 'string' && (typeof id !== 'number' || !Number.isFinite(id))) {
    return bad(null, 'Request id must be a string or a number');
  }
  if (typeof name !== 'string') return bad(id, 'Request name must be a string');
  if (!isHandlerName(name)) {
    return {
      ok: false,
      reply: { id, error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${name}` } },
    };
  }
  if (args !== undefined && (!Array.isArray(args) || args.length > 1)) {
    return bad(id, `Arguments of ${name} must be an array of at most one value`);
  }
  // The handler's own schema, as the engine's door checks it: bad params never cross.
  const checked = handlerSchemas[name].safeParse((args as unknown[] | undefined)?.[0]);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue?.path.map(String).join('.') || undefined;
    return {
      ok: false,
      reply: {
        id,
        error: {
          code: 'USAGE',
          message: `${name}: ${field ? `${field} ` : ''}${issue?.message ?? 'invalid input'}`,
          ...(field ? { field } : {}),
        },
      },
    };
  }
  return { ok: true, request: { id, name, args: args ?? [] } };
}

type LooseCall = (name: HandlerName, ...args: unknown[]) => Promise<unknown>;

/** Runs a validated request; engine errors become {code, message} replies. */
export async function dispatchRequest(
  engine: EngineClient,
  request: RpcRequest,
): Promise<RpcReply> {
  try {
    const call = engine.call.bind(engine) as unknown as LooseCall;
    const result = await call(request.name, ...request.args);
    return { id: request.id, result };
  } catch (err) {
    return { id: request.id, error: toWireError(err) };
  }
}

/** Parses and runs one message: the whole server side of a transport in one call. */
export async function handleMessage(engine: EngineClient, message: unknown): Promise<RpcReply> {
  const parsed = parseRequest(message);
  return parsed.ok ? dispatchRequest(engine, parsed.request) : parsed.reply;
}

/** Forwards every contract event to `send`; returns the unsubscribe. */
export function forwardEvents(engine: EngineClient, send: (event: RpcEvent) => void): () => void {
  const offs = EVENT_NAMES.map((event) => engine.on(event, (payload) => send({ event, payload })));
  return () => offs.forEach((off) => off());
}
