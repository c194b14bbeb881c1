import type { OnboardingHandler } from '../bot/bot.js';
import { StoreError } from '../errors.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Lang } from '../knowledge/schema.js';
import type { Logger } from '../logger.js';
import type { OnboardOp, Reply } from '../reply.js';
import type { OnboardingState, Store } from '../store/store.js';
import type { User } from '../user.js';
import type { OnboardingFile } from './schema.js';
import { OnboardingView } from './view.js';

export interface OnboardingDeps {
  kb: KnowledgeBase;
  path: OnboardingFile;
  store: Store;
  logger?: Logger | undefined;
  now?: () => Date;
}

/**
 * The guided path. Every button carries the step it was shown on; the store's
 * compare-and-set moves make an old or double-clicked button show the user's
 * current step instead of skipping or double-counting anything.
 */
export class OnboardingFlow implements OnboardingHandler {
  private view: OnboardingView;
  private readonly now: () => Date;

  constructor(private deps: OnboardingDeps) {
    this.view = new OnboardingView(deps.kb, deps.path);
    this.now = deps.now ?? (() => new Date());
  }

  /** Hot reload: lessons, checks and labels from the new knowledge; progress (a step number) carries over. */
  useKnowledge(kb: KnowledgeBase): void {
    const path = kb.onboarding ?? this.deps.path;
    this.deps = { ...this.deps, kb, path };
    this.view = new OnboardingView(kb, path);
  }

  async handle(user: User, op: OnboardOp, lang: Lang, step?: number, choice?: number): Promise<Reply> {
    try {
      return await this.apply(user, op, lang, step, choice);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      this.deps.logger?.warn({ err: error, op }, 'onboarding progress could not be saved');
      return this.view.unsaved(this.statelessView(op, lang, step, choice));
    }
  }

  async progress(user: User, lang: Lang): Promise<Reply | null> {
    const state = await this.deps.store.getOnboarding(user);
    return state ? this.statusOf(state, lang) : null;
  }

  private async apply(user: User, op: OnboardOp, lang: Lang, step?: number, choice?: number): Promise<Reply> {
    const store = this.deps.store;
    if (op === 'restart') return this.show(await store.startOnboarding(user, this.now()), lang);
    const state = await store.getOnboarding(user);
    if (op === 'status') return state ? this.statusOf(state, lang) : this.view.notStarted(lang);
    // The language switch redraws where the user is; it never starts or moves anything.
    if (op === 'show') return state ? this.show(state, lang) : this.view.step(step ?? 0, lang, undefined);
    if (!state) return this.show(await store.startOnboarding(user, this.now()), lang);
    // A button from another step than the current one is stale: show where the user really is.
    if (op === 'start' || step !== state.step || state.completedAt) return this.show(state, lang);
    if (op === 'answer') return this.answer(user, state, lang, choice);
    const to = op === 'back' ? Math.max(0, step - 1) : step + 1;
    const completed = to >= this.view.total;
    await store.moveOnboarding(user, step, completed ? step : to, { completed, now: this.now() });
    return this.show(await this.reload(user, state), lang);
  }

  private async answer(user: User, state: OnboardingState, lang: Lang, choice: number | undefined): Promise<Reply> {
    const step = this.deps.path.steps[state.step];
    if (step && choice !== undefined && choice < step[lang].check.choices.length) {
      await this.deps.store.recordCheckAnswer(user, state.step, choice, choice === step.answer, this.now());
    }
    return this.show(await this.reload(user, state), lang);
  }

  private async reload(user: User, fallback: OnboardingState): Promise<OnboardingState> {
    return (await this.deps.store.getOnboarding(user)) ?? fallback;
  }

  private show(state: OnboardingState, lang: Lang): Reply {
    if (state.completedAt) return this.view.summary(lang, state.answers);
    return this.view.step(
      state.step,
      lang,
      state.answers.find((a) => a.step === state.step),
    );
  }

  private statusOf(state: OnboardingState, lang: Lang): Reply {
    return state.completedAt
      ? this.view.summary(lang, state.answers)
      : this.view.status(lang, state.step, state.answers);
  }

  /** Without a store: show what the click asked for, computed from the button alone. */
  private statelessView(op: OnboardOp, lang: Lang, step = 0, choice?: number): Reply {
    const steps = this.deps.path.steps;
    if (op === 'answer' && choice !== undefined) {
      return this.view.step(step, lang, { step, choice, correct: choice === steps[step]?.answer });
    }
    const moved = op === 'next' || op === 'skip' ? step + 1 : op === 'back' ? Math.max(0, step - 1) : 0;
    const target = op === 'show' ? step : moved;
    return target >= steps.length ? this.view.summary(lang, []) : this.view.step(target, lang, undefined);
  }
}
