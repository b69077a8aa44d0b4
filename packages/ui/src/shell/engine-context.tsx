// The one way pages reach the engine: an injected EngineClient, whatever the transport.
import { createContext, useContext, useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import type { EngineClient, EventName, Events } from '@encore/core/contract';

const EngineContext = createContext<EngineClient | null>(null);

export function EngineProvider(props: { client: EngineClient; children: ReactNode }) {
  return <EngineContext.Provider value={props.client}>{props.children}</EngineContext.Provider>;
}

export function useEngine(): EngineClient {
  const client = useContext(EngineContext);
  if (!client) throw new Error('useEngine() needs an <EngineProvider client={...}> above it');
  return client;
}

/** Subscribes to one engine event for the lifetime of the component. */
export function useEngineEvent<E extends EventName>(
  event: E,
  listener: (payload: Events[E]) => void,
): void {
  const client = useEngine();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => client.on(event, (payload) => latest.current(payload)), [client, event]);
}
