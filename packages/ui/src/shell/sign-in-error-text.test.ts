import { describe, expect, it } from 'vitest';
import { signInProblem } from './sign-in-error-text.js';

const problem = (code: string, message = 'raw message') => signInProblem({ code, message });

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
    expect(problem('HTTP_404').text).toBe('That address is not an Encore sync server.');
  });

  it("keeps the server's words for a refused request and names the field they name", () => {
    expect(problem('BAD_REQUEST', 'password: must be at least 10 characters')).toEqual({
      text: 'The server refused this: password: must be at least 10 characters',
      field: 'password',
    });
  });

  it("turns the engine's missing-field errors into a prompt for that field", () => {
    expect(problem('USAGE', 'sync.signIn: server is required')).toEqual({
      text: 'Enter your server address.',
      field: 'server',
    });
  });

  it('shows unknown errors with their code', () => {
    expect(problem('SYNC_STUCK', 'try again later')).toEqual({
      text: 'try again later (SYNC_STUCK)',
      field: null,
    });
  });
});
