import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

/** What a log line shows of secrets handed to the logger, wherever they sit. */
function logged(write: (logger: ReturnType<typeof createLogger>) => void): Record<string, unknown>[] {
  const lines: string[] = [];
  write(createLogger('info', { write: (line: string) => void lines.push(line) }));
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('secrets in log lines', () => {
  it('blanks secrets at the top of a logged object and one object down, keeping everything else', () => {
    const config = { botToken: 'xoxb-1', signingSecret: 's3', port: 3000 };
    const [line] = logged((l) => l.info({ token: 'xoxb-2', config, teams: { appPassword: 'p' }, ms: 1.5 }, 'ready'));
    expect(line).toMatchObject({
      token: '[redacted]',
      config: { botToken: '[redacted]', signingSecret: '[redacted]', port: 3000 },
      teams: { appPassword: '[redacted]' },
      ms: 1.5,
      msg: 'ready',
    });
    // The caller's own objects are not changed by logging them.
    expect(config.botToken).toBe('xoxb-1');
  });

  it('blanks authorization and Slack signature headers', () => {
    const headers = { authorization: 'Bearer abc', 'x-slack-signature': 'v0=f00', 'content-type': 'text/plain' };
    const [line] = logged((l) => l.warn({ req: { headers }, headers }, 'refused'));
    const blanked = { authorization: '[redacted]', 'x-slack-signature': '[redacted]', 'content-type': 'text/plain' };
    expect(line).toMatchObject({ req: { headers: blanked }, headers: blanked });
  });

  it('keeps an error readable while blanking a secret it carries', () => {
    const error = Object.assign(new Error('auth failed'), { token: 'xoxb-3', code: 'slack_webapi_platform_error' });
    const [line] = logged((l) => l.error({ err: error }, 'could not post'));
    expect(line?.err).toMatchObject({
      message: 'auth failed',
      token: '[redacted]',
      code: 'slack_webapi_platform_error',
    });
    expect(String((line?.err as { stack?: string } | undefined)?.stack)).toContain('auth failed');
    expect(error.token).toBe('xoxb-3');
  });

  it("blanks secrets in a child logger's bound fields", () => {
    const [line] = logged((l) => l.child({ slack: { appToken: 'xapp-1', mode: 'socket' } }).info('connected'));
    expect(line).toMatchObject({ slack: { appToken: '[redacted]', mode: 'socket' }, msg: 'connected' });
  });
});
