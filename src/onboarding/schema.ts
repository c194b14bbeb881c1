import { z } from 'zod';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** A choice is its text; the right one is written `{ text: "…", correct: true }` where it stands. */
const Choice = z.union([nonEmpty, z.object({ text: nonEmpty, correct: z.literal(true) }).strict()]);

const LocalizedCheck = z
  .object({
    question: nonEmpty,
    choices: z.array(Choice).min(2, 'needs at least 2 choices').max(5, 'at most 5 choices'),
    /** Why the right answer is right, shown after the user answers. */
    explanation: nonEmpty,
  })
  .strict();

const LocalizedStep = z
  .object({
    title: nonEmpty,
    /** A short lesson in the bot's own words, built from the step's entries. */
    lesson: nonEmpty.max(1200, 'must be chat-sized (at most 1200 characters)'),
    check: LocalizedCheck,
  })
  .strict();

type RawStep = z.infer<typeof RawStepSchema>;
type RawLocalizedStep = RawStep['ja'];

const RawStepSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
    /** Knowledge entries the lesson is drawn from, offered as "read more" buttons. */
    entries: z.array(nonEmpty).min(1),
    ja: LocalizedStep,
    en: LocalizedStep,
  })
  .strict();

const correctIndexes = (side: RawLocalizedStep) =>
  side.check.choices.flatMap((c, i) => (typeof c === 'string' ? [] : [i]));

/** Exactly one choice per language is right, and the same one in both: they are one question. */
function checkCorrect(step: RawStep, ctx: z.RefinementCtx): void {
  const [ja, en] = [correctIndexes(step.ja), correctIndexes(step.en)];
  for (const [lang, marked] of [
    ['ja', ja],
    ['en', en],
  ] as const) {
    if (marked.length !== 1) {
      const message = `mark exactly one choice with "correct: true" (found ${marked.length})`;
      ctx.addIssue({ code: 'custom', path: [lang, 'check', 'choices'], message });
    }
  }
  if (ja.length === 1 && en.length === 1 && ja[0] !== en[0]) {
    const message = `the right choice is number ${(en[0] ?? 0) + 1} here but ${(ja[0] ?? 0) + 1} in ja; both languages list the same choices`;
    ctx.addIssue({ code: 'custom', path: ['en', 'check', 'choices'], message });
  }
}

const plainChoices = (side: RawLocalizedStep) => ({
  ...side,
  check: { ...side.check, choices: side.check.choices.map((c) => (typeof c === 'string' ? c : c.text)) },
});

/** The step as the flow uses it: plain choice texts and the index of the right one. */
export const OnboardingStepSchema = RawStepSchema.superRefine(checkCorrect).transform((step) => ({
  ...step,
  answer: correctIndexes(step.ja)[0] ?? 0,
  ja: plainChoices(step.ja),
  en: plainChoices(step.en),
}));
export type OnboardingStep = z.infer<typeof OnboardingStepSchema>;

export const OnboardingFileSchema = z
  .object({
    /** Shown when a user finishes, pointing to where to go next. */
    next: z.object({ ja: nonEmpty, en: nonEmpty }).strict(),
    steps: z.array(OnboardingStepSchema).min(1),
  })
  .strict();
export type OnboardingFile = z.infer<typeof OnboardingFileSchema>;
