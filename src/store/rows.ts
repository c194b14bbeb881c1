import { StoreError } from '../errors.js';
import type { Lang } from '../knowledge/schema.js';
import { cap, MAX_STORED_NAME, MAX_STORED_TEXT } from './keys.js';
import type {
  CheckAnswer,
  CheckTally,
  FeedbackRecord,
  FeedbackTally,
  OnboardingState,
  QuestionGroup,
  QuestionRecord,
} from './store.js';

/** What both engines bind and read, shared so SQLite and PostgreSQL can never drift apart. */

export type Param = string | number | null;

/*
 * Row shapes. PostgreSQL returns BIGINT/COUNT/SUM as strings, SQLite as
 * numbers, so every numeric column goes through Number().
 */
type Num = number | string | bigint;
export interface DeliveryRow {
  key_id: string;
  expires_at: number | string;
}

export function toLiveDelivery(row: DeliveryRow): { keyId: string; expiresAt: number } {
  return { keyId: row.key_id, expiresAt: Number(row.expires_at) };
}

export interface OnboardingRow {
  step: Num;
  started_at: Num;
  completed_at: Num | null;
}
export interface AnswerRow {
  step: Num;
  choice: Num;
  correct: Num;
}
export interface GroupRow {
  normalized: string;
  example: string;
  lang: string;
  n: Num;
  best_guess: string | null;
  avg_confidence: Num;
}
export interface FeedbackRow {
  entry_id: string;
  up: Num;
  down: Num;
}
export interface CountsRow {
  started: Num;
  completed: Num | null;
}
export interface CheckRow {
  step: Num;
  answered: Num;
  correct: Num;
}

export function toOnboardingState(row: OnboardingRow, answers: AnswerRow[]): OnboardingState {
  return {
    step: Number(row.step),
    startedAt: new Date(Number(row.started_at)),
    completedAt: row.completed_at === null ? null : new Date(Number(row.completed_at)),
    answers: answers.map(
      (a): CheckAnswer => ({ step: Number(a.step), choice: Number(a.choice), correct: Number(a.correct) === 1 }),
    ),
  };
}

export function toGroup(r: GroupRow): QuestionGroup {
  return {
    normalized: r.normalized,
    example: r.example,
    lang: r.lang as Lang,
    count: Number(r.n),
    bestGuess: r.best_guess,
    avgConfidence: Number(r.avg_confidence),
  };
}

export function toFeedback(r: FeedbackRow): FeedbackTally {
  return { entryId: r.entry_id, up: Number(r.up), down: Number(r.down) };
}

export function toChecks(rows: CheckRow[]): CheckTally[] {
  return rows.map((r) => ({ step: Number(r.step), answered: Number(r.answered), correct: Number(r.correct) }));
}

export const bit = (b: boolean): number => (b ? 1 : 0);

/** insertQuestion's parameters: the user as `userHash`, every string capped. */
export function questionParams(q: QuestionRecord, userHash: string): Param[] {
  const bestGuess = q.bestGuess === null ? null : cap(q.bestGuess, MAX_STORED_NAME);
  return [
    userHash,
    cap(q.text, MAX_STORED_TEXT),
    cap(q.normalized, MAX_STORED_TEXT),
    cap(q.lang, MAX_STORED_NAME),
    bestGuess,
    q.confidence,
    bit(q.matched),
    q.at.getTime(),
  ];
}

/** upsertFeedback's parameters: the user as `userHash`, every string capped. */
export function feedbackParams(f: FeedbackRecord, userHash: string): Param[] {
  return [userHash, cap(f.entryId, MAX_STORED_NAME), bit(f.helpful), cap(f.lang, MAX_STORED_NAME), f.at.getTime()];
}

/** Wraps a driver error, keeping it as `cause`; never double-wraps. */
export function storeError(action: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  return new StoreError(`could not ${action}: ${describe(err)}`, { cause: err });
}

function describe(err: unknown): string {
  // Node reports a refused dual-stack connect as an AggregateError with an empty message.
  if (err instanceof AggregateError && !err.message) {
    return err.errors.map((e: unknown) => describe(e)).join('; ') || 'connection failed';
  }
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
