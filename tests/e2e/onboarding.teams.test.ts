import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../adapters/server/server.js';
import { FakeBotConnector, teamsActivity } from '../../bench/support/fakes/bot-connector.js';
import { fill } from '../../src/onboarding/view.js';
import { choiceData, nextData, statusText, stepOf, stepTitle, ui } from '../helpers/onboarding.js';
import { postJson, startServer, tempDataDir } from '../helpers/server.js';
import { type Card, conversationOf, readCard } from '../helpers/teams.js';

/**
 * The onboarding path over Teams through the real server (anonymous Bot
 * Framework mode, SQLite store in a temp DATA_DIR): a typed "onboard", the
 * Adaptive Card's Action.Submit data posted back as `value`, and a server
 * restart on the same data folder.
 */

type Json = Record<string, unknown>;

let connector: FakeBotConnector;
let dataDir: string;
let server: RunningServer;
let messagesUrl: string;

async function start(): Promise<void> {
  const running = await startServer({ DATA_DIR: dataDir, ANALYTICS_SALT: 'onboarding-teams' }, { log: 'silent' });
  server = running.server;
  messagesUrl = `${running.url}/api/messages`;
}

beforeAll(async () => {
  connector = await FakeBotConnector.start();
  dataDir = tempDataDir();
  await start();
});

afterAll(async () => {
  await server?.close();
  await connector?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Posts one activity from `user` and returns the card the bot sent back to its conversation. */
async function send(user: string, fields: Json, locale = 'en-US'): Promise<Card> {
  const activity = teamsActivity(connector.serviceUrl, {
    from: { id: `29:${user}`, aadObjectId: user, name: user },
    locale,
    ...fields,
  });
  const res = await postJson(messagesUrl, activity);
  expect(res.status).toBe(200);
  const posted = connector.to(conversationOf(activity));
  expect(posted).toHaveLength(1);
  return readCard(posted[0]?.body ?? {});
}

const say = (user: string, text: string, locale?: string) => send(user, { text }, locale);
/** An Action.Submit click: Teams posts the button's data back as the activity's value. */
const submit = (user: string, data: Json, locale?: string) => send(user, { value: data }, locale);

describe('onboarding over Teams', () => {
  it('shows step 1 as an Adaptive Card with one Action.Submit per choice', async () => {
    const first = await say('aad-walk', 'onboard');
    const step0 = stepOf(0);
    expect(first.text.split('\n')[0]).toBe(stepTitle(0, 'en'));
    expect(first.text).toContain(step0.en.check.question);
    const choices = first.submits.filter((s) => s.data.op === 'answer');
    expect(choices.map((s) => s.title)).toEqual(step0.en.check.choices);
    expect(choices.map((s) => s.data.choice)).toEqual(step0.en.check.choices.map((_, i) => i));
  });

  it('answers a submitted choice, moves on with Next and ignores a stale Next', async () => {
    const user = 'aad-walk';
    const first = await say(user, 'onboard');
    const step0 = stepOf(0);
    const answered = await submit(user, choiceData(first, 0, step0.answer));
    expect(answered.text).toContain(ui.correct.en);
    expect(answered.text).toContain(step0.en.check.explanation.trim());
    expect(answered.submits.filter((s) => s.data.op === 'answer')).toEqual([]);
    const next = nextData(answered, 0);
    expect(answered.submits.find((s) => s.data === next)?.title).toBe(ui.next.en);

    const second = await submit(user, next);
    expect(second.text.split('\n')[0]).toBe(stepTitle(1, 'en'));
    expect(second.submits.filter((s) => s.data.op === 'answer').map((s) => s.title)).toEqual(
      stepOf(1).en.check.choices,
    );
    const stale = await submit(user, next);
    expect(stale.text.split('\n')[0]).toBe(stepTitle(1, 'en'));
    // A choice from the step-1 card answers nothing on step 2: its choices are still open.
    const staleChoice = await submit(user, choiceData(first, 0, 0));
    expect(staleChoice.text.split('\n')[0]).toBe(stepTitle(1, 'en'));
    expect(staleChoice.submits.filter((s) => s.data.op === 'answer')).toHaveLength(stepOf(1).en.check.choices.length);

    const status = await say(user, 'onboard status');
    expect(status.text).toContain(statusText({ step: 1, answered: 1, score: 1 }));
  });

  it('speaks Japanese to a ja-JP client and says "not quite" with the right answer', async () => {
    const user = 'aad-ja';
    const first = await say(user, 'onboard', 'ja-JP');
    const step0 = stepOf(0);
    expect(first.text.split('\n')[0]).toBe(stepTitle(0, 'ja'));
    const wrong = step0.answer === 0 ? 1 : 0;
    const answered = await submit(user, choiceData(first, 0, wrong), 'ja-JP');
    expect(answered.text).toContain(fill(ui.incorrect.ja, { answer: step0.ja.check.choices[step0.answer] ?? '???' }));
    expect(answered.text).toContain(step0.ja.check.explanation.trim());
  });

  it('resumes at the saved step after the server restarts on the same DATA_DIR, and restarts on request', async () => {
    const user = 'aad-persist';
    const first = await say(user, 'onboard');
    const answered = await submit(user, choiceData(first, 0, stepOf(0).answer));
    await submit(user, nextData(answered, 0));
    await server.close();
    await start();

    const resumed = await say(user, 'onboard');
    expect(resumed.text.split('\n')[0]).toBe(stepTitle(1, 'en'));
    // The check answered before the restart is remembered too.
    const status = await say(user, 'onboard status');
    expect(status.text).toContain(statusText({ step: 1, answered: 1, score: 1 }));

    const restarted = await say(user, 'onboard restart');
    expect(restarted.text.split('\n')[0]).toBe(stepTitle(0, 'en'));
  });
});
