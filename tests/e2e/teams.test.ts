import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotConnector, teamsActivity } from '../../bench/support/fakes/bot-connector.js';
import { entryOf } from '../helpers/knowledge.js';
import {
  cardOf,
  cardSubmits,
  cardText,
  conversationOf,
  readCard,
  startTeamsServer,
  type TeamsServer,
} from '../helpers/teams.js';

/**
 * The Teams adapter end to end over real HTTP: activities are POSTed to
 * /api/messages in anonymous mode, and replies are read back from a fake Bot
 * Connector the adapter calls through botbuilder's real ConnectorClient.
 */

let connector: FakeBotConnector;
let server: TeamsServer;

beforeAll(async () => {
  connector = await FakeBotConnector.start();
  server = await startTeamsServer({ appType: 'MultiTenant' });
});

afterAll(async () => {
  await server?.close();
  await connector?.close();
});

const entry = (id: string) => entryOf(server.kb, id);

/** Posts an activity and returns the single card the bot sent back to its conversation. */
async function ask(overrides: Record<string, unknown>) {
  const activity = teamsActivity(connector.serviceUrl, overrides);
  const res = await server.post(activity);
  expect(res.status).toBe(200);
  const conversation = conversationOf(activity);
  const posted = connector.to(conversation);
  expect(posted).toHaveLength(1);
  const body = posted[0]?.body ?? {};
  return { body, ...readCard(body), posted: posted[0] };
}

describe('Teams messages', () => {
  it('answers a personal-chat question with an Adaptive Card', async () => {
    const { body, card, text, posted } = await ask({ text: 'what does a PMO expert do?' });
    const expert = entry('pmo-expert');
    expect(text).toContain(expert.en.title);
    expect(text).toContain('Source:');
    expect(card.version).toBe('1.4');
    expect(body.text).toBe(expert.en.title);
    // Anonymous mode: nothing to sign outgoing calls with.
    expect(posted?.authorization).toBeUndefined();
    const submits = cardSubmits(card);
    expect(submits.some((s) => s.data.type === 'feedback' && s.data.entryId === 'pmo-expert')).toBe(true);
    expect(submits.some((s) => s.data.type === 'ask')).toBe(true);
  });

  it('keeps bullet lines as a markdown list', async () => {
    const { card } = await ask({ text: 'what does a PMO expert do?' });
    const blocks = (card.body as { text?: string }[]).map((b) => b.text ?? '');
    const firstBullet = entry('pmo-expert')
      .en.answer.split('\n')
      .find((l) => l.startsWith('- '));
    expect(blocks.find((b) => b.includes(firstBullet ?? '???'))?.split('\n').length).toBeGreaterThan(1);
  });

  it('answers in Japanese when the locale is ja-JP and the text could be either', async () => {
    const { text } = await ask({ text: 'PMP?', locale: 'ja-JP' });
    expect(text).toContain(entry('cert-pmp').ja.title);
    expect(text).toContain('出典');
    expect(text).toContain('確信度');
  });

  it('strips the @mention in a channel and answers', async () => {
    const { text } = await ask({
      text: '<at>pmo-guide</at> what does a PMO expert do?',
      conversation: { id: '19:channel@thread.tacv2;messageid=1', conversationType: 'channel', tenantId: 'tenant-1' },
      entities: [{ type: 'mention', text: '<at>pmo-guide</at>', mentioned: { id: '28:bot-1', name: 'pmo-guide' } }],
      channelData: { tenant: { id: 'tenant-1' }, team: { id: '19:team' }, channel: { id: '19:channel@thread.tacv2' } },
    });
    expect(text).toContain(entry('pmo-expert').en.title);
  });

  it('answers an @mention in a group chat', async () => {
    const { text } = await ask({
      text: '<at>pmo-guide</at> cert pmp',
      conversation: { id: '19:group@thread.v2', conversationType: 'groupChat', tenantId: 'tenant-1' },
      entities: [{ type: 'mention', text: '<at>pmo-guide</at>', mentioned: { id: '28:bot-1', name: 'pmo-guide' } }],
    });
    expect(text).toContain(entry('cert-pmp').en.title);
  });

  it('runs a typed command', async () => {
    const { text } = await ask({ text: 'cert pmp' });
    expect(text).toContain(entry('cert-pmp').en.title);
  });

  it('shows help with command buttons', async () => {
    const { text, card } = await ask({ text: 'help' });
    expect(text).toContain(server.kb.ui.help.en.split('\n')[0]);
    expect(cardSubmits(card).map((s) => s.data.type)).toContain('command');
  });
});

describe('Teams card clicks (Action.Submit)', () => {
  it('answers the entry a button asks for', async () => {
    const { text } = await ask({ text: undefined, value: { type: 'ask', entryId: 'cert-pmp', lang: 'en' } });
    expect(text).toContain(entry('cert-pmp').en.title);
  });

  it('round-trips a rendered button verbatim', async () => {
    const first = await ask({ text: 'what does a PMO expert do?' });
    const follow = cardSubmits(first.card).find((s) => s.data.type === 'ask');
    const { text } = await ask({ text: undefined, value: follow?.data });
    expect(text).toContain(entry(String(follow?.data.entryId)).en.title);
  });

  it('acknowledges feedback', async () => {
    const { text } = await ask({ value: { type: 'feedback', entryId: 'cert-pmp', helpful: true, lang: 'ja' } });
    expect(text).toContain(server.kb.ui.feedbackThanks.ja.trim());
  });

  it('answers an unknown submit value politely and keeps serving', async () => {
    const before = server.logLines.length;
    const { text } = await ask({ value: { type: 'delete-everything', id: 42 } });
    expect(text).toContain(server.kb.ui.help.en.split('\n')[0]);
    expect(server.logLines.slice(before).some((l) => l.includes('not a known action'))).toBe(true);
    const again = await ask({ text: 'cert pmp' });
    expect(again.text).toContain(entry('cert-pmp').en.title);
  });
});

