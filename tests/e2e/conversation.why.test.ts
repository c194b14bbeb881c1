import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotConnector, teamsActivity } from '../../bench/support/fakes/bot-connector.js';
import { FakeSlack } from '../../bench/support/fakes/slack-api.js';
import { postJson, type TestServer } from '../helpers/server.js';
import { blocksText, startSlackServer } from '../helpers/slack.js';
import { type SlackTarget, sendEvent, slashCommand } from '../helpers/slack-sign.js';
import { conversationOf, readCard } from '../helpers/teams.js';

/** `/pmo why` on Slack and `why` on Teams, over real HTTP on the full server: admins only, per platform. */

let fake: FakeSlack;
let connector: FakeBotConnector;
let running: TestServer & { target: SlackTarget };

beforeAll(async () => {
  fake = await FakeSlack.start();
  connector = await FakeBotConnector.start();
  // A busy test machine must not make the server shed these few requests with 503.
  const env = { ADMIN_USER_IDS: 'slack:U-WHY-ADMIN,teams:aad-why-admin', OVERLOAD_MAX_LAG_MS: '60000' };
  running = await startSlackServer(fake, env, { log: 'silent' });
});

afterAll(async () => {
  await running?.server.close();
  await Promise.all([fake?.close(), connector?.close()]);
});

async function dm(user: string, text: string): Promise<void> {
  const seen = fake.calls.length;
  await sendEvent(running.target, { type: 'message', channel_type: 'im', user, channel: `D-${user}`, text });
  await fake.nextCall('chat.postMessage', seen);
}

describe('why this answer', () => {
  it('explains a Slack admin’s last question, step by step', async () => {
    await dm('U-WHY-ADMIN', 'PMPの受験資格は?');
    await dm('U-WHY-ADMIN', 'and its fee?');
    const res = await slashCommand(running.target, 'why', 'U-WHY-ADMIN');
    const text = blocksText((res.json as { blocks: unknown[] }).blocks);
    expect(text).toContain('Why this answer');
    expect(text).toContain('and its fee?');
    expect(text).toContain('Top candidates');
    expect(text).toMatch(/Conversation topic: cert-pmp/);
    expect(text).toMatch(/"fee" \(fee\)/);
  });

  it('refuses everyone else, and a Teams user with a Slack admin’s id', async () => {
    await dm('U-WHY-OTHER', 'what is PMP?');
    const res = await slashCommand(running.target, 'why', 'U-WHY-OTHER');
    expect(blocksText((res.json as { blocks: unknown[] }).blocks)).toContain('admins only');
    const activity = teamsActivity(connector.serviceUrl, { from: { id: 'U-WHY-ADMIN' }, text: 'why' });
    await postJson(`${running.url}/api/messages`, activity);
    expect(readCard(connector.to(conversationOf(activity))[0]?.body ?? {}).text).toContain('admins only');
  });

  it('answers `why` typed by a Teams admin', async () => {
    const send = async (text: string) => {
      const activity = teamsActivity(connector.serviceUrl, {
        from: { id: '29:why-admin', aadObjectId: 'aad-why-admin' },
        conversation: { id: 'a:why-admin', conversationType: 'personal', tenantId: 'tenant-1' },
        text,
      });
      await postJson(`${running.url}/api/messages`, activity);
      return readCard(connector.to('a:why-admin').at(-1)?.body ?? {});
    };
    await send('what does a PMO expert do?');
    const why = await send('why');
    expect(why.text).toContain('Top candidates: pmo-expert');
  });
});
