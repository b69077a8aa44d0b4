// Process entry for the CLI (tests spawn it with `node --import tsx`).
import { main } from './main.js';

// `encore photos | head`: once the reader is gone, output goes nowhere and the command ends
// quietly instead of dying on EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`encore: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
