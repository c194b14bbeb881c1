import { z } from 'zod';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const LocalizedCheck = z
  .object({
    question: nonEmpty,
    choices: z.array(nonEmpty).min(2, 'needs at least 2 choices').max(5, 'at most 5 choices'),
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

export const OnboardingStepSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
    /** Knowledge entries the lesson is drawn from, offered as "read more" buttons. */
    entries: z.array(nonEmpty).min(1),
    /** Index (0-based) of the right choice; the same in both languages. */
    answer: z.number().int().min(0),
    ja: LocalizedStep,
    en: LocalizedStep,
  })
  .strict();
export type OnboardingStep = z.infer<typeof OnboardingStepSchema>;

export const OnboardingFileSchema = z
  .object({
    /** Shown when a user finishes, pointing to where to go next. */
    next: z.object({ ja: nonEmpty, en: nonEmpty }).strict(),
    steps: z.array(OnboardingStepSchema).min(1),
  })
  .strict();
export type OnboardingFile = z.infer<typeof OnboardingFileSchema>;
