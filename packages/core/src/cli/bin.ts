// Process entry for running the CLI from source (tests spawn it with `node --import tsx`).
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`encore: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
