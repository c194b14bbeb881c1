import type { Lang } from '../../src/knowledge/schema.js';
import type { OnboardingFile } from '../../src/onboarding/schema.js';
import { fill } from '../../src/onboarding/view.js';
import { realKnowledge } from './knowledge.js';
import { actionButton } from './slack.js';
import type { Card } from './teams.js';

/** The onboarding path shipped in knowledge/, and what the bot renders for it, for tests of it on any platform. */

type Json = Record<string, unknown>;

const kb = realKnowledge();

/** The onboarding UI strings. */
export const ui = kb.ui.onboarding;

export const path: OnboardingFile = (() => {
  if (!kb.onboarding) throw new Error('knowledge has no onboarding.yaml');
  return kb.onboarding;
})();

export const total = path.steps.length;

export function stepOf(index: number) {
  const step = path.steps[index];
  if (!step) throw new Error(`onboarding has no step ${index}`);
  return step;
}

/** The header a step is rendered with, e.g. "Step 2/7: What a PM does". */
export const stepTitle = (index: number, lang: Lang) =>
  fill(ui.step[lang], { n: index + 1, total, title: stepOf(index)[lang].title });

/** The progress line of `onboard status` (and App Home) for a user on step `step` (0-based). */
export const statusText = ({ step, answered, score }: { step: number; answered: number; score: number }) =>
  fill(ui.status.en, { n: step + 1, total, title: stepOf(step).en.title, answered, score });

/** Slack: the button answering `step` with `choice`. */
export const choiceButton = (blocks: unknown, step: number, choice: number) =>
  actionButton(blocks, (a) => a.type === 'onboard' && a.op === 'answer' && a.step === step && a.choice === choice);

/** Slack: the Next button under an answered `step`. */
export const nextButton = (blocks: unknown, step: number) =>
  actionButton(blocks, (a) => a.type === 'onboard' && a.op === 'next' && a.step === step);

/** Teams: the data of the card's onboarding Action.Submit that `matches`, to post back as a click. */
export function submitData(card: Pick<Card, 'text' | 'submits'>, matches: (data: Json) => boolean): Json {
  const found = card.submits.find((s) => s.data.type === 'onboard' && matches(s.data));
  if (!found) throw new Error(`no such button in:\n${card.text}`);
  return found.data;
}

/** Teams: the Action.Submit answering `step` with `choice`. */
export const choiceData = (card: Pick<Card, 'text' | 'submits'>, step: number, choice: number) =>
  submitData(card, (d) => d.op === 'answer' && d.step === step && d.choice === choice);

/** Teams: the Next Action.Submit under an answered `step`. */
export const nextData = (card: Pick<Card, 'text' | 'submits'>, step: number) =>
  submitData(card, (d) => d.op === 'next' && d.step === step);
