import { z } from 'zod';

/**
 * Strict schemas for the reviewable files in knowledge/. Every object is
 * `.strict()` so a typo in a key (e.g. `qustions`) is an error, never a
 * silently ignored field.
 */

export const LANGS = ['ja', 'en'] as const;
export const LangSchema = z.enum(LANGS);
export type Lang = z.infer<typeof LangSchema>;

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const entryId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)');

/**
 * Categories are the knowledge's own: an entry names one, and ui.yaml's
 * `categories` gives each its title (and their order on App Home), so an
 * organisation can add "our-rules" without a code change.
 */
export const CategorySchema = entryId;
export type Category = z.infer<typeof CategorySchema>;

/** The commands whose argument opens one entry: `role expert`, `skills pm`, `cert pmp`. */
export const LISTING_COMMANDS = ['cert', 'role', 'skills', 'career'] as const;
export type ListingCommand = (typeof LISTING_COMMANDS)[number];
const commandForm = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(cert|role|skills|career) [a-z0-9-]+$/, 'must be "<cert|role|skills|career> <word>", e.g. "role expert"');

/** One language's side of an entry. */
export const LocalizedEntrySchema = z
  .object({
    title: nonEmpty,
    answer: nonEmpty.max(1500, 'must be chat-sized (at most 1500 characters)'),
    questions: z.array(nonEmpty).min(6, 'needs at least 6 example questions'),
    keywords: z.array(nonEmpty).min(1, 'needs at least one keyword'),
  })
  .strict();

export const EntrySchema = z
  .object({
    id: entryId,
    category: CategorySchema,
    /** Article section this entry is drawn from, e.g. "PMとPMOの役割 > 【PM】プロジェクトの責任者". */
    source: nonEmpty,
    related: z.array(entryId).default([]),
    /**
     * Words that name this entry's topic in a question, in either language
     * (PMP, PMOエキスパート, "PMO expert"). Two named topics plus a comparison
     * word make a comparison.
     */
    names: z.array(nonEmpty).default([]),
    /**
     * The role this entry is one aspect of (career-pm is about pm-role): "PMとPMOの
     * キャリアの違い" then compares career-pm with career-pmo, not the roles.
     */
    about: entryId.optional(),
    /** Two entries this entry itself compares (pm-vs-pmo compares pm-role and pmo-role): it answers their comparison. */
    compares: z.array(entryId).length(2, 'must name exactly two entries').optional(),
    /**
     * What usually comes after this topic (PJM-A → PMO-S; a PMO role → the PMO
     * career path): "I have PJM-A, what next?" is answered by it, not by what the person has.
     */
    next: entryId.optional(),
    /**
     * Command forms that open this entry (`role expert`); `cert`, `role`,
     * `skills` and `career` alone list every entry with a form of theirs.
     */
    commands: z.array(commandForm).default([]),
    /** In a later knowledge folder: replaces the entry of the same id from an earlier folder, on purpose. */
    override: z.boolean().optional(),
    ja: LocalizedEntrySchema,
    en: LocalizedEntrySchema,
  })
  .strict();
export type Entry = z.infer<typeof EntrySchema>;

/** A file of entries; each entry is then checked against EntrySchema on its own. */
export const EntryFileShape = z.object({ entries: z.array(z.unknown()).min(1) }).strict();

const bilingual = z.object({ ja: nonEmpty, en: nonEmpty }).strict();

