// Routing is a hash so the same bundle works from file://, a custom protocol and http.
import { useEffect, useState } from 'react';

export const ROUTES = ['library', 'concerts', 'sources', 'activity'] as const;
export type Route = (typeof ROUTES)[number];

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'library';
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
