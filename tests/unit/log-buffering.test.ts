import fs, { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serverLogDestination } from '../../adapters/server/log-destination.js';
import { createLogger } from '../../src/logger.js';

/** The server's log destination (main.ts) writing to a file, as it writes to stderr. */
function serverLog() {
  const file = join(mkdtempSync(join(tmpdir(), 'pmo-log-')), 'log');
  const destination = serverLogDestination(file);
  // sonic-boom opens the file in the background: until then there is nothing written yet.
  const lines = () =>
    (existsSync(file) ? readFileSync(file, 'utf8') : '')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; n?: number; question?: string });
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
  afterEach(() => {
    close?.();
    vi.restoreAllMocks();
  });

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

  it('keeps Japanese text intact when lines of every length cross the buffer boundaries', async () => {
    const log = serverLog();
    close = () => log.destination.destroy();
    // Multi-byte lines of growing length: buffer sizes counted in characters instead of bytes would cut some.
    const questions = Array.from({ length: 600 }, (_, n) => `PMOの役割は？${'質問'.repeat(n % 97)}🙂${n}`);
    for (const [n, question] of questions.entries()) log.logger.info({ n, question }, 'request');
    const lines = await eventually(log.lines, (l) => l.length >= questions.length, 2000);
    expect(lines.map((l) => l.question)).toEqual(questions);
  });

  it('rests once everything logged is written: no write every 100 ms while idle', async () => {
    const log = serverLog();
    close = () => log.destination.destroy();
    log.logger.info('pmo-guide listening');
    await eventually(log.lines, (l) => l.length > 0, 1000);
    // sonic-boom writes through the fs module's own `write` (required once, called as fs.write).
    const writes = vi.spyOn(fs, 'write');
    await new Promise((r) => setTimeout(r, 450));
    expect(writes).not.toHaveBeenCalled();
    log.logger.info('a request after the pause');
    const lines = await eventually(log.lines, (l) => l.length > 1, 1000);
    expect(lines.map((l) => l.msg)).toEqual(['pmo-guide listening', 'a request after the pause']);
    expect(writes).toHaveBeenCalled();
  });
});
