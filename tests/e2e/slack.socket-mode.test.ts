import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { Telemetry } from '../../adapters/shared/telemetry.js';
import { mountSlack } from '../../adapters/slack/index.js';
import { FakeSlack } from '../../bench/support/fakes/slack-api.js';
import { Bot } from '../../src/bot/bot.js';
import { defaultKnowledgeDir } from '../../src/cli/knowledge-dir.js';
import { DeliveryGuard } from '../../src/deliveries.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { createLogger } from '../../src/logger.js';

/**
 * Socket Mode is chosen by SLACK_APP_TOKEN. Without a real WebSocket peer
 * we check the wiring: the app-level token is used against the configured
 * API URL, a rejected token fails start-up loudly (and stays out of the
 * logs), and no HTTP route is registered.
 */

const APP_TOKEN = 'xapp-1-A111-222-socketsecret';
let fake: FakeSlack | undefined;

afterEach(async () => {
  await fake?.close();
});

describe('Socket Mode', () => {
  it('connects with the app token and fails start-up on invalid_auth', async () => {
    fake = await FakeSlack.start();
    fake.fail('apps.connections.open', 'invalid_auth');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger('debug', sink);
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
});
