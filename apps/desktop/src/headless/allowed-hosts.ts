// DNS rebinding: a page on evil.test whose name later resolves to 127.0.0.1 talks to the
// headless server with `Host: evil.test:PORT`. The server answers only the names it is
// reachable under on this machine, so such a page gets nothing, with or without the token.
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

const LOOPBACK_V4 = '127.0.0.1';
const LOOPBACK_V6 = '::1';

/** `host` as it appears in a URL or Host header: IPv6 literals in brackets. */
export function hostForUrl(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/**
 * The Host header values (lower case) the server answers when bound to `bindHost:port`:
 * the bound address itself and the loopback names that reach it (localhost, 127.0.0.1 for
 * an IPv4 bind, [::1] for an IPv6 one; both for localhost). A wildcard bind (0.0.0.0, ::)
 * adds the machine's interface addresses as they are at start. Only IP literals and
 * `localhost` ever pass: a rebinding page's Host is always its own domain name.
 */
export function allowedHosts(
  bindHost: string,
  port: number,
  interfaces: () => ReturnType<typeof networkInterfaces> = networkInterfaces,
): Set<string> {
  const bind = bindHost.toLowerCase();
  const names = new Set<string>([hostForUrl(bind)]);
  const wildcard = bind === '0.0.0.0' || bind === '::';
  const v4 = bind === LOOPBACK_V4 || bind === 'localhost' || wildcard;
  const v6 = bind === LOOPBACK_V6 || bind === 'localhost' || bind === '::';
  if (v4 || v6) names.add('localhost');
  if (v4) names.add(LOOPBACK_V4);
  if (v6) names.add(`[${LOOPBACK_V6}]`);
  if (wildcard) {
    for (const list of Object.values(interfaces())) {
      for (const info of list ?? []) {
        // IPv6 link-local addresses need a zone id, which no Host header carries.
        if (info.family === 'IPv4') names.add(info.address);
        else if (bind === '::' && !info.address.startsWith('fe80:')) {
          names.add(`[${info.address.toLowerCase()}]`);
        }
      }
    }
  }
  const allowed = new Set<string>();
  for (const name of names) {
    allowed.add(`${name}:${port}`);
    // A browser leaves out the scheme's default port.
    if (port === 80) allowed.add(name);
  }
  return allowed;
}

/** Whether a request's Host header names this server (exact match, case-insensitive). */
export function isAllowedHost(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  return header !== undefined && allowed.has(header.toLowerCase());
}
