// The engine API: one map of request handlers (with a zod schema each) and one map of push
// events, plus the error codes every transport carries unchanged. Every transport (Electron
// IPC, the headless WebSocket bridge, the CLI, tests) implements this one contract.
// Browser-safe: no Node imports.
export * from './errors.js';
export * from './handlers.js';
export * from './review.js';
export * from './schemas.js';
export * from './types.js';
export * from './urls.js';
