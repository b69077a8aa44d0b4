// "Starred elsewhere": photos starred on another device that have no file here. Their
// thumbnails come from the sync server through the host (/remote/thumb/<id>).
import { useCallback, useEffect, useState } from 'react';
import type { RemoteStarredInfo } from '@encore/core/contract';
import { useEngine, useEngineEvent } from '../shell/engine-context.js';
import { errorText } from '../shell/error-text.js';
import { StarButton } from './star-button.js';

export function RemoteStarredStrip() {
  const client = useEngine();
  const [items, setItems] = useState<RemoteStarredInfo[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(
    (isLive: () => boolean = () => true) =>
      client.call('library.remoteStarred').then(
        (list) => {
          if (!isLive()) return;
          setItems(list);
          setProblem(null);
        },
        (err: unknown) => isLive() && setProblem(errorText(err)),
      ),
    [client],
  );

  useEffect(() => {
    let live = true;
    void load(() => live);
    return () => {
      live = false;
    };
  }, [load]);
  useEngineEvent('library.changed', () => void load());
  useEngineEvent('sync.changed', () => void load());

  const unstar = (id: string) => {
    setItems((list) => list?.filter((r) => r.id !== id) ?? null);
    client.call('photo.setStarred', { ids: [id], starred: false }).catch((err: unknown) => {
      setProblem(errorText(err));
      void load();
    });
  };

  if (problem) {
    return (
      <div className="enc-banner enc-error" role="alert">
        Starred elsewhere: {problem}
      </div>
    );
  }
  if (!items || items.length === 0) return null;
  return (
    <section className="enc-remote" aria-label="Starred elsewhere" data-testid="remote-starred">
      <h2>
        Starred elsewhere <span className="enc-muted">· {items.length} not on this computer</span>
      </h2>
      <ul className="enc-remote-list">
        {items.map((r) => (
          <RemoteItem key={r.id} item={r} onUnstar={() => unstar(r.id)} />
        ))}
      </ul>
    </section>
  );
}

function RemoteItem(props: { item: RemoteStarredInfo; onUnstar: () => void }) {
  const { item } = props;
  const [failed, setFailed] = useState(false);
  const label = item.caption ?? `Photo ${item.id.slice(0, 8)}`;
  return (
    <li className="enc-remote-item" data-photo-id={item.id} title={label}>
      {failed ? (
        <span className="enc-tile-missing">Not downloaded</span>
      ) : (
        <img
          src={item.thumbUrl}
          alt={label}
          loading="lazy"
          decoding="async"
          draggable={false}
          onError={() => setFailed(true)}
        />
      )}
      <StarButton starred label={label} className="enc-tile-star" onToggle={props.onUnstar} />
      {item.rating !== null ? (
        <span className="enc-remote-rating" aria-label={`Rated ${item.rating} of 5`}>
          {'★'.repeat(item.rating)}
        </span>
      ) : null}
    </li>
  );
}
