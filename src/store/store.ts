/**
 * The persistence contract shared by every engine. Only plain data types live
 * here so callers can depend on the contract without loading a database driver.
 *
 * Every method may reject with a StoreError (from ../errors.js); callers are
 * expected to keep answering questions and tell the user progress wasn't saved.
 */

// Type-only imports: the contract stays free of any runtime dependency.
import type { Lang } from '../knowledge/schema.js';
import type { User } from '../user.js';

export type StoreEngine = 'sqlite' | 'postgres';

export interface CheckAnswer {
  step: number;
  choice: number;
  correct: boolean;
}

export interface OnboardingState {
  step: number;
  startedAt: Date;
  completedAt: Date | null;
  /** Ordered by step; at most one answer per step (the first one given). */
  answers: CheckAnswer[];
}

export interface MoveOptions {
  /** Marks the walkthrough finished; completedAt is set to `now`. */
  completed: boolean;
  now: Date;
}

export interface FeedbackRecord {
  /** Stored only as the salted hash (keys.ts hashUser), never as the raw ids. */
  user: User;
  entryId: string;
  helpful: boolean;
  lang: Lang;
  at: Date;
}

export interface QuestionRecord {
  /** Stored only as the salted hash, like every user key. */
  user: User;
  /** Capped at MAX_STORED_TEXT when stored. */
  text: string;
  /** The normalized form used to group identical questions in stats. */
  normalized: string;
  lang: Lang;
  bestGuess: string | null;
  confidence: number;
  matched: boolean;
  at: Date;
}

/** Questions sharing one normalized text. */
export interface QuestionGroup {
  normalized: string;
  /** One original wording of the question, for display. */
  example: string;
  lang: Lang;
  count: number;
  bestGuess: string | null;
  avgConfidence: number;
}

export interface FeedbackTally {
  entryId: string;
  up: number;
  down: number;
}

export interface CheckTally {
  step: number;
  answered: number;
  correct: number;
}

export interface StoreStats {
  /** matched=false questions, most frequent first, top 20. */
  unanswered: QuestionGroup[];
  /** matched=true questions with confidence below TUNING.lowConfidence (src/match/tuning.ts), top 20. */
  lowConfidence: QuestionGroup[];
  /** Most 👎 first. */
  feedback: FeedbackTally[];
  onboarding: { started: number; completed: number; checks: CheckTally[] };
}

/** One conversation of one user: a Slack DM or thread, a Teams conversation, a terminal chat. */
export interface ConversationKey extends User {
  /** Any length: only a salted hash of it, with the user, is stored. */
  conversationId: string;
}

/** The topic a conversation is on: the entry last answered and the details then asked of it. */
export interface TopicContext {
  entryId: string;
  /** Detail ids (details.yaml) the question asked, so "what about IPA?" keeps asking them. */
  details: string[];
  at: Date;
}

/** An admin's last question, kept so `why` can explain it. */
export interface LastQuestion {
  /** Capped at MAX_STORED_TEXT when stored. */
  text: string;
  lang: Lang;
  /** The topic it was read against, if any. */
  context: Pick<TopicContext, 'entryId' | 'details'> | null;
  at: Date;
}

export interface UserProfile {
  /** Chosen with the language switch; null until the user used it. */
  lang: Lang | null;
  lastQuestion: LastQuestion | null;
}

export interface ProfileUpdate {
  lang?: Lang;
  lastQuestion?: LastQuestion;
}

/** How many question groups each stats list returns. */
export const STATS_TOP = 20;

export interface LiveDelivery {
  /** keys.ts's deliveryId of the key. */
  keyId: string;
  expiresAt: number;
}

export interface Store {
  readonly engine: StoreEngine;

  getOnboarding(user: User): Promise<OnboardingState | null>;
  /** Creates the walkthrough, or restarts it: step 0, no answers, not completed. */
  startOnboarding(user: User, now: Date): Promise<OnboardingState>;
  /**
   * Compare-and-set: moves only when the current step equals `fromStep`, so a
   * stale button (clicked twice, or handled by another instance) returns false.
   */
  moveOnboarding(user: User, fromStep: number, toStep: number, opts: MoveOptions): Promise<boolean>;
  /** The first answer per (user, step) wins; later ones return false and change nothing. */
  recordCheckAnswer(user: User, step: number, choice: number, correct: boolean, now: Date): Promise<boolean>;

  /** One vote per (user, entryId); voting again replaces the earlier vote. */
  recordFeedback(feedback: FeedbackRecord): Promise<void>;
  recordQuestion(question: QuestionRecord): Promise<void>;

  /**
   * True exactly once per delivery key until `ttlMs` has passed, across
   * concurrent callers and instances (see src/deliveries.ts). The key may be
   * any length: only a fixed-length hash of it is stored.
   */
  claimDelivery(key: string, ttlMs: number, now: Date): Promise<boolean>;
  /**
   * claimDelivery for a batch of keys already known to be new, in one
   * transaction. They arrive as keys.ts's deliveryId of the key, which is what
   * claimDelivery stores, so both refuse each other's keys.
   */
  saveDeliveries(keyIds: readonly string[], ttlMs: number, now: Date): Promise<void>;
  /** The key ids still live at `now`, soonest to expire first: what a restarted process must not answer again. */
  liveDeliveries(now: Date): Promise<LiveDelivery[]>;

  /** The conversation's topic, unless none was set or it expired before `now`. */
  getContext(key: ConversationKey, now: Date): Promise<TopicContext | null>;
  /** Sets the topic until `context.at + ttlMs`; null forgets it. */
  setContext(key: ConversationKey, context: TopicContext | null, ttlMs: number): Promise<void>;
  /** The user's preferred language and last question; both null for someone never seen. */
  getProfile(user: User): Promise<UserProfile>;
  /**
   * getProfile answered before returning, where the engine can (SQLite
   * answers on this thread anyway): saves the promise layers on every
   * message. undefined means ask getProfile; throws StoreError like it.
   */
  getProfileNow?(user: User): UserProfile | undefined;
  /** Changes only the fields given; counts as activity for retention. */
  updateProfile(user: User, update: ProfileUpdate, now: Date): Promise<void>;

  /** Activity at or after `since`. */
  stats(since: Date): Promise<StoreStats>;
  /**
   * Retention: deletes questions and feedback older than `before`, the
   * onboarding progress (with its answers) and profiles of users inactive
   * since `before`, and conversation topics expired by then; returns how many rows went.
   */
  purge(before: Date): Promise<number>;

  close(): Promise<void>;
}

/** A chat reply waits on the store; this is the most it should ever wait for one call. */
export const DEFAULT_STORE_TIMEOUT_MS = 2000;

/** What every engine is opened with. */
export interface StoreOptions {
  /**
   * ANALYTICS_SALT. Without it a random salt is created once and kept in the
   * database, so hashes stay stable across restarts and instances.
   */
  salt?: string | undefined;
  /** The longest one statement, connect or lock wait may take (STORE_TIMEOUT_MS). */
  timeoutMs?: number | undefined;
}
