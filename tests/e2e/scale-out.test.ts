import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../adapters/server/server.js';
import { escapeMrkdwn } from '../../adapters/slack/text.js';
import { FakeBotConnector, teamsActivity } from '../../bench/support/fakes/bot-connector.js';
import { FakeSlack } from '../../bench/support/fakes/slack-api.js';
import { realKnowledge } from '../helpers/knowledge.js';
import { nextButton, nextData, statusText, stepOf, stepTitle, submitData, ui } from '../helpers/onboarding.js';
import { closedPort, pgUrl, requirePostgresInCI } from '../helpers/postgres.js';
import { postJson } from '../helpers/server.js';
import {
  actionButton,
  blocksText,
  clickEphemeral,
  headerOf,
  slashBlocks,
  startSlackServer,
  TEST_SIGNING_SECRET,
} from '../helpers/slack.js';
import { eventCallback, nowSeconds, postSigned, type SlackTarget } from '../helpers/slack-sign.js';
import { conversationOf, readCard } from '../helpers/teams.js';

/**
 * Several instances behind a load balancer: two real servers sharing one
 * PostgreSQL must behave like one bot (progress moves between them, a Slack
 * event delivered to both is answered once). And a database that is down
 * must not take the bot down with it.
 */

type Json = Record<string, unknown>;

const kb = realKnowledge();

/** One running server with everything a test needs to talk to it. */
interface Instance {
  server: RunningServer;
  slack: SlackTarget;
  teamsUrl: string;
  logLines: string[];
}

async function startInstance(fake: FakeSlack, env: Record<string, string>): Promise<Instance> {
  const { server, url, lines, target } = await startSlackServer(fake, { ANALYTICS_SALT: 'scale-out-salt', ...env });
  return { server, slack: target, teamsUrl: `${url}/api/messages`, logLines: lines };
}

async function until(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let clickCount = 0;

/** Clicks an ephemeral button on `target` and returns the blocks posted to the click's response_url. */
async function clickOn(
  fake: FakeSlack,
  target: SlackTarget,
  user: string,
  pressed: { actionId: string; value: string },
): Promise<unknown[]> {
  clickCount += 1;
  const posted = await clickEphemeral(fake, target, { ...pressed, user, responseId: `so-${clickCount}` });
  return (posted.body.blocks as unknown[] | undefined) ?? [];
}

describe.skipIf(!pgUrl)(
  pgUrl ? 'Scale-out: two instances, one PostgreSQL' : 'Scale-out (skipped: TEST_DATABASE_URL not set)',
  () => {
    // The server takes only a URL, so each run gets its own database, dropped afterwards.
    const database = `pmo_scale_${randomBytes(6).toString('hex')}`;
    let admin: pg.Client;
    let fake: FakeSlack;
    let connector: FakeBotConnector;
    let a: Instance;
    let b: Instance;

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      const url = new URL(pgUrl ?? '');
      url.pathname = `/${database}`;
      fake = await FakeSlack.start();
      connector = await FakeBotConnector.start();
      // Both at once, as a deployment would: the migration lock must let them share a fresh database.
      [a, b] = await Promise.all([
        startInstance(fake, { DATABASE_URL: url.toString() }),
        startInstance(fake, { DATABASE_URL: url.toString() }),
      ]);
    });

    afterAll(async () => {
      await Promise.all([a?.server.close(), b?.server.close()]);
      await Promise.all([fake?.close(), connector?.close()]);
      await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin?.end();
    });

    it('uses PostgreSQL on both instances', async () => {
      for (const instance of [a, b]) {
        expect(instance.logLines.some((l) => l.includes('"store":"postgres"'))).toBe(true);
      }
    });

    it('continues a Slack user’s onboarding on instance B where instance A left it', async () => {
      const user = 'U-SCALE';
      const first = await slashBlocks(a.slack, 'onboard', user);
      expect(headerOf(first)).toBe(stepTitle(0, 'en'));
      const choice = actionButton(
        first,
        (x) => x.type === 'onboard' && x.op === 'answer' && x.choice === stepOf(0).answer,
      );
      const answered = await clickOn(fake, a.slack, user, choice);
      expect(blocksText(answered)).toContain(ui.correct.en);
      const next = nextButton(answered, 0);

      const onB = await clickOn(fake, b.slack, user, next);
      expect(headerOf(onB)).toBe(stepTitle(1, 'en'));
      // The same Next clicked again, now on A: A sees B's move and does not skip a step.
      const staleOnA = await clickOn(fake, a.slack, user, next);
      expect(headerOf(staleOnA)).toBe(stepTitle(1, 'en'));
      const status = blocksText(await slashBlocks(a.slack, 'onboard status', user));
      expect(status).toContain(escapeMrkdwn(statusText({ step: 1, answered: 1, score: 1 })));
    });

    it('continues a Teams user’s onboarding across instances', async () => {
      const user = 'aad-scale';
      const send = async (instance: Instance, fields: Json) => {
        const activity = teamsActivity(connector.serviceUrl, {
          from: { id: `29:${user}`, aadObjectId: user },
          ...fields,
        });
        const res = await postJson(instance.teamsUrl, activity);
        expect(res.status).toBe(200);
        const [posted] = connector.to(conversationOf(activity));
        return readCard(posted?.body ?? {});
      };

      const first = await send(a, { text: 'onboard' });
      expect(first.text.split('\n')[0]).toBe(stepTitle(0, 'en'));
      const answered = await send(b, {
        value: submitData(first, (d) => d.op === 'answer' && d.choice === stepOf(0).answer),
      });
      expect(answered.text).toContain(ui.correct.en);
      const second = await send(a, { value: nextData(answered, 0) });
      expect(second.text.split('\n')[0]).toBe(stepTitle(1, 'en'));
      const status = await send(b, { text: 'onboard status' });
      expect(status.text).toContain(statusText({ step: 1, answered: 1, score: 1 }));
    });

    it('answers a Slack event delivered to both instances at once exactly once', async () => {
      const channel = 'C-DUP';
      const events = 5;
      const ignored = () =>
        [...a.logLines, ...b.logLines].filter((l) => l.includes('slack: ignored a retried event')).length;
      const ignoredBefore = ignored();
      for (let i = 0; i < events; i += 1) {
        const ts = `${nowSeconds()}.00${i}100`;
        // One delivery, byte for byte, sent to both instances concurrently (a retry racing the original).
        const body = eventCallback(
          { type: 'app_mention', user: 'U-DUP', text: '<@UBOT> what is a PMO?', channel, ts, event_ts: ts },
          { eventId: `EvScale${randomBytes(4).toString('hex')}${i}` },
        );
        const results = await Promise.all(
          [a, b].map((x) => postSigned(x.slack.eventsUrl, body, { secret: TEST_SIGNING_SECRET })),
        );
        expect(results.map((r) => r.status)).toEqual([200, 200]);
      }
      const posts = () => fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel);
      // Done when every event was answered once and every duplicate was dropped.
      await until('both instances to handle every delivery', () => posts().length >= events);
      await until('the duplicates to be dropped', () => ignored() - ignoredBefore >= events);
      expect(posts()).toHaveLength(events);
      expect(new Set(posts().map((c) => c.body.thread_ts)).size).toBe(events);
      expect(blocksText(posts()[0]?.body.blocks)).toContain(kb.byId.get('pmo-role')?.en.title);
    });
  },
);