describe('Teams conversation updates and message extension', () => {
  it('welcomes on install with a card in the locale language', async () => {
    const { text, card } = await ask({
      type: 'conversationUpdate',
      text: undefined,
      locale: 'ja-JP',
      membersAdded: [{ id: '28:bot-1' }, { id: '29:user-1' }],
    });
    expect(text).toContain(server.kb.ui.welcome.ja);
    expect(cardSubmits(card).map((s) => s.data)).toContainEqual({ type: 'onboard', op: 'start', lang: 'ja' });
  });

  it('returns search results in the invoke response', async () => {
    const activity = teamsActivity(connector.serviceUrl, {
      type: 'invoke',
      name: 'composeExtension/query',
      value: {
        commandId: 'search',
        parameters: [{ name: 'query', value: 'PMO expert' }],
        queryOptions: { skip: 0, count: 25 },
      },
    });
    const res = await server.post(activity);
    expect(res.status).toBe(200);
    const result = (
      res.body as {
        composeExtension: { type: string; attachmentLayout: string; attachments: Record<string, unknown>[] };
      }
    ).composeExtension;
    expect(result.type).toBe('result');
    expect(result.attachmentLayout).toBe('list');
    expect(result.attachments.length).toBeGreaterThan(0);
    expect(result.attachments.length).toBeLessThanOrEqual(5);
    const [first] = result.attachments;
    expect(cardText(first?.content as Record<string, unknown>)).toContain(entry('pmo-expert').en.title);
    expect(first?.preview).toMatchObject({ contentType: 'application/vnd.microsoft.card.thumbnail' });
    expect(connector.to(conversationOf(activity))).toHaveLength(0);
  });

  it('lists top catalog entries for an empty query', async () => {
    const res = await server.post(
      teamsActivity(connector.serviceUrl, {
        type: 'invoke',
        name: 'composeExtension/query',
        value: { commandId: 'search', parameters: [{ name: 'initialRun', value: 'true' }] },
      }),
    );
    const attachments = (
      res.body as { composeExtension: { attachments: { preview: { content: { title: string } } }[] } }
    ).composeExtension.attachments;
    const firstOfEach = Object.keys(server.kb.ui.categories).map(
      (c) => server.kb.entries.find((e) => e.category === c)?.en.title,
    );
    expect(attachments.map((a) => a.preview.content.title)).toEqual(firstOfEach.slice(0, 5));
  });
});

describe('Teams HTTP edge', () => {
  it('refuses malformed JSON with 400 and keeps serving', async () => {
    const res = await server.post('{"type": "message", ');
    expect(res.status).toBe(400);
    expect((await server.post({ not: 'an activity' })).status).toBe(400);
    const { text } = await ask({ text: 'cert pmp' });
    expect(text).toContain(entry('cert-pmp').en.title);
  });

  it('parses the body itself when the app does not, refusing malformed JSON with a JSON 400', async () => {
    const bare = await startTeamsServer({ appType: 'MultiTenant' }, { appJson: false });
    try {
      const res = await bare.post('{"type": "message", ');
      expect(res).toEqual({ status: 400, body: { error: 'malformed JSON body' } });
      const activity = teamsActivity(connector.serviceUrl, { text: 'cert pmp' });
      expect((await bare.post(activity)).status).toBe(200);
      const [reply] = connector.to(conversationOf(activity));
      expect(cardText(cardOf(reply?.body ?? {}))).toContain(entry('cert-pmp').en.title);
    } finally {
      await bare.close();
    }
  });

  it('answers a redelivered activity once', async () => {
    const activity = teamsActivity(connector.serviceUrl, { text: 'cert pmp' });
    await server.post(activity);
    await server.post(activity);
    expect(connector.to(conversationOf(activity))).toHaveLength(1);
  });

  it('logs a failed reply and keeps serving when the connector refuses it', async () => {
    const refusing = await FakeBotConnector.start({ refuseWith: 403 });
    const before = server.logLines.length;
    const res = await server.post(teamsActivity(refusing.serviceUrl, { text: 'cert pmp' }));
    await refusing.close();
    expect(res.status).toBe(200);
    expect(refusing.posted).toHaveLength(1);
    expect(server.logLines.slice(before).some((l) => l.includes('teams turn failed'))).toBe(true);
    const { text } = await ask({ text: 'cert pmp' });
    expect(text).toContain(entry('cert-pmp').en.title);
  });

  it('refuses a non-local serviceUrl in anonymous mode', async () => {
    const res = await server.post(teamsActivity('https://smba.trafficmanager.net/amer/', { text: 'cert pmp' }));
    expect(res.status).toBe(403);
  });

  it('logs one request line per activity with platform teams', async () => {
    const before = server.logLines.length;
    await ask({ text: 'cert pmp' });
    const lines = server.logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ platform: 'teams', kind: 'message', intent: 'cert-pmp', matched: true });
  });
});
