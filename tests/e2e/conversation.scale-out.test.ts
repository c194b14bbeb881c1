import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../adapters/slack/text.js';
import { FakeBotConnector, teamsActivity } from '../../bench/support/fakes/bot-connector.js';
import { FakeSlack, type RecordedCall } from '../../bench/support/fakes/slack-api.js';
import { entryOf, realKnowledge } from '../helpers/knowledge.js';
import { pgUrl, requirePostgresInCI } from '../helpers/postgres.js';
import { postJson, type TestServer } from '../helpers/server.js';
import { actionButton, blocksText, headerOf, startSlackServer } from '../helpers/slack.js';
import { clickButton, type SlackTarget, sendEvent } from '../helpers/slack-sign.js';
import { conversationOf, readCard } from '../helpers/teams.js';

/**
 * Conversations across instances: three real servers on one PostgreSQL. A
 * follow-up reaches whichever instance the load balancer picks, so the topic
 * and the preferred language must come from the shared store.
 */

const kb = realKnowledge();
const entry = (id: string) => entryOf(kb, id);
type Instance = TestServer & { target: SlackTarget };

describe.skipIf(!pgUrl)(
  pgUrl ? 'Conversations across three instances on one PostgreSQL' : 'Conversations across instances (skipped)',
  () => {
    const database = `pmo_conv_${randomBytes(6).toString('hex')}`;
    let admin: pg.Client;
    let fake: FakeSlack;
    let connector: FakeBotConnector;
    let instances: Instance[] = [];

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      const url = new URL(pgUrl ?? '');
      url.pathname = `/${database}`;
      fake = await FakeSlack.start();
      connector = await FakeBotConnector.start();
      // Three servers building their matchers in one test process lag its event loop: no shedding here.
      const env = { DATABASE_URL: url.toString(), ANALYTICS_SALT: 'conv-scale-salt', OVERLOAD_MAX_LAG_MS: '60000' };
      instances = await Promise.all([0, 1, 2].map(() => startSlackServer(fake, env, { log: 'silent' })));
    });

    afterAll(async () => {
      await Promise.all(instances.map((i) => i.server.close()));
      await Promise.all([fake?.close(), connector?.close()]);
      await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin?.end();
    });

    const at = (i: number): Instance => {
      const instance = instances[i];
      if (!instance) throw new Error(`no instance ${i}`);
      return instance;
    };

    async function dm(instance: Instance, user: string, text: string): Promise<RecordedCall> {
      const seen = fake.calls.length;
      const event = { type: 'message', channel_type: 'im', user, channel: `D-${user}`, text };
      expect((await sendEvent(instance.target, event)).status).toBe(200);
      return fake.nextCall('chat.postMessage', seen);
    }

    it('answers a Slack follow-up on the third instance to a question asked on the first', async () => {
      await dm(at(0), 'U-SCALE-CONV', 'PMPの受験資格は?');
      const followUp = await dm(at(2), 'U-SCALE-CONV', '合格率は?');
      expect(headerOf(followUp.body.blocks)).toBe(entry('cert-pmp').ja.title);
      const line = kb.ui.aboutTopic.ja.trim().replaceAll('{topic}', entry('cert-pmp').ja.title);
      expect(blocksText(followUp.body.blocks)).toContain(escapeMrkdwn(line));
    });

    it('answers a Teams follow-up on the third instance to a question asked on the second', async () => {
      const send = async (instance: Instance, text: string) => {
        const activity = teamsActivity(connector.serviceUrl, {
          from: { id: '29:scale-conv', aadObjectId: 'aad-scale-conv' },
          conversation: { id: 'a:scale-conv', conversationType: 'personal', tenantId: 'tenant-1' },
          text,
        });
        expect((await postJson(`${instance.url}/api/messages`, activity)).status).toBe(200);
        return readCard(connector.to(conversationOf(activity)).at(-1)?.body ?? {});
      };
      await send(at(1), 'what does a PMO expert do?');
      const followUp = await send(at(2), 'and the manager?');
      expect(followUp.text).toContain(entry('pmo-manager').en.title);
    });

    it('carries the preferred language chosen on one instance to the others', async () => {
      const user = 'U-SCALE-LANG';
      const answer = await dm(at(0), user, 'what is PMP?');
      const button = actionButton(answer.body.blocks, (a) => a.type === 'switch' && a.lang === 'ja');
      const seen = fake.calls.length;
      await clickButton(at(1).target, { ...button, container: 'message', channel: `D-${user}`, user });
      expect(headerOf((await fake.nextCall('chat.update', seen)).body.blocks)).toBe(entry('cert-pmp').ja.title);
      const next = await dm(at(2), user, 'PMP?');
      expect(headerOf(next.body.blocks)).toBe(entry('cert-pmp').ja.title);
    });
  },
);

requirePostgresInCI('Conversations across instances: PostgreSQL in CI');
