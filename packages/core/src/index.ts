export * from './domain/ids.js';
export * from './domain/errors.js';
export * from './media/format.js';
export type * from './media/types.js';
export type * from './metadata/types.js';
export {
  Engine,
  openEngine,
  type EngineOptions,
  type ScanSummary,
  type DuplicateGroup,
} from './engine/engine.js';
export type { PhotoView } from './engine/photo.views.js';
export { defaultLibraryDir, loadConfig, type EngineConfig } from './config/config.js';
export { SETTINGS } from './config/settings.js';
export { Library } from './library/library.js';