export const GlossaryFileSchema = z
  .object({
    synonyms: z
      .array(
        z
          .object({
            /** The term every variant is rewritten to, as the matcher indexes it. */
            canonical: nonEmpty,
            variants: z.array(nonEmpty).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type Glossary = z.infer<typeof GlossaryFileSchema>;

/** UI strings; `{placeholders}` are filled by the core. */
export const UiFileSchema = z
  .object({
    greeting: bilingual,
    help: bilingual,
    fallback: bilingual,
    didYouMean: bilingual,
    alsoAsked: bilingual,
    relatedHeading: bilingual,
    unknownCommand: bilingual,
    tooLong: bilingual,
    empty: bilingual,
    certList: bilingual,
    catalogIntro: bilingual,
    /** Every category's title, in the order App Home lists them. */
    categories: z.record(CategorySchema, bilingual),
    feedbackThanks: bilingual,
    cannotAnswer: bilingual,
    scope: bilingual,
    elsewhere: bilingual,
    notCoveredTitle: bilingual,
    notCovered: bilingual,
    notCoveredTerm: bilingual,
    comparisonTitle: bilingual,
    aboutTopic: bilingual,
    welcome: bilingual,
    /** What the chat renderers place around a reply; kept here so a renderer draws only Reply + these strings. */
    labels: z
      .object({
        /** The App Home tab's header: the name users know the bot by. */
        homeTitle: bilingual,
        source: bilingual,
        confidence: bilingual,
        /** Slack: the button under a private `/pmo` reply that posts it to the channel. */
        share: bilingual,
        /** Teams' vote buttons, which have room for words. */
        helpful: bilingual,
        notHelpful: bilingual,
        /** Slack's vote buttons, icons only: they share a row with share and the language switch. */
        helpfulIcon: bilingual,
        notHelpfulIcon: bilingual,
      })
      .strict(),
    onboarding: z
      .object({
        step: bilingual,
        back: bilingual,
        next: bilingual,
        skip: bilingual,
        finish: bilingual,
        start: bilingual,
        /** The title of `onboard status` while a walkthrough is under way. */
        progress: bilingual,
        /** `pmo-guide ask onboard`: a one-shot command keeps no progress, so it points to the chat. */
        inChat: bilingual,
        restart: bilingual,
        correct: bilingual,
        incorrect: bilingual,
        notSaved: bilingual,
        notStarted: bilingual,
        status: bilingual,
        summary: bilingual,
        readMore: bilingual,
      })
      .strict(),
    stats: z
      .object({
        title: bilingual,
        denied: bilingual,
        /** The terminal chat has no admin ids; its user runs `pmo-guide stats` instead. */
        deniedTerminal: bilingual,
        question: bilingual,
        started: bilingual,
        step: bilingual,
        unanswered: bilingual,
        lowConfidence: bilingual,
        feedback: bilingual,
        onboarding: bilingual,
        none: bilingual,
      })
      .strict(),
  })
  .strict();
export type UiStrings = z.infer<typeof UiFileSchema>;

/** Questions the bot must decline, per language; they train the matcher's "not our topic" class. */
export const OutOfScopeFileSchema = z.object({ ja: z.array(nonEmpty).min(5), en: z.array(nonEmpty).min(5) }).strict();
export type OutOfScope = z.infer<typeof OutOfScopeFileSchema>;

const phrases = z.array(nonEmpty).min(1);
const bilingualPhrases = z.object({ ja: phrases, en: phrases }).strict();

/** knowledge/details.yaml: what a question can ask for, and how an entry shows it covers it. */
export const DetailsFileSchema = z
  .object({
    details: z
      .array(
        z
          .object({
            id: entryId,
            label: bilingual,
            asks: bilingualPhrases,
            /** Substrings of an answer that show the detail is there; "re:" marks a regular expression. */
            found: phrases,
          })
          .strict(),
      )
      .min(1),
    /** Certifications, methods and tools the guide does not describe (unless some entry's text names them). */
    elsewhere: phrases,
    /** Words that ask outright how two named topics differ. */
    contrast: bilingualPhrases,
    /** Words that ask to compare or choose between two named topics (the contrast words count too). */
    comparison: bilingualPhrases,
    /** Words that rank or order two things ("better", "harder", 後に): a comparison only of two topics of one kind. */
    ranking: bilingualPhrases.optional(),
    /**
     * Words naming one aspect of the roles, by category: "PMとPMOのキャリアの違い"
     * compares the careers entries (those with `about:` the two roles), not the roles.
     */
    aspects: z.partialRecord(CategorySchema, phrases).optional(),
    /**
     * Words that make an asking sentence ask for advice or a choice ("which role would suit me",
     * 「どれが向いてる?」): when such a sentence names no topic of its own, the message's context
     * picks among the entries its best match lists (`related`).
     */
    advice: bilingualPhrases.optional(),
    /**
     * Words asking whether a broad role is no more than one of its parts ("is the PMO just admin?",
     * 「PMOってただのアドミン?」) right before that part's name: the role's own entry answers.
     */
    narrowing: bilingualPhrases.optional(),
    /** Words asking for the step after a topic the message names ("what next", 「次に目指す」): its `next:` answers. */
    progression: bilingualPhrases.optional(),
    /** Marks singling out one level of a certification (★★): a detail is covered only where stated for that level. */
    levels: phrases.optional(),
  })
  .strict();
export type DetailsFile = z.infer<typeof DetailsFileSchema>;
export type Detail = DetailsFile['details'][number];

/** knowledge/smalltalk.yaml: thanks, ok, bye… answered briefly, never as a question. */
export const SmallTalkFileSchema = z
  .object({
    kinds: z.array(z.object({ id: entryId, phrases, reply: bilingual }).strict()).min(1),
    /** Words that may surround the phrases without changing the meaning ("so much", ございます). */
    padding: phrases,
  })
  .strict();
export type SmallTalkFile = z.infer<typeof SmallTalkFileSchema>;
