// The headless server's only credential: a random 256-bit token in the printed URL, then a
// same-site cookie so <img> requests for thumbnails carry it too.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; hashing first makes unequal lengths cost the same. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function cookieName(port: number): string {
  return `encore_token_${port}`;
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export type TokenCheck = 'ok' | 'missing' | 'wrong';

/** Looks for the token in ?token= first, then in the cookie. */
export function checkToken(
  req: IncomingMessage,
  url: URL,
  token: string,
  port: number,
): TokenCheck {
  const given = url.searchParams.get('token') ?? readCookie(req.headers.cookie, cookieName(port));
  if (given === null || given === '') return 'missing';
  return tokensEqual(given, token) ? 'ok' : 'wrong';
}
