import { useCallback, useEffect, useState } from 'react';
import type { SourceInfo } from '@encore/core/contract';
import { useEngine, useEngineEvent } from '../shell/engine-context.js';
import { errorText } from '../shell/error-text.js';

export function SourcesPage() {
  const client = useEngine();
  const [sources, setSources] = useState<SourceInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setSources(await client.call('sources.list'));
    } catch (err) {
      setError(errorText(err));
    }
  }, [client]);

  useEffect(() => void refresh(), [refresh]);
  useEngineEvent('library.changed', () => void refresh());

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await refresh();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const add = async () => {
    const trimmed = path.trim();
    if (!trimmed) return;
    if (await run(() => client.call('sources.add', { path: trimmed }))) setPath('');
  };

  return (
    <section className="enc-page enc-sources" aria-label="Sources">
      <header className="enc-toolbar">
        <h1>Sources</h1>
        <span className="enc-muted">Folders Encore watches for photos</span>
      </header>
      <form
        className="enc-add-source"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          type="text"
          name="path"
          placeholder="/path/to/Pictures"
          aria-label="Folder path"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="submit" disabled={busy || !path.trim()}>
          Add folder
        </button>
      </form>
      {error ? (
        <div className="enc-banner enc-error" role="alert">
          {error}
        </div>
      ) : null}
      {sources === null ? (
        <p className="enc-muted">Loading…</p>
      ) : sources.length === 0 ? (
        <p className="enc-empty">No folders yet. Add one to start importing.</p>
      ) : (
        <ul className="enc-source-list" data-testid="source-list">
          {sources.map((s) => (
            <li key={s.id} className="enc-source">
              <div className="enc-source-main">
                <span className="enc-source-path">{s.path}</span>
                <span className="enc-muted">
                  {s.fileCount.toLocaleString()} files · added {s.addedAt.slice(0, 10)}
                </span>
              </div>
              <span className={`enc-status enc-status-${s.status}`}>{s.status}</span>
              <button
                type="button"
                className="enc-link enc-danger"
                disabled={busy}
                aria-label={`Remove ${s.path}`}
                onClick={() => {
                  if (window.confirm(`Stop watching ${s.path}? Photos already imported stay.`)) {
                    void run(() => client.call('sources.remove', { id: s.id }));
                  }
                }}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
