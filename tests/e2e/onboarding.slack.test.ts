import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../adapters/server/server.js';
import { LIMITS } from '../../adapters/slack/render.js';
import { escapeMrkdwn, toMrkdwn, truncate } from '../../adapters/slack/text.js';
import { FakeSlack } from '../../bench/support/fakes/slack-api.js';
import { fill } from '../../src/onboarding/view.js';
import type { ReplyAction } from '../../src/reply.js';
import { choiceButton, nextButton, statusText, stepOf, stepTitle, ui } from '../helpers/onboarding.js';
import { tempDataDir } from '../helpers/server.js';
import { actionOf, blocksText, buttonsOf, clickEphemeral, headerOf, startSlackServer } from '../helpers/slack.js';
import { type SlackTarget, sendEvent, slashCommand } from '../helpers/slack-sign.js';

/**
 * The onboarding path over Slack, end to end through the real server: the
 * full runtime (SQLite store in a temp DATA_DIR, onboarding, analytics), a
 * signed `/pmo onboard`, button clicks answered through response_url on a
 * fake Slack, App Home, and a server restart on the same data folder.
 */

let fake: FakeSlack;
let dataDir: string;
let server: RunningServer;
let target: SlackTarget;

async function startServer(): Promise<void> {
  ({ server, target } = await startSlackServer(
    fake,
    { DATA_DIR: dataDir, ANALYTICS_SALT: 'onboarding-slack-salt' },
    { log: 'silent' },
  ));
}

