import { useState } from 'react';
import { useEngineEvent } from './engine-context.js';

/** A count of files still to import, shown beside the Activity link while ingest runs. */
export function ProgressBadge() {
  const [pending, setPending] = useState(0);
  useEngineEvent('ingest.progress', (p) => setPending(p.queued + p.running));
  return pending > 0 ? (
    <span className="enc-badge" aria-label={`${pending} files importing`}>
      {pending > 999 ? '999+' : pending}
    </span>
  ) : null;
}
