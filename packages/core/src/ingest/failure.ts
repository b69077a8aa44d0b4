// Turns anything a job threw into a stable code, a message naming the file, and whether
// trying again later can help.
import { EncoreError } from '../domain/errors.js';

export interface Failure {
  code: string;
  message: string;
  retryable: boolean;
}

const RETRYABLE_CODES = new Set([
  'FILE_CHANGED',
  'DISK_FULL',
  'IO_ERROR',
  'TOO_MANY_FILES',
  'BUSY',
]);

const NODE_CODES: Record<string, { code: string; text: string }> = {
  ENOENT: { code: 'FILE_MISSING', text: 'no longer exists' },
  EACCES: { code: 'PERMISSION_DENIED', text: 'cannot be read: permission denied' },
  EPERM: { code: 'PERMISSION_DENIED', text: 'cannot be read: operation not permitted' },
  EISDIR: { code: 'NOT_A_FILE', text: 'is a directory' },
  ENOSPC: { code: 'DISK_FULL', text: 'could not be processed: no space left on the library disk' },
  EDQUOT: { code: 'DISK_FULL', text: 'could not be processed: disk quota exceeded' },
  EIO: { code: 'IO_ERROR', text: 'could not be read: input/output error' },
  EMFILE: { code: 'TOO_MANY_FILES', text: 'could not be opened: too many open files' },
  EBUSY: { code: 'BUSY', text: 'is busy' },
};

export function toFailure(err: unknown, path: string): Failure {
  if (err instanceof EncoreError) {
    return { code: err.code, message: err.message, retryable: RETRYABLE_CODES.has(err.code) };
  }
  const nodeCode = (err as NodeJS.ErrnoException | undefined)?.code;
  if (nodeCode && NODE_CODES[nodeCode]) {
    const known = NODE_CODES[nodeCode];
    return {
      code: known.code,
      message: `${path} ${known.text}`,
      retryable: RETRYABLE_CODES.has(known.code),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `${path}: ${message}`, retryable: true };
}
