// Electron IPC channel names. Every channel starts with `encore:` and names one contract
// handler or event; the preload and main both refuse anything else (VS Code's validateIPC).
import type { EventName, HandlerName } from '@encore/core/contract';
import { isEventName, isHandlerName } from './contract-names.js';

export const CHANNEL_PREFIX = 'encore:';

export type HandlerChannel = `encore:call:${HandlerName}`;
export type EventChannel = `encore:event:${EventName}`;

export function handlerChannel(name: HandlerName): HandlerChannel {
  return `encore:call:${name}`;
}

export function eventChannel(name: EventName): EventChannel {
  return `encore:event:${name}`;
}

/** True only for `encore:call:<handler>` and `encore:event:<event>` of the contract. */
export function isAllowedChannel(channel: unknown): channel is HandlerChannel | EventChannel {
  if (typeof channel !== 'string' || !channel.startsWith(CHANNEL_PREFIX)) return false;
  const rest = channel.slice(CHANNEL_PREFIX.length);
  if (rest.startsWith('call:')) return isHandlerName(rest.slice('call:'.length));
  if (rest.startsWith('event:')) return isEventName(rest.slice('event:'.length));
  return false;
}

export function validateChannel(channel: unknown): HandlerChannel | EventChannel {
  if (!isAllowedChannel(channel)) {
    throw new Error(`Unsupported IPC channel: ${String(channel)}`);
  }
  return channel;
}
