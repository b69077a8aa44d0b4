// @encore/core: the engine for Node hosts. Clients call `engine.call(name, params)`; the
// contract (`@encore/core/contract`) says what each call takes and answers.
export * from './domain/ids.js';
export * from './domain/errors.js';
export * from './media/format.js';
export type * from './media/types.js';
export type * from './metadata/types.js';
export { Engine, openEngine, type EngineOptions, type StartSyncOptions } from './engine/engine.js';
export { defaultLibraryDir, loadConfig, type EngineConfig } from './config/config.js';
