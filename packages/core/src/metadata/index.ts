// Public surface of the metadata module for ingest: readMetadata and the shapes it returns.
export { readMetadata } from './read-metadata.js';
export type * from './types.js';
