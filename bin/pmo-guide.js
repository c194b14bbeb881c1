#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
import module from 'node:module';

// Node 22.1+ caches compiled ES modules between runs (the bundle has its own cache; see launch.ts).
module.enableCompileCache?.();

const { loadMain } = await import('../dist/src/cli/launch.js');
const main = await loadMain();

/**
 * Everything a command starts has finished when main resolves: leave once
 * what was written is flushed, instead of waiting for the event loop to wind
 * down (the module loader's file handles, an idle-time garbage collection),
 * which costs a one-shot `ask` several milliseconds.
 */
function exitWhenFlushed(code) {
  let pending = 2;
  const flushed = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    exitWhenFlushed(code);
  },
  (error) => {
    process.stderr.write(`pmo-guide: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
