import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REPLY_ADDRESS_BYTES } from '../../adapters/teams/activity-check.js';
import { FakeBotConnector, teamsActivity } from '../../bench/support/fakes/bot-connector.js';
import { entryOf } from '../helpers/knowledge.js';
import { readCard, startTeamsServer, type TeamsServer } from '../helpers/teams.js';

/**
 * botbuilder sends a reply to `serviceUrl` + /v3/conversations/{conversation.id}/activities/{id},
 * with conversation.id in a header too. An id Node cannot put there used to
 * fail only when the reply was sent: the caller got 200 and no answer. Such an
 * activity is refused with a 400 naming the field, before any answer is
 * composed; real Teams ids keep working.
 */

let connector: FakeBotConnector;
let server: TeamsServer;

beforeAll(async () => {
  connector = await FakeBotConnector.start();
  server = await startTeamsServer({ appType: 'MultiTenant' }, { appJson: false });
});

afterAll(async () => {
  await server?.close();
  await connector?.close();
});

type Json = Record<string, unknown>;
const conversation = (id: unknown): Json => ({ conversation: { id, conversationType: 'personal', tenantId: 't-1' } });
const port = () => new URL(connector.serviceUrl).port;

/** Posts one activity; returns the answer and whether it did anything past the HTTP edge. */
async function post(activity: Json) {
  const lines = server.logLines.length;
  const calls = connector.calls;
  const res = await server.post(activity);
  const logged = server.logLines.slice(lines).map((l) => JSON.parse(l) as Json);
  return {
    ...res,
    reachedConnector: connector.calls > calls,
    answered: logged.some((l) => l.msg === 'request'),
    turnFailed: logged.some((l) => l.msg === 'teams turn failed'),
    refusal: logged.find((l) => l.msg === 'teams activity refused'),
  };
}

const unsendable: [field: string, what: string, overrides: () => Json][] = [
  ['conversation.id', 'non-Latin-1', () => conversation('会話')],
  ['conversation.id', 'NUL', () => conversation('a:x\u0000y')],
  ['conversation.id', 'U+001F', () => conversation('a:x\u001fy')],
  ['conversation.id', 'DEL', () => conversation('a:x\u007fy')],
  ['conversation.id', 'a lone surrogate', () => conversation('a:x\ud800y')],
  ['conversation.id', '8000 characters', () => conversation(`a:${'x'.repeat(8000)}`)],
  ['conversation.id', 'empty', () => conversation('')],
  ['conversation.id', 'a number', () => conversation(42)],
  ['conversation', 'missing', () => ({ conversation: undefined })],
  ['id', 'a lone surrogate', () => ({ id: 'act-\udc00' })],
  ['id', '20000 characters', () => ({ id: 'x'.repeat(20_000) })],
  ['id', 'a number', () => ({ id: 42 })],
  ['replyToId', 'a lone surrogate', () => ({ replyToId: 'card-\ud83d' })],
  ['serviceUrl', 'NUL', () => ({ serviceUrl: `${connector.serviceUrl}\u0000` })],
  ['serviceUrl', 'a leading space', () => ({ serviceUrl: ` ${connector.serviceUrl}` })],
  ['serviceUrl', 'ftp', () => ({ serviceUrl: `ftp://127.0.0.1:${port()}/` })],
  ['serviceUrl', '20000 characters', () => ({ serviceUrl: `${connector.serviceUrl}${'x'.repeat(20_000)}` })],
  ['from.id', 'a number', () => ({ from: { id: 29, name: 'Taro' } })],
];

describe('Teams activities a reply could not be sent for', () => {
  it.each(unsendable)('refuses %s (%s) with a 400 naming it, before any answer is composed', async (field, _, make) => {
    const res = await post(teamsActivity(connector.serviceUrl, { text: 'cert pmp', ...make() }));
    expect(res.status).toBe(400);
    expect((res.body as { error: string }).error).toMatch(new RegExp(`^activity ${field} `));
    expect(res).toMatchObject({ reachedConnector: false, answered: false, turnFailed: false });
    // The operator sees why Teams traffic is refused.
    expect(res.refusal).toMatchObject({ status: 400, reason: (res.body as { error: string }).error });
  });

  it('refuses them in every activity kind, including those answered in the HTTP response', async () => {
    const kinds: Json[] = [
      { deliveryMode: 'expectReplies', text: 'cert pmp' },
      { type: 'invoke', name: 'composeExtension/query', value: { parameters: [{ name: 'query', value: 'pmp' }] } },
      { type: 'conversationUpdate', membersAdded: [{ id: '28:bot-1' }] },
    ];
    for (const kind of kinds) {
      const res = await post(teamsActivity(connector.serviceUrl, { ...kind, ...conversation('a:会話') }));
      expect(res.body).toEqual({ error: 'activity conversation.id may only contain printable ASCII characters' });
      // The field is named, never its value: that is whatever the caller chose to send.
      expect(JSON.stringify(res.refusal)).not.toContain('会話');
    }
  });
});

