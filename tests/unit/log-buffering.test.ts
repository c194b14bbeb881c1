import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { LOG_BUFFERING } from '../../adapters/server/main.js';
import { createLogger } from '../../src/logger.js';

/** The server's log destination (main.ts) writing to a file, as it writes to stderr. */
function serverLog() {
  const file = join(mkdtempSync(join(tmpdir(), 'pmo-log-')), 'log');
  const destination = pino.destination({ dest: file, ...LOG_BUFFERING });
  const lines = () =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; n?: number });
  return { logger: createLogger('info', destination), destination, lines };
}

async function eventually<T>(read: () => T, done: (value: T) => boolean, withinMs: number): Promise<T> {
  const until = Date.now() + withinMs;
  let value = read();
  while (!done(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 10));
    value = read();
  }
  return value;
}

describe('the server log destination', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('writes a lone line within a fraction of a second, not once a buffer fills', async () => {
    const log = serverLog();
    close = () => log.destination.destroy();
    log.logger.info('pmo-guide listening');
    const lines = await eventually(log.lines, (l) => l.length > 0, 1000);
    expect(lines.map((l) => l.msg)).toEqual(['pmo-guide listening']);
  });

  it('keeps every line of a burst, whole and in order', async () => {
    const log = serverLog();
    close = () => log.destination.destroy();
    for (let n = 0; n < 2000; n++) log.logger.info({ n }, 'request');
    const lines = await eventually(log.lines, (l) => l.length >= 2000, 2000);
    expect(lines.map((l) => l.n)).toEqual(Array.from({ length: 2000 }, (_, n) => n));
  });
});