beforeAll(async () => {
  fake = await FakeSlack.start();
  fake.setUser('U-JA', { locale: 'ja-JP' });
  dataDir = tempDataDir();
  await startServer();
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface SlackMessageBody {
  text?: string;
  blocks?: unknown[];
}

/** The onboarding buttons of a message, parsed. */
function onboardActions(blocks: unknown): Extract<ReplyAction, { type: 'onboard' }>[] {
  return buttonsOf(blocks).flatMap((b) => {
    const action = actionOf(b);
    return action?.type === 'onboard' ? [action] : [];
  });
}

/** `/pmo <text>` as `user`: the ephemeral message the command was acknowledged with. */
async function command(text: string, user: string): Promise<Required<SlackMessageBody>> {
  const res = await slashCommand(target, text, user);
  expect(res.status).toBe(200);
  const body = res.json as SlackMessageBody & { response_type?: string };
  expect(body.response_type).toBe('ephemeral');
  return { text: body.text ?? '', blocks: body.blocks ?? [] };
}

let clicks = 0;

/** Clicks a button on an ephemeral message and returns what the bot posted to that click's response_url. */
async function click(user: string, pressed: { actionId: string; value: string }): Promise<Required<SlackMessageBody>> {
  clicks += 1;
  const posted = await clickEphemeral(fake, target, { ...pressed, user, responseId: `click-${clicks}` });
  const body = posted.body as SlackMessageBody & { replace_original?: boolean };
  return { text: body.text ?? '', blocks: body.blocks ?? [] };
}

/** Starts onboarding for `user` and answers and leaves step 1, landing on step 2. */
async function advanceToStep2(user: string): Promise<void> {
  const first = await command('onboard', user);
  const answered = await click(user, choiceButton(first.blocks, 0, stepOf(0).answer));
  const second = await click(user, nextButton(answered.blocks, 0));
  expect(headerOf(second.blocks)).toBe(stepTitle(1, 'en'));
}

describe('onboarding over Slack', () => {
  it('walks a step: lesson and choices, an answer with its explanation, Next, and ignores a stale Next', async () => {
    const user = 'U-WALK';
    const first = await command('onboard', user);
    const step0 = stepOf(0);
    expect(headerOf(first.blocks)).toBe(stepTitle(0, 'en'));
    expect(blocksText(first.blocks)).toContain(escapeMrkdwn(step0.en.check.question));
    // One button per choice, labelled with the choice and carrying its index.
    const choices = onboardActions(first.blocks).filter((a) => a.op === 'answer');
    expect(choices.map((a) => [a.step, a.choice])).toEqual(step0.en.check.choices.map((_, i) => [0, i]));
    const labels = buttonsOf(first.blocks).map((b) => b.text.text);
    for (const choice of step0.en.check.choices) expect(labels).toContain(truncate(choice, LIMITS.buttonText));

    // A wrong answer: "not quite", the right answer, the explanation, and a Next button instead of the choices.
    const wrong = step0.answer === 0 ? 1 : 0;
    const answered = await click(user, choiceButton(first.blocks, 0, wrong));
    const text = blocksText(answered.blocks);
    expect(headerOf(answered.blocks)).toBe(stepTitle(0, 'en'));
    expect(text).toContain(
      escapeMrkdwn(fill(ui.incorrect.en, { answer: step0.en.check.choices[step0.answer] ?? '???' })),
    );
    expect(text).toContain(toMrkdwn(step0.en.check.explanation.trim()));
    expect(text).not.toContain(ui.correct.en);
    expect(onboardActions(answered.blocks).filter((a) => a.op === 'answer')).toEqual([]);
    const next = nextButton(answered.blocks, 0);
    expect(buttonsOf(answered.blocks).find((b) => b.value === next.value)?.text.text).toBe(ui.next.en);

    const second = await click(user, next);
    expect(headerOf(second.blocks)).toBe(stepTitle(1, 'en'));
    expect(blocksText(second.blocks)).toContain(escapeMrkdwn(stepOf(1).en.check.question));

    // The step-1 Next button clicked again (double click, old message): still step 2, nothing skipped.
    const again = await click(user, next);
    expect(headerOf(again.blocks)).toBe(stepTitle(1, 'en'));
    // A choice button left on the step-1 message answers nothing on step 2: its choices are still open.
    const staleChoice = await click(user, choiceButton(first.blocks, 0, step0.answer));
    expect(headerOf(staleChoice.blocks)).toBe(stepTitle(1, 'en'));
    expect(onboardActions(staleChoice.blocks).filter((a) => a.op === 'answer')).toHaveLength(
      stepOf(1).en.check.choices.length,
    );

    const status = await command('onboard status', user);
    expect(blocksText(status.blocks)).toContain(escapeMrkdwn(statusText({ step: 1, answered: 1, score: 0 })));
  });

  it('speaks Japanese to a user whose Slack locale is ja-JP', async () => {
    const first = await command('onboard', 'U-JA');
    const step0 = stepOf(0);
    expect(headerOf(first.blocks)).toBe(stepTitle(0, 'ja'));
    expect(blocksText(first.blocks)).toContain(escapeMrkdwn(step0.ja.check.question));
    const labels = buttonsOf(first.blocks).map((b) => b.text.text);
    for (const choice of step0.ja.check.choices) expect(labels).toContain(truncate(choice, LIMITS.buttonText));
    expect(onboardActions(first.blocks).every((a) => a.lang === 'ja')).toBe(true);

    const answered = await click('U-JA', choiceButton(first.blocks, 0, step0.answer));
    const text = blocksText(answered.blocks);
    expect(text).toContain(ui.correct.ja);
    expect(text).toContain(toMrkdwn(step0.ja.check.explanation.trim()));
    const next = nextButton(answered.blocks, 0);
    expect(buttonsOf(answered.blocks).find((b) => b.value === next.value)?.text.text).toBe(ui.next.ja);
  });

  it('starts over with `/pmo onboard restart`', async () => {
    const user = 'U-RESTART';
    await advanceToStep2(user);
    const restarted = await command('onboard restart', user);
    expect(headerOf(restarted.blocks)).toBe(stepTitle(0, 'en'));
    expect(onboardActions(restarted.blocks).filter((a) => a.op === 'answer')).toHaveLength(
      stepOf(0).en.check.choices.length,
    );
    const status = await command('onboard status', user);
    expect(blocksText(status.blocks)).toContain(escapeMrkdwn(statusText({ step: 0, answered: 0, score: 0 })));
  });

  it('shows the progress on App Home', async () => {
    const user = 'U-HOME';
    await advanceToStep2(user);
    const seen = fake.calls.length;
    const res = await sendEvent(target, { type: 'app_home_opened', user, channel: 'D-HOME', tab: 'home' });
    expect(res.status).toBe(200);
    const published = await fake.nextCall('views.publish', seen);
    expect(published.body.user_id).toBe(user);
    const view = published.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const text = blocksText(view.blocks);
    expect(text).toContain(escapeMrkdwn(statusText({ step: 1, answered: 1, score: 1 })));
    // A user who never started sees the catalog without a progress card.
    const before = fake.calls.length;
    await sendEvent(target, { type: 'app_home_opened', user: 'U-NEVER', channel: 'D-NEVER', tab: 'home' });
    const other = await fake.nextCall('views.publish', before);
    expect(blocksText((other.body.view as { blocks: unknown[] }).blocks)).not.toContain(ui.status.en.split('{')[0]);
  });

  it('resumes at the saved step after the server restarts on the same DATA_DIR', async () => {
    const user = 'U-PERSIST';
    await advanceToStep2(user);
    await server.close();
    await startServer();
    const resumed = await command('onboard', user);
    expect(headerOf(resumed.blocks)).toBe(stepTitle(1, 'en'));
    expect(
      onboardActions(resumed.blocks)
        .filter((a) => a.op === 'answer')
        .map((a) => a.step),
    ).toEqual(stepOf(1).en.check.choices.map(() => 1));
    // The check answered before the restart is remembered too.
    const status = await command('onboard status', user);
    expect(blocksText(status.blocks)).toContain(escapeMrkdwn(statusText({ step: 1, answered: 1, score: 1 })));
  });
});
