// Sync wire protocol v1 (see ARCHITECTURE.md). Browser-safe; filled in by the sync issue.
export const PROTOCOL_VERSION = 1 as const;
