import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../adapters/server/server.js';
import { LIMITS } from '../adapters/slack/render.js';
import { escapeMrkdwn, toMrkdwn, truncate } from '../adapters/slack/text.js';
import { loadConfig } from '../src/config.js';
import type { Lang } from '../src/knowledge/schema.js';
import { createLogger } from '../src/logger.js';
import type { OnboardingFile } from '../src/onboarding/schema.js';
import { fill } from '../src/onboarding/view.js';
import { type ReplyAction, ReplyActionSchema } from '../src/reply.js';
import {
  blocksText,
  buttonsOf,
  FakeSlack,
  type RecordedCall,
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
} from './helpers/fake-slack.js';
import { realKnowledge, tempDataDir } from './helpers/knowledge.js';
import { clickButton, type SlackTarget, sendEvent, slashCommand } from './helpers/slack-sign.js';

/**
 * The onboarding path over Slack, end to end through the real server: the
 * full runtime (SQLite store in a temp DATA_DIR, onboarding, analytics), a
 * signed `/pmo onboard`, button clicks answered through response_url on a
 * fake Slack, App Home, and a server restart on the same data folder.
 */

const kb = realKnowledge();
const ui = kb.ui.onboarding;
const path: OnboardingFile = (() => {
  if (!kb.onboarding) throw new Error('knowledge has no onboarding.yaml');
  return kb.onboarding;
})();
const total = path.steps.length;

function stepOf(index: number) {
  const step = path.steps[index];
  if (!step) throw new Error(`onboarding has no step ${index}`);
  return step;
}

/** The header a step is rendered with, e.g. "Step 2/7: What a PM does". */
const stepTitle = (index: number, lang: Lang) =>
  fill(ui.step[lang], { n: index + 1, total, title: stepOf(index)[lang].title });

let fake: FakeSlack;
let dataDir: string;
let server: RunningServer;
let target: SlackTarget;

async function startServer(): Promise<void> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    ANALYTICS_SALT: 'onboarding-slack-salt',
  });
  server = await createServer({ config, logger: createLogger('silent') });
  const { url } = await server.listen(config.port, config.host);
  target = { eventsUrl: `${url}/slack/events`, secret: TEST_SIGNING_SECRET, responseUrl: (id) => fake.responseUrl(id) };
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

/** A button from a message's blocks whose action matches, with its value exactly as rendered. */
function button(blocks: unknown, matches: (action: ReplyAction) => boolean) {
  const found = buttonsOf(blocks).find((b) => {
    const parsed = ReplyActionSchema.safeParse(JSON.parse(b.value ?? 'null'));
    return parsed.success && matches(parsed.data);
  });
  if (!found?.value) throw new Error(`no such button in:\n${blocksText(blocks)}`);
  return { actionId: found.action_id, value: found.value };
}

/** The onboarding buttons of a message, parsed. */
function onboardActions(blocks: unknown): Extract<ReplyAction, { type: 'onboard' }>[] {
  return buttonsOf(blocks).flatMap((b) => {
    const parsed = ReplyActionSchema.safeParse(JSON.parse(b.value ?? 'null'));
    return parsed.success && parsed.data.type === 'onboard' ? [parsed.data] : [];
  });
}

function headerOf(blocks: unknown): string | undefined {
  const header = (blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'header');
  return header?.text?.text;
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
  const seen = fake.calls.length;
  const res = await clickButton(target, { ...pressed, container: 'ephemeral', user, responseId: `click-${clicks}` });
  expect(res.status).toBe(200);
  const posted = await nextCall('response_url', seen);
  const body = posted.body as SlackMessageBody & { replace_original?: boolean };
  return { text: body.text ?? '', blocks: body.blocks ?? [] };
}

/** The first call to `method` made after the first `seen` calls. */
async function nextCall(method: string, seen: number, timeoutMs = 5000): Promise<RecordedCall> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = fake.calls.slice(seen).find((c) => c.method === method);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no ${method} call within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const choiceButton = (blocks: unknown, step: number, choice: number) =>
  button(blocks, (a) => a.type === 'onboard' && a.op === 'answer' && a.step === step && a.choice === choice);
const nextButton = (blocks: unknown, step: number) =>
  button(blocks, (a) => a.type === 'onboard' && a.op === 'next' && a.step === step);

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
    expect(blocksText(status.blocks)).toContain(
      escapeMrkdwn(fill(ui.status.en, { n: 2, total, title: stepOf(1).en.title, answered: 1, score: 0 })),
    );
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
    expect(blocksText(status.blocks)).toContain(
      escapeMrkdwn(fill(ui.status.en, { n: 1, total, title: stepOf(0).en.title, answered: 0, score: 0 })),
    );
  });

  it('shows the progress on App Home', async () => {
    const user = 'U-HOME';
    await advanceToStep2(user);
    const seen = fake.calls.length;
    const res = await sendEvent(target, { type: 'app_home_opened', user, channel: 'D-HOME', tab: 'home' });
    expect(res.status).toBe(200);
    const published = await nextCall('views.publish', seen);
    expect(published.body.user_id).toBe(user);
    const view = published.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const text = blocksText(view.blocks);
    expect(text).toContain(
      escapeMrkdwn(fill(ui.status.en, { n: 2, total, title: stepOf(1).en.title, answered: 1, score: 1 })),
    );
    // A user who never started sees the catalog without a progress card.
    const before = fake.calls.length;
    await sendEvent(target, { type: 'app_home_opened', user: 'U-NEVER', channel: 'D-NEVER', tab: 'home' });
    const other = await nextCall('views.publish', before);
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
    expect(blocksText(status.blocks)).toContain(
      escapeMrkdwn(fill(ui.status.en, { n: 2, total, title: stepOf(1).en.title, answered: 1, score: 1 })),
    );
  });
});
