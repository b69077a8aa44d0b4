// Runtime lists of the contract's handler and event names: the allow-list every transport
// checks before touching the engine. The type tests below fail to compile if the contract
// gains a name these lists miss.
import type { EventName, HandlerName } from '@encore/core/contract';

export const HANDLER_NAMES = [
  'library.status',
  'library.page',
  'library.count',
  'photo.get',
  'sources.list',
  'sources.add',
  'sources.remove',
  'errors.list',
  'photo.setStarred',
  'photo.setRating',
  'photo.setCaption',
  'library.remoteStarred',
  'sync.status',
  'sync.now',
  'sync.signIn',
  'sync.signOut',
  // concerts (Concerts page)
  'events.list',
  'events.assign',
  'events.unassign',
  'events.notConcert',
  'events.clearDecision',
  'concerts.list',
] as const satisfies readonly HandlerName[];

export const EVENT_NAMES = [
  'ingest.progress',
  'library.changed',
  'sync.changed',
  'events.changed',
] as const satisfies readonly EventName[];

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
const _handlersComplete: Exhaustive<HandlerName, (typeof HANDLER_NAMES)[number]> = true;
const _eventsComplete: Exhaustive<EventName, (typeof EVENT_NAMES)[number]> = true;
void _handlersComplete;
void _eventsComplete;

const handlerSet: ReadonlySet<string> = new Set(HANDLER_NAMES);
const eventSet: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isHandlerName(name: unknown): name is HandlerName {
  return typeof name === 'string' && handlerSet.has(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}
