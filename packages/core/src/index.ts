export * from './domain/ids.js';
export * from './domain/errors.js';
export * from './media/format.js';
export type * from './media/types.js';
export type * from './metadata/types.js';