const CHANNEL_THREAD = '19:abc123DEF@thread.tacv2;messageid=1700000000123';

/** Ids shaped as Teams, the Emulator and the Agents Playground send them. */
const realistic: [name: string, conversationId: string, activityId: string][] = [
  ['personal chat', `a:1${'AbC-dEf_GhI'.repeat(12)}`, '1700000000123'],
  ['channel thread', CHANNEL_THREAD, 'f:7a1b2c3d=='],
  ['group chat', '19:meeting_NjA0ZjE0YTUtNmM0@thread.v2', '1:1AbCdEf-gh_IJ='],
  [
    'Bot Framework Emulator chat',
    '8a684db0-555b-11ee-8bc5-5f6e0aa8d9b5|livechat',
    'b0ae3770-555b-11ee-a1b2-b3f1c2d4e5f6',
  ],
];

describe('real Teams ids', () => {
  it.each(realistic)('answers in a %s and replies to the same conversation and activity', async (_, id, activityId) => {
    const res = await post(
      teamsActivity(connector.serviceUrl, {
        id: activityId,
        text: 'cert pmp',
        from: { id: '29:1xYz-AbC_d=' },
        ...conversation(id),
      }),
    );
    expect(res.status).toBe(200);
    const [reply, ...more] = connector.to(id);
    expect(more).toHaveLength(0);
    expect(reply?.replyToId).toBe(activityId);
    expect(readCard(reply?.body ?? {}).text).toContain(entryOf(server.kb, 'cert-pmp').en.title);
  });

  /** Ids that take exactly the reply's budget plus `extra` bytes, nearly all of them percent-encoded (3 bytes each). */
  function idsAtTheBudget(extra: number) {
    const conversationId = ':'.repeat(1024); // 3 bytes each in the URL, 1 in the header
    const left = MAX_REPLY_ADDRESS_BYTES - connector.serviceUrl.length - 4 * 1024;
    return { conversationId, activityId: ';'.repeat(Math.floor(left / 3)) + 'x'.repeat((left % 3) + extra) };
  }

  it('answers when the ids take the whole reply budget, and refuses one byte more naming the largest field', async () => {
    const { conversationId, activityId } = idsAtTheBudget(0);
    const fits = await post(
      teamsActivity(connector.serviceUrl, { id: activityId, text: 'cert pmp', ...conversation(conversationId) }),
    );
    expect(fits.status).toBe(200);
    expect(connector.to(conversationId)[0]?.replyToId).toBe(activityId);
    const over = idsAtTheBudget(1);
    const refused = await post(
      teamsActivity(connector.serviceUrl, { id: over.activityId, ...conversation(over.conversationId) }),
    );
    expect((refused.body as { error: string }).error).toMatch(
      /^activity id is too long: .* 12289 bytes .*\(at most 12288\)$/,
    );
  });

  it('replaces the clicked card when its replyToId is a real Teams message id', async () => {
    const id = '19:abc123DEF@thread.tacv2;messageid=1700000000456';
    await post(teamsActivity(connector.serviceUrl, { text: 'what does a PMO expert do?', ...conversation(id) }));
    const toJapanese = readCard(connector.to(id)[0]?.body ?? {}).submits.find((s) => s.data.type === 'switch');
    const replyToId = '1:1AbCdEf-gh_IJ=';
    const res = await post(
      teamsActivity(connector.serviceUrl, { value: toJapanese?.data, replyToId, ...conversation(id) }),
    );
    expect(res.status).toBe(200);
    const update = connector.updated.find((u) => u.conversationId === id);
    expect(update?.replyToId).toBe(replyToId);
    expect(readCard(update?.body ?? {}).text).toContain(entryOf(server.kb, 'pmo-expert').ja.title);
  });
});

describe('authenticated mode', () => {
  it('refuses an unsendable id with the same 400, and still asks every sendable activity for a token', async () => {
    const authenticated = await startTeamsServer({
      appId: '11111111-2222-3333-4444-555555555555',
      appPassword: 'not-a-real-password',
      appType: 'MultiTenant',
    });
    try {
      const bad = await authenticated.post(teamsActivity(connector.serviceUrl, conversation('a:\u0000')));
      expect(bad).toEqual({
        status: 400,
        body: { error: 'activity conversation.id may only contain printable ASCII characters' },
      });
      const good = await authenticated.post(teamsActivity(connector.serviceUrl, conversation(CHANNEL_THREAD)));
      expect(good.status).toBe(401);
    } finally {
      await authenticated.close();
    }
  });
});
