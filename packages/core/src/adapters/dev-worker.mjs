// Worker entry used only when the engine runs from TypeScript source (tests, `tsx`):
// registers tsx in this thread, then loads the real worker. Built code uses ingest.worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./ingest.worker.ts');
