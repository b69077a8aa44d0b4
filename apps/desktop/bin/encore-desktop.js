#!/usr/bin/env node
// Starts Encore: Electron when its runtime is installed, headless mode otherwise.
import { launch } from '../dist/launch/launch.js';

launch(process.argv.slice(2), process.env).catch((err) => {
  console.error(`encore-desktop: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
