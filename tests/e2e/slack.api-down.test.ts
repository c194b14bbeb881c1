import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../bench/support/fakes/slack-api.js';
import { entryOf } from '../helpers/knowledge.js';
import type { TestServer } from '../helpers/server.js';
import { blocksText, startSlackServer } from '../helpers/slack.js';
import { type SlackTarget, sendEvent, slashCommand } from '../helpers/slack-sign.js';

/**
 * Slack's Web API stops answering (an outage, a firewall dropping the
 * server's outbound calls): its client retries for many minutes. A `/pmo`
 * answer travels in the ack and needs no Web API call, and Slack gives up on
 * a request after 3 s, so neither the bot's identity (auth.test) nor the
 * user's locale (users.info) may hold a request up that long, and once
 * waited for in vain they hold up no further request.
 */

/** SLACK_DEADLINE_MS: what Slack waits for an ack before showing the user an error. */
const SLACK_DEADLINE_MS = 3000;

let silentApi: Server;
let responses: FakeSlack;
let running: TestServer & { target: SlackTarget };

beforeAll(async () => {
  // Accepts every connection and never answers.
  silentApi = createServer(() => undefined);
  await new Promise<void>((resolve) => silentApi.listen(0, '127.0.0.1', resolve));
  const { port } = silentApi.address() as AddressInfo;
  responses = await FakeSlack.start();
  running = await startSlackServer(responses, { SLACK_API_URL: `http://127.0.0.1:${port}/api/` }, { log: 'silent' });
});

afterAll(async () => {
  await running?.server.close();
  silentApi?.closeAllConnections();
  await new Promise((resolve) => silentApi?.close(resolve));
  await responses?.close();
});

async function timed<T>(work: Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work;
  return { result, ms: performance.now() - start };
}

describe('while the Slack Web API does not answer', () => {
  it('answers `/pmo` in its ack within Slack’s deadline, and the next command without waiting again', async () => {
    const title = entryOf(running.server.bot.kb, 'cert-pmp').en.title;
    const first = await timed(slashCommand(running.target, 'cert pmp', 'U-DOWN'));
    expect(first.result.status).toBe(200);
    expect(blocksText((first.result.json as { blocks: unknown[] }).blocks)).toContain(title);
    expect(first.ms).toBeLessThan(SLACK_DEADLINE_MS);
    const next = await timed(slashCommand(running.target, 'cert pmp', 'U-DOWN'));
    expect(blocksText((next.result.json as { blocks: unknown[] }).blocks)).toContain(title);
    expect(next.ms).toBeLessThan(1000);
  });

  it('acknowledges a direct message within the deadline (its reply waits for the API, not the ack)', async () => {
    const sent = await timed(
      sendEvent(running.target, { type: 'message', channel_type: 'im', channel: 'D-DOWN', user: 'U-DM', text: 'PMP?' }),
    );
    expect(sent.result.status).toBe(200);
    expect(sent.ms).toBeLessThan(SLACK_DEADLINE_MS);
  });
});
