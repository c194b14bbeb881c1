import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotConnector, teamsActivity } from '../../bench/support/fakes/bot-connector.js';
import { entryOf } from '../helpers/knowledge.js';
import { readCard, startTeamsServer, type TeamsServer } from '../helpers/teams.js';

/**
 * Follow-up questions and the language switch on Teams, over real HTTP:
 * activities POSTed to /api/messages (anonymous mode), replies and card
 * updates read back from a fake Bot Connector.
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
type Json = Record<string, unknown>;

/** One message (or click) from `user` in `conversation`; returns the card the bot posted, if it posted one. */
async function send(conversation: string, user: string, fields: Json) {
  const before = connector.to(conversation).length;
  const activity = teamsActivity(connector.serviceUrl, {
    from: { id: `29:${user}`, aadObjectId: user },
    conversation: { id: conversation, conversationType: 'personal', tenantId: 'tenant-1' },
    ...fields,
  });
  const res = await server.post(activity);
  expect(res.status).toBe(200);
  const posted = connector.to(conversation).slice(before);
  return posted[0] ? readCard(posted[0].body) : undefined;
}

describe('follow-up questions on Teams', () => {
  it('answers "and the manager?" about the PMO manager after the PMO expert', async () => {
    await send('a:conv-follow', 'aad-follow', { text: 'what does a PMO expert do?' });
    const second = await send('a:conv-follow', 'aad-follow', { text: 'and the manager?' });
    expect(second?.text).toContain(entry('pmo-manager').en.title);
    expect(second?.text).toContain(server.kb.ui.aboutTopic.en.replaceAll('{topic}', entry('pmo-manager').en.title));
    expect(second?.submits.some((s) => s.data.type === 'new-topic')).toBe(true);
  });

  it('keeps each conversation to itself', async () => {
    await send('a:conv-one', 'aad-two-convs', { text: 'PMPの受験資格は?' });
    const elsewhere = await send('a:conv-two', 'aad-two-convs', { text: '合格率は?' });
    expect(elsewhere?.text).not.toContain(entry('cert-pmp').ja.title);
  });
});

describe('language switch on Teams', () => {
  it('updates the clicked card in place, and the next answer comes in the chosen language', async () => {
    const conversation = 'a:conv-switch';
    const answer = await send(conversation, 'aad-switch', { text: 'what does a PMO expert do?' });
    const toJapanese = answer?.submits.find((s) => s.data.type === 'switch' && s.data.lang === 'ja');
    expect(toJapanese?.title).toBe('日本語');
    const posts = connector.to(conversation).length;
    const updates = connector.updated.length;
    await send(conversation, 'aad-switch', { text: '', value: toJapanese?.data, replyToId: 'card-42' });
    expect(connector.to(conversation)).toHaveLength(posts);
    const [update] = connector.updated.slice(updates);
    expect(update).toMatchObject({ conversationId: conversation, replyToId: 'card-42' });
    const switched = readCard(update?.body ?? {});
    expect(switched.text).toContain(entry('pmo-expert').ja.title);
    expect(switched.submits.some((s) => s.data.type === 'switch' && s.data.lang === 'en')).toBe(true);
    // The follow-up buttons of the switched card are Japanese.
    expect(switched.submits.some((s) => s.title === entry('pmo-manager').ja.title)).toBe(true);
    const next = await send(conversation, 'aad-switch', { text: 'PMP?', locale: 'en-US' });
    expect(next?.text).toContain(entry('cert-pmp').ja.title);
  });
});
