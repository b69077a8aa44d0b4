// Sync wire protocol v1 (ARCHITECTURE.md, docs/decisions/020). Browser-safe: zod only.
export * from './hlc.js';
export * from './tables.js';
export * from './messages.js';
export * from './lww.js';
export * from './blobs.js';
