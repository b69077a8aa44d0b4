export { startHeadless } from './headless-server.js';
export type { HeadlessEngine, HeadlessOptions, HeadlessServer } from './headless-server.js';
export { DEFAULT_RENDERER_DIR, runHeadless } from './run-headless.js';
export { openHostEngine } from '../engine/host-engine.js';
export type { HostEngine } from '../engine/host-engine.js';
