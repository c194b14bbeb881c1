import type pg from 'pg';
import type { User } from '../user.js';
import { ConversationRows } from './conversations.js';
import { deliveryId, hashUser } from './keys.js';
import { count, createPool, migrate, rows, transaction } from './postgres-pool.js';
import {
  type AnswerRow,
  bit,
  type CheckRow,
  type CountsRow,
  type DeliveryRow,
  type FeedbackRow,
  feedbackParams,
  type GroupRow,
  type OnboardingRow,
  type Param,
  questionParams,
  storeError,
  toChecks,
  toFeedback,
  toGroup,
  toLiveDelivery,
  toOnboardingState,
} from './rows.js';
import { GROUP_PARAMS, SQL } from './sql.js';
import {
  DEFAULT_STORE_TIMEOUT_MS,
  type FeedbackRecord,
  type LiveDelivery,
  type MoveOptions,
  type OnboardingState,
  type QuestionRecord,
  type Store,
  type StoreOptions,
  type StoreStats,
} from './store.js';

export interface PostgresOptions extends StoreOptions {
  /** Use this schema instead of the server's search_path (tests use a fresh one per run). */
  schema?: string;
  poolSize?: number;
}

/** Expired delivery keys are deleted at most this often, not on every claim. */
const PRUNE_EVERY_MS = 60_000;
const READ_ONLY = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** Connects, and brings the schema up to date; every failure is a StoreError without the password. */
export async function openPostgresStore(url: string, opts: PostgresOptions = {}): Promise<PostgresStore> {
  const where = redactUrl(url);
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(opts.schema)) {
    throw storeError(`open PostgreSQL at ${where}`, new Error(`invalid schema name "${opts.schema}"`));
  }
  const settings = {
    url,
    schema: opts.schema,
    timeoutMs: opts.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS,
    poolSize: opts.poolSize ?? 10,
  };
  let pool: pg.Pool | undefined;
  try {
    const salt = await migrate(settings, opts.salt);
    pool = createPool(settings);
    return new PostgresStore(pool, salt);
  } catch (err) {
    await pool?.end().catch(() => {});
    throw storeError(`open PostgreSQL at ${where}`, err);
  }
}

export class PostgresStore implements Store {
  readonly engine = 'postgres';
  private lastPrune = 0;
  private closed = false;
  private readonly conversations: ConversationRows;

  constructor(
    private readonly pool: pg.Pool,
    private readonly salt: string,
  ) {
    const runner = {
      run: (sql: string, p: Param[]) => count(this.pool, sql, p),
      row: async <T>(sql: string, p: Param[]) => (await rows<pg.QueryResultRow>(this.pool, sql, p))[0] as T | undefined,
    };
    this.conversations = new ConversationRows(runner, salt);
  }

  getContext: Store['getContext'] = (key, now) => this.conversations.getContext(key, now);
  setContext: Store['setContext'] = (key, context, ttlMs) => this.conversations.setContext(key, context, ttlMs);
  getProfile: Store['getProfile'] = (user) => this.conversations.getProfile(user);
  updateProfile: Store['updateProfile'] = (user, update, now) => this.conversations.updateProfile(user, update, now);

  async getOnboarding(user: User): Promise<OnboardingState | null> {
    const u = this.hash(user);
    return this.guard('read onboarding progress', () =>
      transaction(this.pool, READ_ONLY, async (c) => {
        const [row] = await rows<OnboardingRow>(c, SQL.getOnboarding, [u]);
        if (!row) return null;
        return toOnboardingState(row, await rows<AnswerRow>(c, SQL.getAnswers, [u]));
      }),
    );
  }

  async startOnboarding(user: User, now: Date): Promise<OnboardingState> {
    const u = this.hash(user);
    return this.guard('save onboarding progress', () =>
      transaction(this.pool, 'BEGIN', async (c) => {
        await count(c, SQL.clearAnswers, [u]);
        await count(c, SQL.startOnboarding, [u, now.getTime(), now.getTime()]);
        return { step: 0, startedAt: new Date(now.getTime()), completedAt: null, answers: [] };
      }),
    );
  }

