import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotConnector, teamsActivity } from '../../bench/support/fakes/bot-connector.js';
import { FakeSlack } from '../../bench/support/fakes/slack-api.js';
import { redactPayload } from '../../src/logger.js';
import { stepOf } from '../helpers/onboarding.js';
import { postJson, type TestServer } from '../helpers/server.js';
import { actionButton, clickEphemeral, slashBlocks, startSlackServer } from '../helpers/slack.js';
import { type SlackTarget, sendEvent } from '../helpers/slack-sign.js';

/**
 * docs/deploy.md promises that logs hold no user ids and no message text, at
 * any level. The server runs here at debug, where the Slack client used to
 * log whole API requests (user ids, the bot's replies); every log line of a
 * real conversation on both platforms is searched for what people sent.
 */

const SECRET_IDS = ['U-LOGPRIV-SLASH', 'U-LOGPRIV-MENTION', 'U-LOGPRIV-DM', '29:LOGPRIV-TEAMS', 'aad-LOGPRIV'];
const MORE_IDS = ['C-LOGPRIV', 'D-LOGPRIV', 'a:LOGPRIV-CONV', 'tenant-LOGPRIV'];
const BODIES = ['LOGPRIV-SLASH', 'LOGPRIV-MENTION', 'LOGPRIV-DM', 'LOGPRIV-TEAMS', 'project management office'];

describe('log lines at debug level', () => {
  let fake: FakeSlack;
  let connector: FakeBotConnector;
  let running: TestServer & { target: SlackTarget };

  beforeAll(async () => {
    fake = await FakeSlack.start();
    connector = await FakeBotConnector.start();
    running = await startSlackServer(fake, { ANALYTICS_SALT: 'log-privacy' });
  });

  afterAll(async () => {
    await running?.server.close();
    await Promise.all([fake?.close(), connector?.close()]);
  });

  async function talkOnBothPlatforms(): Promise<void> {
    const { target } = running;
    await slashBlocks(target, 'LOGPRIV-SLASH how do I fix the wifi?', 'U-LOGPRIV-SLASH');
    const lesson = await slashBlocks(target, 'onboard', 'U-LOGPRIV-SLASH');
    const right = (a: { type: string; op?: string; choice?: number }) =>
      a.type === 'onboard' && a.op === 'answer' && a.choice === stepOf(0).answer;
    await clickEphemeral(fake, target, { ...actionButton(lesson, right), user: 'U-LOGPRIV-SLASH', responseId: 'lp' });
    let seen = fake.calls.length;
    const mention = '<@UBOT> LOGPRIV-MENTION what is a PMO?';
    await sendEvent(target, { type: 'app_mention', user: 'U-LOGPRIV-MENTION', text: mention, channel: 'C-LOGPRIV' });
    await fake.nextCall('chat.postMessage', seen);
    seen = fake.calls.length;
    const dm = { type: 'message', channel_type: 'im', user: 'U-LOGPRIV-DM', text: 'LOGPRIV-DM wifi password?' };
    await sendEvent(target, { ...dm, channel: 'D-LOGPRIV' });
    await fake.nextCall('chat.postMessage', seen);
    const conversation = { id: 'a:LOGPRIV-CONV', conversationType: 'personal', tenantId: 'tenant-LOGPRIV' };
    const from = { id: '29:LOGPRIV-TEAMS', aadObjectId: 'aad-LOGPRIV', name: 'Hanako' };
    const activity = teamsActivity(connector.serviceUrl, { from, conversation, text: 'LOGPRIV-TEAMS wifi?' });
    expect((await postJson(`${running.url}/api/messages`, activity)).status).toBe(200);
    expect(connector.to(conversation.id)).toHaveLength(1);
  }

  it('name no user, channel or conversation, and quote neither questions nor answers', async () => {
    await talkOnBothPlatforms();
    const log = running.lines.join('');
    // Debug was on: the Slack client's request lines are there, without their payload.
    expect(log).toContain('"msg":"http request body: [redacted]"');
    for (const text of [...SECRET_IDS, ...MORE_IDS, ...BODIES]) expect(log, text).not.toContain(text);
  });
});

describe('redactPayload', () => {
  it.each([
    ['http request body: {"user":"U1","text":"hi"}', 'http request body: [redacted]'],
    ['Received a message on the WebSocket: {"envelope_id":"e"}', 'Received a message on the WebSocket: [redacted]'],
    [
      'Calling ack() - type: events_api, envelope_id: e1, data: {}',
      'Calling ack() - type: events_api, envelope_id: e1, data: [redacted]',
    ],
    ['ack() call begins (body: some text)', 'ack() call begins (body: [redacted]'],
    ['Conversation context loaded for ID: D123', 'Conversation context loaded for ID: [redacted]'],
    ['Sending a WebSocket message: [{"a":1}]', 'Sending a WebSocket message: [redacted]'],
  ])('%s', (line, expected) => {
    expect(redactPayload(line)).toBe(expected);
  });

  it('leaves ordinary messages alone', () => {
    for (const line of ['state store ready', 'slack: ignored a retried event', "apiCall('chat.postMessage') end"]) {
      expect(redactPayload(line)).toBe(line);
    }
  });
});
