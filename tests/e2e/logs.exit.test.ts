import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';

/**
 * A process logging through the server's destination (dist, as main.js
 * uses it) a few lines that are still buffered when it ends: `ending` is
 * the last statement. Returns the lines it left on stderr.
 */
function linesLeftBy(ending: string): { status: number | null; lines: { msg: string; question: string }[] } {
  const url = (path: string) => pathToFileURL(join(root, path)).href;
  const script = `
    const { serverLogDestination } = await import(${JSON.stringify(url('dist/adapters/server/log-destination.js'))});
    const { createLogger } = await import(${JSON.stringify(url('dist/src/index.js'))});
    const logger = createLogger('info', serverLogDestination(2));
    for (let n = 0; n < 5; n++) logger.info({ question: 'PMOとは？ ' + n }, 'request');
    ${ending}`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const lines = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; question: string });
  return { status: run.status, lines };
}

const QUESTIONS = [0, 1, 2, 3, 4].map((n) => `PMOとは？ ${n}`);

describe('the server log destination when the process ends', () => {
  it('writes the buffered lines on process.exit', () => {
    const { status, lines } = linesLeftBy('process.exit(3);');
    expect(status).toBe(3);
    expect(lines.map((l) => l.question)).toEqual(QUESTIONS);
  });

  it('writes the buffered lines when the process crashes', () => {
    const { status, lines } = linesLeftBy(`setTimeout(() => { throw new Error('boom'); }, 0);`);
    expect(status).not.toBe(0);
    expect(lines.map((l) => l.question)).toEqual(QUESTIONS);
  });
});
