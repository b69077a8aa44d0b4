// What the sign-in form says when signing in or creating an account failed: a human line
// per error code, and the field to point at (marked invalid and focused). Pure, so tested.
import type { WireError } from '@encore/core/contract';

export type SignInField = 'server' | 'email' | 'password';

export interface SignInProblem {
  text: string;
  field: SignInField | null;
}

/** Field named in a USAGE message from the engine ("sync.signIn: email is required"). */
function usageField(message: string): SignInField | null {
  const m = /\b(server|email|password)\b/.exec(message);
  return m ? (m[1] as SignInField) : null;
}

export function signInProblem(err: WireError): SignInProblem {
  switch (err.code) {
    case 'INVALID_CREDENTIALS':
      return { text: 'Wrong email or password.', field: 'password' };
    case 'EMAIL_TAKEN':
      return {
        text: 'An account with this email exists already. Sign in instead.',
        field: 'email',
      };
    case 'OFFLINE':
      return {
        text: 'Cannot reach the server. Check the address and your connection.',
        field: 'server',
      };
    case 'TIMEOUT':
      return { text: 'The server did not answer in time. Try again.', field: 'server' };
    case 'BAD_SERVER_URL':
      return {
        text: 'That is not a server address. Use one like https://sync.example.com.',
        field: 'server',
      };
    case 'RATE_LIMITED':
      return {
        text: 'Too many attempts. Wait a few minutes, then try again.',
        field: null,
      };
    case 'SERVER_ERROR':
    case 'NOT_READY':
      return { text: 'The server has a problem right now. Try again later.', field: null };
    case 'UNSUPPORTED_PROTOCOL':
      return {
        text: 'This server runs a different version of Encore sync. Update Encore or the server.',
        field: 'server',
      };
    case 'BAD_RESPONSE':
    case 'HTTP_404':
    case 'NOT_FOUND':
      return { text: 'That address is not an Encore sync server.', field: 'server' };
    case 'BAD_REQUEST':
      // The server's own words name the field: "password: must be at least 10 characters".
      return { text: `The server refused this: ${err.message}`, field: usageField(err.message) };
    case 'USAGE': {
      const field = usageField(err.message);
      return { text: field ? `Enter your ${FIELD_NAMES[field]}.` : err.message, field };
    }
    default:
      return { text: `${err.message} (${err.code})`, field: null };
  }
}

const FIELD_NAMES: Record<SignInField, string> = {
  server: 'server address',
  email: 'email',
  password: 'password',
};
