import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { Telemetry } from '../../adapters/shared/telemetry.js';
import { mountSlack } from '../../adapters/slack/index.js';
import { FakeSlack } from '../../bench/support/fakes/slack-api.js';
import { Bot } from '../../src/bot/bot.js';
import { defaultKnowledgeDir } from '../../src/cli/knowledge-dir.js';
import { DeliveryGuard } from '../../src/deliveries.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { captureLogs } from '../helpers/slack.js';
import { eventCallback, FakeSocketMode } from '../helpers/slack-socket.js';

/**
 * Socket Mode is chosen by SLACK_APP_TOKEN: the app-level token is used
 * against the configured API URL, a rejected token fails start-up loudly
 * (and stays out of the logs), and no HTTP route is registered. Over a
 * loopback WebSocket standing in for Slack's, events are answered by the
 * same listener as over HTTP, and a retried event is answered once.
 */

const APP_TOKEN = 'xapp-1-A111-222-socketsecret';
let fake: FakeSlack | undefined;
let socket: FakeSocketMode | undefined;
let stopSlack: (() => Promise<void>) | undefined;

afterEach(async () => {
  await stopSlack?.();
  stopSlack = undefined;
  await socket?.close();
  socket = undefined;
  await fake?.close();
});

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Socket Mode', () => {
  it('connects with the app token and fails start-up on invalid_auth', async () => {
    fake = await FakeSlack.start();
    fake.fail('apps.connections.open', 'invalid_auth');
    const { lines, logger } = captureLogs();
    const app = express();
    const deps = {
      app,
      bot: new Bot({ kb: loadKnowledge(defaultKnowledgeDir()) }),
      logger,
      telemetry: new Telemetry(logger),
      deliveries: new DeliveryGuard(),
    };
    const config = { botToken: 'xoxb-sm-1', signingSecret: 'sm-secret', appToken: APP_TOKEN, apiUrl: fake.apiUrl };
    await expect(mountSlack(deps, config)).rejects.toThrow(/invalid_auth/);
    const open = fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(lines.join('')).not.toContain(APP_TOKEN);

    const server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers a mention, a DM and App Home over the socket, and a retried event only once', async () => {
    fake = await FakeSlack.start();
    socket = await FakeSocketMode.start();
    fake.socketModeUrl = socket.url;
    const { lines, logger } = captureLogs();
    const deps = {
      app: express(),
      bot: new Bot({ kb: loadKnowledge(defaultKnowledgeDir()) }),
      logger,
      telemetry: new Telemetry(logger),
      deliveries: new DeliveryGuard(),
    };
    const config = { botToken: 'xoxb-sm-2', signingSecret: 'sm-secret', appToken: APP_TOKEN, apiUrl: fake.apiUrl };
    const mounted = await mountSlack(deps, config);
    stopSlack = mounted.stop;
    expect(mounted.mode).toBe('socket-mode');

    const ts = '1700000700.000100';
    const mention = {
      type: 'app_mention',
      user: 'U-SM',
      text: '<@UBOT> what is a PMO?',
      ts,
      channel: 'C-SM',
      event_ts: ts,
    };
    socket.deliver(eventCallback(mention, 'Ev-SM-1'), 'envelope-1');
    const answer = await fake.waitFor('chat.postMessage', (c) => c.body.channel === 'C-SM');
    expect(answer.body.thread_ts).toBe(ts);
    expect(String(answer.body.text)).toMatch(/PMO/);

    socket.deliver(eventCallback(mention, 'Ev-SM-1'), 'envelope-2', 1);
    await until(() => socket?.acks.includes('envelope-2') === true, 'the retry to be acknowledged');
    await until(() => lines.some((l) => l.includes('slack: ignored a retried event')), 'the retry to be ignored');

    const dm = { type: 'message', channel_type: 'im', user: 'U-SM', text: 'what is a PMO?', ts, channel: 'D-SM' };
    socket.deliver(eventCallback(dm, 'Ev-SM-2'), 'envelope-3');
    await fake.waitFor('chat.postMessage', (c) => c.body.channel === 'D-SM');
    socket.deliver(eventCallback({ type: 'app_home_opened', user: 'U-SM', tab: 'home' }, 'Ev-SM-3'), 'envelope-4');
    await fake.waitFor('views.publish', (c) => c.body.user_id === 'U-SM');

    expect(fake.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C-SM')).toHaveLength(1);
  });
});
