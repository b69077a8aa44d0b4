// Runtime lists of the contract's handler and event names: the allow-list every transport
// checks before touching the engine. The handler list is the contract's schema map; the
// type test below fails to compile if the contract gains an event this list misses.
import { handlerSchemas, type EventName, type HandlerName } from '@encore/core/contract';

/** Every handler the contract declares (its schema map is the list). */
export const HANDLER_NAMES = Object.keys(handlerSchemas) as HandlerName[];

export const EVENT_NAMES = [
  'ingest.progress',
  'library.changed',
  'sync.changed',
  'events.changed',
] as const satisfies readonly EventName[];

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
const _eventsComplete: Exhaustive<EventName, (typeof EVENT_NAMES)[number]> = true;
void _eventsComplete;

const handlerSet: ReadonlySet<string> = new Set(HANDLER_NAMES);
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isHandlerName(name: unknown): name is HandlerName {
  return typeof name === 'string' && handlerSet.has(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}
