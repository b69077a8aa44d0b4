// Worker entry used only when the engine runs from TypeScript source (tests, tsx): registers
// tsx in this thread, then loads the real worker module. Built code never comes here.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__entry);
