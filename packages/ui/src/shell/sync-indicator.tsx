// The sync indicator at the foot of the navigation: state, pending work, last sync, a
// "Sync now" button, the sign-in form when signed out and "Sign out" when signed in. Fed by
// 'sync.status' once, then by 'sync.changed' after every pass, sign-in and sign-out; local
// edits change the pending counts, so 'library.changed' asks again.
import { useCallback, useEffect, useState } from 'react';
import type { SyncSignOutInfo, SyncStatusInfo } from '@encore/core/contract';
import { useEngine, useEngineEvent } from './engine-context.js';
import { errorText } from './error-text.js';
import { SyncSignInForm } from './sync-sign-in-form.js';
import { SyncSignOut } from './sync-sign-out.js';
import { syncStatusText } from './sync-status-text.js';

export function SyncIndicator() {
  const client = useEngine();
  const [status, setStatus] = useState<SyncStatusInfo | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [outcome, setOutcome] = useState<{ text: string; failed: boolean } | null>(null);
  const [now, setNow] = useState(() => new Date());

  const load = useCallback(
    (isLive: () => boolean = () => true) =>
      client.call('sync.status').then(
        (s) => isLive() && setStatus(s),
        (err: unknown) => isLive() && setOutcome({ text: errorText(err), failed: true }),
      ),
    [client],
  );

  useEffect(() => {
    let live = true;
    void load(() => live);
    // Keeps "Last synced 3 min ago" true while nothing happens.
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [load]);

  useEngineEvent('sync.changed', (s) => {
    setStatus(s);
    setNow(new Date());
    // A later pass makes the last "Sync now" outcome old news (its own pass reports first).
    if (!syncing) setOutcome(null);
  });
  useEngineEvent('library.changed', () => void load());

  const syncNow = () => {
    setSyncing(true);
    setOutcome(null);
    client.call('sync.now').then(
      (r) => {
        setSyncing(false);
        setOutcome({ text: `Sent ${r.pushed}, received ${r.applied}`, failed: false });
        setNow(new Date());
        void load();
      },
      (err: unknown) => {
        setSyncing(false);
        setOutcome({ text: errorText(err), failed: true });
        void load();
      },
    );
  };

  const signedIn = (s: SyncStatusInfo) => {
    setStatus(s);
    setNow(new Date());
    setOutcome({ text: `Signed in as ${s.account ?? 'you'}`, failed: false });
  };

  const signedOut = (s: SyncSignOutInfo) => {
    const { warning, ...rest } = s;
    setStatus(rest);
    setOutcome(warning ? { text: warning, failed: true } : { text: 'Signed out', failed: false });
  };

  if (!status) return null;
  const text = syncStatusText(status, now);
  return (
    <section className="enc-sync" aria-label="Sync" data-testid="sync-indicator">
      <div className="enc-sync-head">
        <span className={`enc-sync-dot enc-sync-${text.tone}`} aria-hidden="true" />
        <span className="enc-sync-label" data-state={status.state}>
          {syncing ? 'Syncing…' : text.label}
        </span>
      </div>
      {text.details.map((line) => (
        <p key={line} className="enc-muted enc-sync-detail">
          {line}
        </p>
      ))}
      {text.signIn ? <SyncSignInForm status={status} onSignedIn={signedIn} /> : null}
      {outcome ? (
        <p
          className={`enc-sync-detail ${outcome.failed ? 'enc-sync-failed' : 'enc-muted'}`}
          role={outcome.failed ? 'alert' : 'status'}
        >
          {outcome.text}
        </p>
      ) : null}
      {text.canSync ? (
        <button type="button" onClick={syncNow} disabled={syncing}>
          Sync now
        </button>
      ) : null}
      {text.canSignOut ? <SyncSignOut server={status.server} onSignedOut={signedOut} /> : null}
    </section>
  );
}
