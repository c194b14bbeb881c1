import { askButton } from '../bot/answer.js';
import { switchButton } from '../bot/language-switch.js';
import { notice } from '../bot/run-command.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { Lang } from '../knowledge/schema.js';
import type { Reply, ReplyButton } from '../reply.js';
import type { CheckAnswer } from '../store/store.js';
import { fill } from '../text/fill.js';
import type { OnboardingFile } from './schema.js';

export { fill };

/** Renders onboarding state as neutral replies; knows nothing about storage. */
export class OnboardingView {
  constructor(
    private readonly kb: KnowledgeBase,
    private readonly path: OnboardingFile,
  ) {}

  get total(): number {
    return this.path.steps.length;
  }

  private button(lang: Lang, label: string, op: 'next' | 'back' | 'skip' | 'restart' | 'start', step?: number) {
    return { label, action: { type: 'onboard' as const, op, lang, ...(step === undefined ? {} : { step }) } };
  }

  /** A step: lesson, check question and either the choices or the result of the user's answer. */
  step(index: number, lang: Lang, answer: CheckAnswer | undefined): Reply {
    const step = this.path.steps[index];
    if (!step) return this.summary(lang, []);
    const ui = this.kb.ui.onboarding;
    const local = step[lang];
    const title = fill(ui.step[lang], { n: index + 1, total: this.total, title: local.title });
    const lines = [local.lesson.trim(), '', `❓ ${local.check.question}`];
    if (answer) lines.push('', this.result(index, lang, answer), local.check.explanation.trim());
    const reply = notice('onboarding', lang, title, lines.join('\n'));
    const choices: ReplyButton[] = answer
      ? []
      : local.check.choices.map((label, choice) => ({
          label,
          action: { type: 'onboard', op: 'answer', lang, step: index, choice },
        }));
    const last = index === this.total - 1;
    const forward = answer
      ? this.button(lang, last ? ui.finish[lang] : ui.next[lang], 'next', index)
      : this.button(lang, ui.skip[lang], 'skip', index);
    const back = index > 0 ? [this.button(lang, ui.back[lang], 'back', index)] : [];
    reply.actions = [...choices, ...back, { ...forward, style: 'primary' }];
    reply.followUps = step.entries.flatMap((id) => {
      const entry = this.kb.byId.get(id);
      return entry ? [askButton(entry, lang)] : [];
    });
    reply.languageSwitch = switchButton({ kind: 'onboarding', step: index }, lang);
    return reply;
  }

  private result(index: number, lang: Lang, answer: CheckAnswer): string {
    const ui = this.kb.ui.onboarding;
    const step = this.path.steps[index];
    const right = step?.[lang].check.choices[step.answer] ?? '';
    return answer.correct ? ui.correct[lang] : fill(ui.incorrect[lang], { answer: right });
  }

  /** The end: score, a line per step, and where to go next. */
  summary(lang: Lang, answers: readonly CheckAnswer[]): Reply {
    const ui = this.kb.ui.onboarding;
    const score = answers.filter((a) => a.correct).length;
    const perStep = this.path.steps.map((s, i) => {
      const a = answers.find((x) => x.step === i);
      return `${a ? (a.correct ? '✅' : '❌') : '–'} ${s[lang].title}`;
    });
    const text = [...perStep, '', this.path.next[lang].trim()].join('\n');
    const reply = notice('onboarding', lang, fill(ui.summary[lang], { score, total: this.total }), text);
    reply.actions = [this.button(lang, ui.restart[lang], 'restart')];
    reply.languageSwitch = switchButton({ kind: 'onboarding' }, lang);
    return reply;
  }

  /** Where the user stands, with a button to continue. */
  status(lang: Lang, step: number, answers: readonly CheckAnswer[]): Reply {
    const ui = this.kb.ui.onboarding;
    const title = this.path.steps[step]?.[lang].title ?? '';
    const text = fill(ui.status[lang], {
      n: step + 1,
      total: this.total,
      title,
      answered: answers.length,
      score: answers.filter((a) => a.correct).length,
    });
    const reply = notice('onboarding', lang, ui.progress[lang], text);
    reply.actions = [
      { ...this.button(lang, ui.next[lang], 'start'), style: 'primary' },
      this.button(lang, ui.restart[lang], 'restart'),
    ];
    reply.languageSwitch = switchButton({ kind: 'onboarding' }, lang);
    return reply;
  }

  notStarted(lang: Lang): Reply {
    const ui = this.kb.ui.onboarding;
    const reply = notice('onboarding', lang, ui.start[lang], ui.notStarted[lang]);
    reply.actions = [{ ...this.button(lang, ui.start[lang], 'start'), style: 'primary' }];
    reply.languageSwitch = switchButton({ kind: 'onboarding' }, lang);
    return reply;
  }

  /** Marks a reply as shown without saving (the store was unreachable). */
  unsaved(reply: Reply): Reply {
    return { ...reply, text: `${this.kb.ui.onboarding.notSaved[reply.lang]}\n\n${reply.text}` };
  }
}
