#!/usr/bin/env node
// Starts the Encore sync server: encore-server [--host H] [--port P] [--data-dir DIR].
// Everything else comes from the environment (see README-snippet.md).
import { main } from '../dist/main.js';

main(process.env, process.argv.slice(2)).catch((err) => {
  console.error(`encore-server: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
