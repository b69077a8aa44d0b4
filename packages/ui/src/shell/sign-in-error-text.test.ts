import { describe, expect, it } from 'vitest';
import type { EngineErrorCode } from '@encore/core/contract';
import { signInProblem } from './sign-in-error-text.js';

const problem = (code: EngineErrorCode, message = 'raw message', field?: string) =>
  signInProblem({ code, message, ...(field ? { field } : {}) });

describe('signInProblem', () => {
  it('says what went wrong in words and points at the field to fix', () => {
    expect(problem('INVALID_CREDENTIALS')).toEqual({
      text: 'Wrong email or password.',
      field: 'password',
    });
    expect(problem('EMAIL_TAKEN')).toEqual({
      text: 'An account with this email exists already. Sign in instead.',
      field: 'email',
    });
    expect(problem('OFFLINE')).toEqual({
      text: 'Cannot reach the server. Check the address and your connection.',
      field: 'server',
    });
    expect(problem('BAD_SERVER_URL')).toEqual({
      text: 'That is not a server address. Use one like https://sync.example.com.',
      field: 'server',
    });
    expect(problem('RATE_LIMITED')).toEqual({
      text: 'Too many attempts. Wait a few minutes, then try again.',
      field: null,
    });
    expect(problem('BAD_RESPONSE')).toEqual({
      text: 'That address is not an Encore sync server.',
      field: 'server',
    });
  });

  it("keeps the server's words for a refused request and names the field they name", () => {
    expect(problem('BAD_REQUEST', 'password: must be at least 10 characters', 'password')).toEqual({
      text: 'The server refused this: password: must be at least 10 characters',
      field: 'password',
    });
  });

  it("turns the engine's missing-field errors into a prompt for that field", () => {
    expect(problem('USAGE', 'sync.signIn: server is required', 'server')).toEqual({
      text: 'Enter your server address.',
      field: 'server',
    });
    // The field comes from the error, never from its words.
    expect(problem('USAGE', 'sync.signIn: email is required')).toEqual({
      text: 'Sync.signIn: email is required.',
      field: null,
    });
  });

  it('says other failures in words, without codes', () => {
    expect(problem('SYNC_FAILED', 'stuck')).toEqual({
      text: 'Syncing failed. Encore will try again.',
      field: null,
    });
    expect(problem('INTERNAL', 'the database broke')).toEqual({
      text: 'The database broke.',
      field: null,
    });
  });
});
