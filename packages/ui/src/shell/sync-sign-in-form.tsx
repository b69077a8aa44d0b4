// The sign-in form in the sync indicator: server, email, password and an optional device
// name, with "Sign in" (Enter) and "Create account". The password lives only in this
// component's state until the call returns, and is cleared on success.
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { SyncStatusInfo } from '@encore/core/contract';
import { useEngine } from './engine-context.js';
import { toWireError } from './error-text.js';
import { signInProblem, type SignInField, type SignInProblem } from './sign-in-error-text.js';

type Mode = 'sign-in' | 'create';

export function SyncSignInForm(props: {
  status: SyncStatusInfo;
  onSignedIn: (status: SyncStatusInfo) => void;
}) {
  const client = useEngine();
  const id = useId();
  const [server, setServer] = useState(props.status.server ?? '');
  const [email, setEmail] = useState(props.status.account ?? '');
  const [password, setPassword] = useState('');
  const [deviceName, setDeviceName] = useState('');
  const [pending, setPending] = useState<Mode | null>(null);
  const [problem, setProblem] = useState<SignInProblem | null>(null);
  const live = useRef(true);
  const fields = {
    server: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  } satisfies Record<SignInField, unknown>;

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  // Focus follows the error, once the fieldset is enabled again.
  useEffect(() => {
    if (!pending && problem?.field) fields[problem.field].current?.focus();
    // `fields` holds refs, stable across renders.
  }, [pending, problem]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const mode: Mode = submitter?.dataset.mode === 'create' ? 'create' : 'sign-in';
    setPending(mode);
    setProblem(null);
    client
      .call('sync.signIn', {
        server,
        email,
        password,
        ...(deviceName.trim() ? { deviceName: deviceName.trim() } : {}),
        ...(mode === 'create' ? { create: true } : {}),
      })
      .then(
        (status) => {
          if (live.current) {
            setPassword('');
            setPending(null);
          }
          props.onSignedIn(status);
        },
        (err: unknown) => {
          if (!live.current) return;
          setPending(null);
          setProblem(signInProblem(toWireError(err)));
        },
      );
  };

  const invalid = (field: SignInField) =>
    problem?.field === field ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};

  return (
    <form
      className="enc-sync-form"
      aria-label="Sign in to sync"
      aria-busy={pending !== null}
      onSubmit={submit}
    >
      <fieldset disabled={pending !== null}>
        <label htmlFor={`${id}-server`}>Server</label>
        <input
          id={`${id}-server`}
          ref={fields.server}
          name="server"
          type="text"
          inputMode="url"
          autoComplete="url"
          autoCapitalize="off"
          spellCheck={false}
          placeholder="https://sync.example.com"
          required
          value={server}
          onChange={(e) => setServer(e.target.value)}
          {...invalid('server')}
        />
        <label htmlFor={`${id}-email`}>Email</label>
        <input
          id={`${id}-email`}
          ref={fields.email}
          name="email"
          type="email"
          autoComplete="username"
          autoCapitalize="off"
          spellCheck={false}
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          {...invalid('email')}
        />
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          ref={fields.password}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          {...invalid('password')}
        />
        <label htmlFor={`${id}-device`}>Device name (optional)</label>
        <input
          id={`${id}-device`}
          name="deviceName"
          type="text"
          autoComplete="off"
          maxLength={100}
          placeholder={props.status.defaultDeviceName}
          value={deviceName}
          onChange={(e) => setDeviceName(e.target.value)}
        />
        {problem ? (
          <p id={`${id}-error`} className="enc-sync-detail enc-sync-failed" role="alert">
            {problem.text}
          </p>
        ) : null}
        <div className="enc-sync-actions">
          <button type="submit" data-mode="sign-in">
            {pending === 'sign-in' ? 'Signing in…' : 'Sign in'}
          </button>
          <button type="submit" data-mode="create">
            {pending === 'create' ? 'Creating…' : 'Create account'}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
