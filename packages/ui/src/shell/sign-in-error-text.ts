// What the sign-in form says when signing in or creating an account failed: a human line
// per error code, and the field to point at (marked invalid and focused). Pure, so tested.
import type { WireError } from '@encore/core/contract';
import { errorText } from './error-text.js';

export type SignInField = 'server' | 'email' | 'password';

export interface SignInProblem {
  text: string;
  field: SignInField | null;
}

const SIGN_IN_FIELDS: readonly string[] = ['server', 'email', 'password'];

/** The field the engine (or the server, through it) blamed, if it is one of the form's. */
function blamed(err: WireError): SignInField | null {
  return err.field && SIGN_IN_FIELDS.includes(err.field) ? (err.field as SignInField) : null;
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
    case 'UNSUPPORTED_PROTOCOL':
    case 'BAD_RESPONSE':
      return { text: errorText(err), field: 'server' };
    case 'BAD_REQUEST':
      // The server's own words name what it refused: "password: must be at least 10 characters".
      return { text: `The server refused this: ${err.message}`, field: blamed(err) };
    case 'USAGE': {
      const field = blamed(err);
      return { text: field ? `Enter your ${FIELD_NAMES[field]}.` : errorText(err), field };
    }
    default:
      return { text: errorText(err), field: null };
  }
}

const FIELD_NAMES: Record<SignInField, string> = {
  server: 'server address',
  email: 'email',
  password: 'password',
};
