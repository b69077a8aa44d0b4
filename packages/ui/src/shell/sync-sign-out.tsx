// "Sign out" in the sync indicator, with a confirm step: signing out revokes this device's
// token on the server, so coming back means typing the password again. Escape cancels.
import { useEffect, useId, useRef, useState } from 'react';
import type { SyncSignOutInfo } from '@encore/core/contract';
import { useEngine } from './engine-context.js';
import { errorText } from './error-text.js';

export function SyncSignOut(props: {
  server: string | null;
  onSignedOut: (result: SyncSignOutInfo) => void;
}) {
  const client = useEngine();
  const id = useId();
  const [step, setStep] = useState<'idle' | 'confirm' | 'pending'>('idle');
  const [failure, setFailure] = useState<string | null>(null);
  const live = useRef(true);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const refocus = useRef(false);

  useEffect(() => {
    if (step === 'confirm') cancel.current?.focus();
    // Cancelled: focus goes back to the button that asked the question.
    if (step === 'idle' && refocus.current) {
      refocus.current = false;
      opener.current?.focus();
    }
  }, [step]);

  const close = () => {
    refocus.current = true;
    setStep('idle');
  };

  const signOut = () => {
    setStep('pending');
    setFailure(null);
    client.call('sync.signOut').then(
      (result) => {
        if (live.current) setStep('idle');
        props.onSignedOut(result);
      },
      (err: unknown) => {
        if (!live.current) return;
        setStep('confirm');
        setFailure(errorText(err));
      },
    );
  };

  if (step === 'idle') {
    return (
      <button
        type="button"
        ref={opener}
        className="enc-link enc-sync-signout"
        onClick={() => setStep('confirm')}
      >
        Sign out…
      </button>
    );
  }
  return (
    <div
      className="enc-sync-confirm"
      role="group"
      aria-labelledby={`${id}-question`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && step === 'confirm') {
          e.stopPropagation();
          close();
        }
      }}
    >
      <p id={`${id}-question`} className="enc-sync-detail">
        Sign out of {props.server ?? 'the sync server'}? This device stops syncing, and signing in
        again needs the password.
      </p>
      {failure ? (
        <p className="enc-sync-detail enc-sync-failed" role="alert">
          {failure}
        </p>
      ) : null}
      <div className="enc-sync-actions">
        <button
          type="button"
          className="enc-danger"
          onClick={signOut}
          disabled={step === 'pending'}
        >
          {step === 'pending' ? 'Signing out…' : 'Sign out'}
        </button>
        <button type="button" ref={cancel} onClick={close} disabled={step === 'pending'}>
          Cancel
        </button>
      </div>
    </div>
  );
}
