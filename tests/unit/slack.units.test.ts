import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { firstEventDelivery } from '../../adapters/slack/events.js';
import { lazyAuthorize, SLACK_EVENTS_PATH, startSocketMode } from '../../adapters/slack/index.js';
import { parseButtonValue, SLASH_COMMAND } from '../../adapters/slack/interactions.js';
import { boltLogger, safeError, scrub } from '../../adapters/slack/log.js';
import { classifyBody } from '../../adapters/slack/receiver.js';
import { UserDirectory } from '../../adapters/slack/users.js';
import { DeliveryGuard } from '../../src/deliveries.js';
import { captureLogs } from '../helpers/slack.js';

describe('UserDirectory', () => {
  it('caches a user for the TTL and looks them up again afterwards', async () => {
    let now = 0;
    const users = new UserDirectory({ ttlMs: 1000, now: () => now });
    const info = vi.fn(async () => ({ ok: true, user: { locale: 'ja-JP' } }));
    expect(await users.locale('U1', info)).toBe('ja-JP');
    expect(await users.locale('U1', info)).toBe('ja-JP');
    expect(info).toHaveBeenCalledTimes(1);
    now = 2000;
    await users.locale('U1', info);
    expect(info).toHaveBeenCalledTimes(2);
  });

  it('shares one look-up between concurrent requests', async () => {
    const users = new UserDirectory();
    const info = vi.fn(async () => ({ ok: true, user: { locale: 'en-US', is_bot: true } }));
    const [a, b] = await Promise.all([users.get('U1', info), users.get('U1', info)]);
    expect(a).toEqual({ locale: 'en-US', isBot: true });
    expect(b).toEqual(a);
    expect(info).toHaveBeenCalledTimes(1);
  });

  it('carries on without a locale when users.info fails or is too slow', async () => {
    const onError = vi.fn();
    const users = new UserDirectory({ timeoutMs: 20, onError });
    expect(await users.locale('U1', async () => Promise.reject(new Error('missing_scope')))).toBeUndefined();
    expect(onError).toHaveBeenCalledOnce();
    const slow = () => new Promise<{ ok: boolean }>((r) => setTimeout(() => r({ ok: true }), 500));
    expect(await users.locale('U2', slow)).toBeUndefined();
  });

  it('waits out a hanging look-up once: later messages go on at once, and get the locale when it comes', async () => {
    let answer: (result: { ok: boolean; user: { locale: string } }) => void = () => undefined;
    const hanging = vi.fn(() => new Promise<{ ok: boolean; user: { locale: string } }>((r) => (answer = r)));
    const users = new UserDirectory({ timeoutMs: 300 });
    const first = performance.now();
    expect(await users.locale('U1', hanging)).toBeUndefined();
    expect(performance.now() - first).toBeGreaterThanOrEqual(290);
    const second = performance.now();
    expect(await users.locale('U1', hanging)).toBeUndefined();
    expect(performance.now() - second).toBeLessThan(150);
    answer({ ok: true, user: { locale: 'ja-JP' } });
    await new Promise((r) => setImmediate(r));
    expect(await users.locale('U1', hanging)).toBe('ja-JP');
    expect(hanging).toHaveBeenCalledOnce();
  });

  it('drops values that are not locale tags and evicts the oldest users', async () => {
    const users = new UserDirectory({ maxEntries: 1 });
    const info = vi.fn(async () => ({ ok: true, user: { locale: 'x'.repeat(80) } }));
    expect(await users.locale('U1', info)).toBeUndefined();
    await users.locale('U2', info);
    await users.locale('U1', info);
    expect(info).toHaveBeenCalledTimes(3);
  });
});

