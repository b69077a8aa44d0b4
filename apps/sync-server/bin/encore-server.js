#!/usr/bin/env node
// Starts the Encore sync server; configuration comes from the environment (see CONTEXT.md).
import { main } from '../dist/main.js';

main(process.env).catch((err) => {
  console.error(`encore-server: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