  async moveOnboarding(user: User, fromStep: number, toStep: number, opts: MoveOptions): Promise<boolean> {
    const completedAt = opts.completed ? opts.now.getTime() : null;
    // A single UPDATE … WHERE step = fromStep: PostgreSQL re-checks the WHERE
    // after waiting on a concurrent writer's row lock, so only one mover wins.
    const params = [toStep, completedAt, opts.now.getTime(), this.hash(user), fromStep];
    return this.guard(
      'save onboarding progress',
      async () => (await count(this.pool, SQL.moveOnboarding, params)) === 1,
    );
  }

  async recordCheckAnswer(user: User, step: number, choice: number, correct: boolean, now: Date): Promise<boolean> {
    const u = this.hash(user);
    const t = now.getTime();
    return this.guard('save a check answer', () =>
      transaction(this.pool, 'BEGIN', async (c) => {
        const recorded = (await count(c, SQL.recordAnswer, [u, step, choice, bit(correct), t])) === 1;
        if (recorded) await count(c, SQL.touchOnboarding, [t, u, t]);
        return recorded;
      }),
    );
  }

  async recordFeedback(f: FeedbackRecord): Promise<void> {
    const params = feedbackParams(f, this.hash(f.user));
    await this.guard('save feedback', () => count(this.pool, SQL.upsertFeedback, params));
  }

  async recordQuestion(q: QuestionRecord): Promise<void> {
    const params = questionParams(q, this.hash(q.user));
    await this.guard('save a question', () => count(this.pool, SQL.insertQuestion, params));
  }

  async claimDelivery(key: string, ttlMs: number, now: Date): Promise<boolean> {
    const t = now.getTime();
    return this.guard('record a delivery', async () => {
      await this.pruneDeliveries(t);
      return (await count(this.pool, SQL.claimDelivery, [deliveryId(key), t + ttlMs, t])) === 1;
    });
  }

  async saveDeliveries(keyIds: readonly string[], ttlMs: number, now: Date): Promise<void> {
    const t = now.getTime();
    await this.guard('record deliveries', async () => {
      await this.pruneDeliveries(t);
      // Decimal ids never contain a comma, so one text parameter carries the whole batch.
      await count(this.pool, SQL.claimDeliveries, [t + ttlMs, keyIds.join(','), t]);
    });
  }

  async liveDeliveries(now: Date): Promise<LiveDelivery[]> {
    return this.guard('read deliveries', async () =>
      (await rows<DeliveryRow>(this.pool, SQL.liveDeliveries, [now.getTime()])).map(toLiveDelivery),
    );
  }

  private async pruneDeliveries(t: number): Promise<void> {
    if (t - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = t;
    await count(this.pool, SQL.pruneDeliveries, [t]);
  }

  async stats(since: Date): Promise<StoreStats> {
    const s = since.getTime();
    // REPEATABLE READ so every list describes the same snapshot.
    return this.guard('read stats', () =>
      transaction(this.pool, READ_ONLY, async (c) => {
        const unanswered = await rows<GroupRow>(c, SQL.unanswered, GROUP_PARAMS.unanswered(s));
        const low = await rows<GroupRow>(c, SQL.lowConfidence, GROUP_PARAMS.lowConfidence(s));
        const feedback = await rows<FeedbackRow>(c, SQL.feedbackTally, [s]);
        const [counts] = await rows<CountsRow>(c, SQL.onboardingCounts, [s, s]);
        const checks = await rows<CheckRow>(c, SQL.checkTally, [s]);
        return {
          unanswered: unanswered.map(toGroup),
          lowConfidence: low.map(toGroup),
          feedback: feedback.map(toFeedback),
          onboarding: {
            started: Number(counts?.started ?? 0),
            completed: Number(counts?.completed ?? 0),
            checks: toChecks(checks),
          },
        };
      }),
    );
  }

  async purge(before: Date): Promise<number> {
    const b = before.getTime();
    return this.guard('purge expired rows', () =>
      transaction(this.pool, 'BEGIN', async (c) => {
        const analytics = (await count(c, SQL.purgeQuestions, [b])) + (await count(c, SQL.purgeFeedback, [b]));
        const onboarding = (await count(c, SQL.purgeAnswers, [b, b])) + (await count(c, SQL.purgeProgress, [b]));
        const conversations = (await count(c, SQL.purgeContexts, [b])) + (await count(c, SQL.purgeProfiles, [b]));
        return analytics + onboarding + conversations;
      }),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private hash(user: User): string {
    return hashUser(this.salt, user);
  }

  private async guard<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw storeError(action, err);
    }
  }
}

/** The URL with its password (and any password= parameter) masked, safe for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