requirePostgresInCI('Scale-out in CI');

describe('database unreachable', () => {
  let fake: FakeSlack;
  let instance: Instance;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    instance = await startInstance(fake, {
      DATABASE_URL: `postgres://pmo:secret-db-password@127.0.0.1:${await closedPort()}/pmo`,
    });
  });

  afterAll(async () => {
    await instance?.server.close();
    await fake?.close();
  });

  it('still starts and answers questions', async () => {
    const health = await fetch(instance.slack.eventsUrl.replace('/slack/events', '/healthz'));
    expect(health.status).toBe(200);
    const answer = blocksText(await slashBlocks(instance.slack, 'what is a PMO?', 'U-DOWN'));
    expect(answer).toContain(kb.byId.get('pmo-role')?.en.title);
    // Events still work: the duplicate check falls back to this instance's memory.
    const seen = fake.calls.length;
    const ts = `${nowSeconds()}.000200`;
    const body = JSON.stringify({
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: `EvDown${randomBytes(4).toString('hex')}`,
      event_time: nowSeconds(),
      event: {
        type: 'app_mention',
        user: 'U-DOWN',
        text: '<@UBOT> what is a PMO?',
        channel: 'C-DOWN',
        ts,
        event_ts: ts,
      },
    });
    expect((await postSigned(instance.slack.eventsUrl, body, { secret: TEST_SIGNING_SECRET })).status).toBe(200);
    const posted = await fake.nextCall('chat.postMessage', seen);
    expect(blocksText(posted.body.blocks)).toContain(kb.byId.get('pmo-role')?.en.title);
    // The password in DATABASE_URL never reaches a log line.
    expect(instance.logLines.join('\n')).not.toContain('secret-db-password');
  });

  it('shows the onboarding lesson with the "progress could not be saved" notice', async () => {
    const first = await slashBlocks(instance.slack, 'onboard', 'U-DOWN');
    expect(headerOf(first)).toBe(stepTitle(0, 'en'));
    const text = blocksText(first);
    expect(text).toContain(escapeMrkdwn(ui.notSaved.en));
    expect(text).toContain(escapeMrkdwn(stepOf(0).en.check.question));
    // A click is still answered from the button alone, with the same notice.
    const choice = actionButton(
      first,
      (x) => x.type === 'onboard' && x.op === 'answer' && x.choice === stepOf(0).answer,
    );
    const answered = blocksText(await clickOn(fake, instance.slack, 'U-DOWN', choice));
    expect(answered).toContain(escapeMrkdwn(ui.notSaved.en));
    expect(answered).toContain(ui.correct.en);
  });
});
