import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadShedder } from '../../adapters/server/overload.js';
import { FakeBotConnector, teamsMessageActivity } from '../../bench/support/fakes/bot-connector.js';
import { FakeSlack } from '../../bench/support/fakes/slack-api.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { postJson, startServer, type TestServer } from '../helpers/server.js';
import { startSlackServer } from '../helpers/slack.js';
import { type SlackTarget, slashCommand } from '../helpers/slack-sign.js';

/**
 * Load shedding over real HTTP: with the in-flight limit at 1, a Teams reply
 * held up by a slow Bot Connector keeps the server "full", so the next
 * platform request is refused with 503 + Retry-After while /healthz still
 * answers and /readyz says not ready; once the reply is through, requests
 * are served again.
 */

let fake: FakeSlack;
let connector: FakeBotConnector;
let running: TestServer & { target: SlackTarget };

beforeAll(async () => {
  fake = await FakeSlack.start();
  connector = await FakeBotConnector.start();
  running = await startSlackServer(fake, { OVERLOAD_MAX_IN_FLIGHT: '1' });
});

afterAll(async () => {
  await running?.server.close();
  await connector?.close();
  await fake?.close();
});

describe('overload', () => {
  it('answers new platform requests with 503 + Retry-After while full, keeps /healthz up, then recovers', async () => {
    connector.delayMs = 1000;
    const replyPosted = connector.nextActivity();
    const held = postJson(
      `${running.url}/api/messages`,
      teamsMessageActivity({ serviceUrl: `${connector.url}/`, text: 'cert pmp' }),
    );
    await replyPosted;

    const refused = await fetch(`${running.url}/slack/events`, { method: 'POST', body: 'x' });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'overloaded', reason: 'in_flight' });

    connector.delayMs = 0;
    expect((await held).status).toBe(200);
    const served = await slashCommand(running.target, 'cert pmp');
    expect(served.status).toBe(200);
    expect(served.text).toContain('PMP');
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toMatch(/pmo_guide_requests_shed_total\{reason="in_flight"\} 1\b/);
    const lines = running.lines.filter((l) => l.includes('overloaded: answering new platform requests with 503'));
    expect(lines).toHaveLength(1);
  });
});

describe('HEALTH_PORT', () => {
  it('serves the probes, and only them, on a port of their own', async () => {
    const own = await startServer({ HEALTH_PORT: '0' }, { log: 'silent' });
    try {
      const health = own.server.healthAddress?.url;
      expect(health).toBeDefined();
      expect(health).not.toBe(own.url);
      expect(await (await fetch(`${health}/healthz`)).json()).toMatchObject({ status: 'ok' });
      expect((await fetch(`${health}/readyz`)).status).toBe(200);
      const activity = teamsMessageActivity({ serviceUrl: `${connector.url}/`, text: 'cert pmp' });
      expect((await postJson(`${health}/api/messages`, activity)).status).toBe(404);
    } finally {
      await own.server.close();
    }
  });

  it('is off unless set, and named when invalid', () => {
    expect(loadConfig({}).healthPort).toBeUndefined();
    expect(() => loadConfig({ HEALTH_PORT: 'x' })).toThrow(/HEALTH_PORT/);
  });
});

describe('event-loop lag', () => {
  it('counts a stall still in progress, before the sampler could run', () => {
    let now = 0;
    const shedder = new LoadShedder(
      { maxLagMs: 200, maxInFlight: 100 },
      createLogger('silent'),
      new Registry(),
      () => now,
    );
    try {
      now = 40;
      expect(shedder.overloaded()).toBeUndefined();
      now = 1000;
      expect(shedder.overloaded()).toBe('event_loop_lag');
    } finally {
      shedder.stop();
    }
  });
});
