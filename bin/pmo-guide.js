#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
import module from 'node:module';

// Node 22.1+ caches compiled ES modules between runs (the bundle has its own cache; see launch.ts).
module.enableCompileCache?.();

const { loadMain } = await import('../dist/src/cli/launch.js');
const main = await loadMain();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`pmo-guide: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
