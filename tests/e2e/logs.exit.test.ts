import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';

const url = (path: string) => JSON.stringify(pathToFileURL(join(root, path)).href);

/** The start of a script logging through the server's destination (dist, as main.js uses it) to `fd`. */
const loggingTo = (fd: number) => `
  const { serverLogDestination } = await import(${url('dist/adapters/server/log-destination.js')});
  const { createLogger } = await import(${url('dist/src/index.js')});
  const logger = createLogger('info', serverLogDestination(${fd}));`;

/**
 * A process logging a few lines that are still buffered when it ends:
 * `ending` is the last statement. Returns the lines it left on stderr.
 */
function linesLeftBy(ending: string): { status: number | null; lines: { msg: string; question: string }[] } {
  const script = `${loggingTo(2)}
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

  it('stops holding lines once the reader of its output is gone', () => {
    // ~50 MB of log lines into a pipe whose reader quits after 100 bytes (EPIPE): none of it may pile up in memory.
    const script = `${loggingTo(1)}
      let n = 0;
      const burst = () => {
        for (let i = 0; i < 2000; i++) logger.info({ n: n++, pad: 'x'.repeat(200) }, 'request');
        if (n < 200000) setImmediate(burst);
        else process.stderr.write(String(process.memoryUsage().external));
      };
      burst();`;
    const run = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" --input-type=module -e "$SCRIPT" | head -c 100 >/dev/null`],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', SCRIPT: script },
      },
    );
    const externalBytes = Number(run.stderr.trim().split('\n').pop());
    expect(externalBytes).toBeGreaterThan(0);
    expect(externalBytes).toBeLessThan(20 * 1024 * 1024);
  });
});
