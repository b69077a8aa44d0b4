#!/usr/bin/env node
// Thin launcher for the built CLI (`npm run build` writes dist/).
import '../dist/cli/bin.js';
