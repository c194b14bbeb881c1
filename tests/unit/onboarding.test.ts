import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { StoreError } from '../../src/errors.js';
import type { Lang } from '../../src/knowledge/schema.js';
import { OnboardingFlow } from '../../src/onboarding/flow.js';
import type { OnboardOp, Reply } from '../../src/reply.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import type { User } from '../../src/user.js';
import { realKnowledge } from '../helpers/knowledge.js';

const kb = realKnowledge();
const path = kb.onboarding;
if (!path) throw new Error('knowledge/onboarding.yaml is missing');
const user: User = { platform: 'slack', workspaceId: 'T1', userId: 'U-onboard' };

let dir: string;
let store: Store;
let bot: Bot;

async function open(): Promise<void> {
  store = await openSqliteStore(dir);
  bot = new Bot({ kb, onboarding: new OnboardingFlow({ kb, path: path as NonNullable<typeof path>, store }) });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pmo-onboard-'));
  await open();
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const click = (op: OnboardOp, step?: number, choice?: number, lang: Lang = 'en') =>
  bot.handle({ kind: 'action', action: { type: 'onboard', op, step, choice, lang }, ...user });
const stepTitle = (i: number, lang: Lang = 'en') => path?.steps[i]?.[lang].title ?? '';
const wrongChoice = (i: number) => ((path?.steps[i]?.answer ?? 0) + 1) % (path?.steps[i]?.en.check.choices.length ?? 2);

describe('onboarding', () => {
  it('starts at the first lesson with its check question as buttons', async () => {
    const reply = await bot.handle({ kind: 'command', text: 'onboard', ...user });
    expect(reply.kind).toBe('onboarding');
    expect(reply.title).toContain(stepTitle(0));
    const choices = reply.actions.filter((a) => a.action.type === 'onboard' && a.action.op === 'answer');
    expect(choices.map((c) => c.label)).toEqual(path?.steps[0]?.en.check.choices);
  });

  it('explains the right answer after a wrong one, and counts a double click once', async () => {
    await click('start');
    const first = await click('answer', 0, wrongChoice(0));
    expect(first.text).toContain(path?.steps[0]?.en.check.explanation.trim());
    expect(first.text).toContain(path?.steps[0]?.en.check.choices[path.steps[0].answer]);
    await click('answer', 0, path?.steps[0]?.answer);
    const stats = await store.stats(new Date(0));
    expect(stats.onboarding.checks).toEqual([{ step: 0, answered: 1, correct: 0 }]);
  });

  it('moves on with Next and ignores a stale button from a passed step', async () => {
    await click('start');
    await click('answer', 0, 0);
    const second = await click('next', 0);
    expect(second.title).toContain(stepTitle(1));
    const stale = await click('next', 0);
    expect(stale.title).toContain(stepTitle(1));
    expect((await store.getOnboarding(user))?.step).toBe(1);
  });

  it('goes back, skips, and reports status', async () => {
    await click('start');
    await click('skip', 0);
    expect((await click('back', 1)).title).toContain(stepTitle(0));
    await click('skip', 0);
    const status = await bot.handle({ kind: 'command', text: 'onboard status', ...user });
    expect(status.text).toContain(stepTitle(1));
  });

  it('resumes where the user left off after a restart of the process', async () => {
    await click('start');
    await click('skip', 0);
    await click('skip', 1);
    await store.close();
    await open();
    const resumed = await bot.handle({ kind: 'command', text: 'onboard', ...user });
    expect(resumed.title).toContain(stepTitle(2));
  });

  it('finishes with a summary of check results and where to go next; restart starts over', async () => {
    await click('start');
    const total = path?.steps.length ?? 0;
    let last: Reply | undefined;
    for (let i = 0; i < total; i++) {
      await click('answer', i, path?.steps[i]?.answer);
      last = await click('next', i);
    }
    expect(last?.title).toContain(String(total));
    expect(last?.text).toContain(path?.next.en.trim());
    expect((await store.getOnboarding(user))?.completedAt).not.toBeNull();
    const again = await bot.handle({ kind: 'command', text: 'onboard restart', ...user });
    expect(again.title).toContain(stepTitle(0));
  });

  it('speaks Japanese when the button was Japanese', async () => {
    const reply = await click('start', undefined, undefined, 'ja');
    expect(reply.title).toContain(stepTitle(0, 'ja'));
  });

  it('shows progress for App Home', async () => {
    expect((await bot.home(user)).progress).toBeNull();
    await click('start');
    const home = await bot.home(user);
    expect(home.progress?.text).toContain(stepTitle(0));
    // A tab is not a message: the card carries no switch that would try to redraw it in place.
    expect(home.progress?.languageSwitch).toBeUndefined();
    expect(home.sections.flatMap((s) => s.entries)).toHaveLength(kb.entries.length);
  });

  it('still teaches, and says progress was not saved, when the store is down', async () => {
    const down = new Proxy({} as Store, {
      get: () => () => Promise.reject(new StoreError('database unavailable')),
    });
    const offline = new Bot({
      kb,
      onboarding: new OnboardingFlow({ kb, path: path as NonNullable<typeof path>, store: down }),
    });
    const reply = await offline.handle({
      kind: 'action',
      action: { type: 'onboard', op: 'next', step: 0, lang: 'en' },
      ...user,
    });
    expect(reply.title).toContain(stepTitle(1));
    expect(reply.text).toContain(kb.ui.onboarding.notSaved.en);
    const answer = await offline.handle({ kind: 'text', text: 'what does a PMO expert do?', ...user });
    expect(answer.intent).toBe('pmo-expert');
  });
});