describe('request guards', () => {
  it('classifies parsed bodies', () => {
    expect(classifyBody({ command: '/pmo', text: '' })).toBe('process');
    expect(classifyBody({ type: 'event_callback', event: {} })).toBe('process');
    expect(classifyBody({ type: 'block_actions' })).toBe('process');
    expect(classifyBody({ type: 'app_rate_limited' })).toBe('ignore');
    expect(classifyBody({ hello: 'world' })).toBe('reject');
    expect(classifyBody([1, 2])).toBe('reject');
    expect(classifyBody(null)).toBe('reject');
  });

  it('accepts only button values that are valid actions', () => {
    expect(parseButtonValue('{"type":"ask","entryId":"pm-role","lang":"ja"}')).toEqual({
      type: 'ask',
      entryId: 'pm-role',
      lang: 'ja',
    });
    for (const bad of [undefined, 42, '', '{', '{"type":"ask"}', 'x'.repeat(3000)]) {
      expect(parseButtonValue(bad)).toBeUndefined();
    }
  });

  it('drops a retried event id and lets the first through', async () => {
    const { logger } = captureLogs();
    const firstDelivery = firstEventDelivery(new DeliveryGuard(), logger);
    expect(await firstDelivery('Ev1')).toBe(true);
    expect(await firstDelivery('Ev1')).toBe(false);
    expect(await firstDelivery('Ev2')).toBe(true);
    // No id, nothing to dedupe on: answered.
    expect(await firstDelivery(undefined)).toBe(true);
  });

  it('looks the bot identity up once, lazily, and retries after a failure', async () => {
    const { logger } = captureLogs();
    const test = vi
      .fn()
      .mockRejectedValueOnce(new Error('network'))
      .mockResolvedValue({ ok: true, user_id: 'UBOT', bot_id: 'BBOT' });
    const authorize = lazyAuthorize('xoxb-1', { auth: { test } } as never, logger);
    expect(test).not.toHaveBeenCalled();
    const source = { teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false };
    expect(await authorize(source)).toEqual({ botToken: 'xoxb-1' });
    expect(await authorize(source)).toEqual({ botToken: 'xoxb-1', botId: 'BBOT', botUserId: 'UBOT' });
    await authorize(source);
    expect(test).toHaveBeenCalledTimes(2);
  });
});

describe('the bot identity while auth.test hangs', () => {
  it('holds one request up for at most the wait, the next not at all, and is used once it comes', async () => {
    const { logger } = captureLogs();
    let answer: (result: { ok: boolean; user_id: string; bot_id: string }) => void = () => undefined;
    const test = vi.fn(() => new Promise((r) => (answer = r)));
    const authorize = lazyAuthorize('xoxb-1', { auth: { test } } as never, logger, 300);
    const source = { teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false };
    const first = performance.now();
    expect(await authorize(source)).toEqual({ botToken: 'xoxb-1' });
    expect(performance.now() - first).toBeGreaterThanOrEqual(290);
    const second = performance.now();
    expect(await authorize(source)).toEqual({ botToken: 'xoxb-1' });
    expect(performance.now() - second).toBeLessThan(150);
    answer({ ok: true, user_id: 'UBOT', bot_id: 'BBOT' });
    await new Promise((r) => setImmediate(r));
    expect(await authorize(source)).toEqual({ botToken: 'xoxb-1', botId: 'BBOT', botUserId: 'UBOT' });
    expect(test).toHaveBeenCalledOnce();
  });
});

describe('logging', () => {
  it('scrubs tokens from messages and errors', () => {
    expect(scrub('token xoxb-123-abc and xapp-1-A0-xyz')).toBe('token [redacted] and [redacted]');
    const error = Object.assign(new Error('failed with xoxb-9-secret'), {
      code: 'slack_webapi_request_error',
      original: { config: { headers: { Authorization: 'Bearer xoxb-9-secret' } } },
    });
    const safe = safeError(error);
    expect(JSON.stringify(safe)).not.toContain('xoxb-9');
    expect(safe).toMatchObject({ type: 'Error', code: 'slack_webapi_request_error' });
  });

  it('sends Bolt logs through pino without secrets', () => {
    const { lines, logger } = captureLogs();
    const bolt = boltLogger(logger);
    bolt.warn('auth failed for', 'xoxb-1-2-3', new Error('boom'));
    bolt.setLevel('error' as never);
    bolt.debug({ a: 1 });
    expect(lines).toHaveLength(2);
    expect(lines.join('')).not.toContain('xoxb-1');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ component: 'bolt', err: { message: 'boom' } });
    expect(bolt.getLevel()).toBe('debug');
  });
});

describe('Socket Mode start-up', () => {
  it('carries on in the background when the first connection takes too long', async () => {
    const { lines, logger } = captureLogs();
    let connect: () => void = () => {};
    const app = { start: () => new Promise<void>((resolve) => (connect = resolve)) };
    await startSocketMode(app as never, logger, 10);
    expect(lines.join('')).toContain('still trying in the background');
    connect();
    await expect.poll(() => lines.join('')).toContain('slack: connected');
  });
});

describe('manifest.yaml', () => {
  const manifest = parse(readFileSync(new URL('../../adapters/slack/manifest.yaml', import.meta.url), 'utf8'));

  it('subscribes to exactly the events and command the adapter handles, on one request URL', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(
      ['app_home_opened', 'app_mention', 'member_joined_channel', 'message.im'].sort(),
    );
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([SLASH_COMMAND]);
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c: { url: string }) => c.url),
    ];
    for (const url of urls) expect(url).toBe(`https://YOUR-HOST${SLACK_EVENTS_PATH}`);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
  });

  it('requests the scopes those features need', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['app_mentions:read', 'chat:write', 'commands', 'im:history', 'users:read']),
    );
  });
});
