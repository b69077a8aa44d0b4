import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorEntry, IngestProgress } from '@encore/core/contract';
import { useEngine, useEngineEvent } from '../shell/engine-context.js';
import { errorText } from '../shell/error-text.js';
import { groupProblems } from './problem-groups.js';

export function progressRatio(p: IngestProgress): number {
  return p.total > 0 ? Math.min(1, (p.done + p.failed) / p.total) : 1;
}

export function ActivityPage() {
  const client = useEngine();
  const [progress, setProgress] = useState<IngestProgress | null>(null);
  const [photos, setPhotos] = useState<number | null>(null);
  const [errors, setErrors] = useState<ErrorEntry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const lastFailed = useRef(-1);

  const loadErrors = useCallback(async () => {
    try {
      setErrors(await client.call('errors.list'));
    } catch (err) {
      setProblem(errorText(err));
    }
  }, [client]);

  const loadStatus = useCallback(
    (isLive: () => boolean) =>
      client.call('library.status').then(
        (status) => {
          if (!isLive()) return;
          setProgress((p) => p ?? status.jobs);
          setPhotos(status.photos);
        },
        (err: unknown) => isLive() && setProblem(errorText(err)),
      ),
    [client],
  );

  useEffect(() => {
    let live = true;
    void loadStatus(() => live);
    void loadErrors();
    return () => {
      live = false;
    };
  }, [loadStatus, loadErrors]);

  useEngineEvent('library.changed', () => void loadStatus(() => true));

  useEngineEvent('ingest.progress', (p) => {
    setProgress(p);
    // New failures are the only reason the error list changes; fetch it only then.
    if (lastFailed.current !== -1 && p.failed !== lastFailed.current) void loadErrors();
    lastFailed.current = p.failed;
  });

  const ratio = progress ? progressRatio(progress) : 0;
  const idle = progress !== null && progress.queued === 0 && progress.running === 0;

  return (
    <section className="enc-page enc-activity" aria-label="Activity">
      <header className="enc-toolbar">
        <h1>Activity</h1>
      </header>
      {problem ? (
        <div className="enc-banner enc-error" role="alert">
          {problem}
        </div>
      ) : null}
      <div className="enc-card" data-testid="ingest-progress">
        <div className="enc-card-title">
          Import {idle ? <span className="enc-muted">· idle</span> : null}
        </div>
        <progress max={1} value={ratio} aria-label="Import progress" />
        {photos !== null ? (
          <p className="enc-muted" data-testid="library-size">
            {photos === 1 ? '1 photo' : `${photos.toLocaleString()} photos`} in the library
          </p>
        ) : null}
        {progress && progress.total > 0 ? (
          <dl className="enc-stats">
            <dt>Done</dt>
            <dd>{progress.done.toLocaleString()}</dd>
            <dt>Running</dt>
            <dd>{progress.running.toLocaleString()}</dd>
            <dt>Queued</dt>
            <dd>{progress.queued.toLocaleString()}</dd>
            <dt>Failed</dt>
            <dd>{progress.failed.toLocaleString()}</dd>
            <dt>Total</dt>
            <dd>{progress.total.toLocaleString()}</dd>
          </dl>
        ) : progress ? null : (
          <p className="enc-muted">Loading…</p>
        )}
      </div>
      <h2>Problems</h2>
      {errors === null ? (
        <p className="enc-muted">Loading…</p>
      ) : errors.length === 0 ? (
        <p className="enc-empty">No problems. Every file imported cleanly.</p>
      ) : (
        <div className="enc-problems" data-testid="error-list">
          {groupProblems(errors).map((g) => (
            <details key={`${g.severity}:${g.code}`} className="enc-problem-group" open>
              <summary title={g.code}>
                <span
                  className={`enc-tag ${g.severity === 'error' ? 'enc-tag-bad' : 'enc-tag-warn'}`}
                >
                  {g.severity === 'error' ? 'Not imported' : 'Imported, with a doubt'}
                </span>{' '}
                <strong>{g.title}</strong>{' '}
                <span className="enc-muted">
                  {g.items.length === 1 ? '1 file' : `${g.items.length.toLocaleString()} files`}
                </span>
              </summary>
              <ul>
                {g.items.map((e, i) => (
                  <li key={`${e.path}:${i}`}>
                    <span className="enc-path">{e.path}</span>
                    <span className="enc-muted"> — {e.message}</span>
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </div>
      )}
    </section>
  );
}
