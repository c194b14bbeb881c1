import Database from 'better-sqlite3';
import type { User } from '../user.js';
import { ConversationRows, type ProfileRow, toUserProfile } from './conversations.js';
import { deliveryId, hashUser } from './keys.js';
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
import { WriteBehind } from './sqlite-batch.js';
import { configure, prepareFile, SQLITE_FILE, vacuum } from './sqlite-file.js';
import { migrate } from './sqlite-migrate.js';
import { ProfileRows } from './sqlite-profiles.js';
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

export { SQLITE_FILE };

/** Expired delivery keys are deleted at most this often, not on every claim. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Opens (creating if needed) `${dataDir}/pmo-guide.sqlite` and brings its
 * schema up to date. `:memory:` gives a private in-memory database for tests.
 */
export async function openSqliteStore(dataDir: string, opts: StoreOptions = {}): Promise<SqliteStore> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  let db: Database.Database | undefined;
  try {
    // A lock held by another process blocks this one (SQLite is synchronous): wait no longer than a store call may.
    db = new Database(prepareFile(dataDir), { timeout: timeoutMs });
    const needsVacuum = configure(db, timeoutMs);
    const { salt, converted } = migrate(db, opts.salt);
    if (needsVacuum || converted > 0) vacuum(db);
    return new SqliteStore(db, salt);
  } catch (err) {
    db?.close();
    throw storeError(`open the SQLite database in "${dataDir}"`, err);
  }
}

export class SqliteStore implements Store {
  readonly engine = 'sqlite';
  private readonly statements = new Map<string, Database.Statement>();
  private lastPrune = 0;
  private readonly conversations: ConversationRows;
  private readonly profiles: ProfileRows;
  /** Topic and analytics writes, committed in batches off the reply path (sqlite-batch.ts). */
  private readonly batch = new WriteBehind((writes) =>
    this.db.transaction(() => {
      for (const { sql, params } of writes) this.run(sql, params);
    })(),
  );

  constructor(
    private readonly db: Database.Database,
    private readonly salt: string,
  ) {
    this.profiles = new ProfileRows(db, (u) => this.get<ProfileRow>(SQL.getProfile, [u]));
    const runner = {
      // Profile updates go through here: what profiles kept may be stale once it ran (even if it failed part way).
      run: async (sql: string, p: Param[]) => {
        try {
          return this.run(sql, p);
        } finally {
          this.profiles.wrote();
        }
      },
      row: async <T>(sql: string, p: Param[]) => this.get<T>(sql, p),
    };
    this.conversations = new ConversationRows(runner, salt);
  }

  // The conversation's hash is made once per call: it is a SHA-256, and the batch and the rows both need it.
  getContext: Store['getContext'] = async (key, now) => {
    const k = this.conversations.key(key);
    const queued = this.batch.topic(k, now);
    return queued === undefined ? this.conversations.contextAt(k, now) : queued;
  };

  setContext: Store['setContext'] = async (key, context, ttlMs) => {
    const k = this.conversations.key(key);
    const writes = this.conversations.contextWrites(k, context, ttlMs);
    this.guard('save a conversation topic', () => this.batch.addTopic(k, context, ttlMs, writes));
  };
  getProfile: Store['getProfile'] = (user) => this.conversations.getProfile(user);
  /** As getProfile, read again whenever another process committed since (sqlite-profiles.ts). */
  getProfileNow: NonNullable<Store['getProfileNow']> = (user) =>
    this.guard('read a user profile', () => toUserProfile(this.profiles.row(this.hash(user))));
  updateProfile: Store['updateProfile'] = (user, update, now) => this.conversations.updateProfile(user, update, now);

  async getOnboarding(user: User): Promise<OnboardingState | null> {
    const u = this.hash(user);
    return this.guard('read onboarding progress', () =>
      this.db.transaction(() => {
        const row = this.get<OnboardingRow>(SQL.getOnboarding, [u]);
        if (!row) return null;
        return toOnboardingState(row, this.all<AnswerRow>(SQL.getAnswers, [u]));
      })(),
    );
  }

  async startOnboarding(user: User, now: Date): Promise<OnboardingState> {
    const u = this.hash(user);
    return this.guard('save onboarding progress', () =>
      this.db.transaction(() => {
        this.run(SQL.clearAnswers, [u]);
        this.run(SQL.startOnboarding, [u, now.getTime(), now.getTime()]);
        return { step: 0, startedAt: new Date(now.getTime()), completedAt: null, answers: [] };
      })(),
    );
  }

  async moveOnboarding(user: User, fromStep: number, toStep: number, opts: MoveOptions): Promise<boolean> {
    const completedAt = opts.completed ? opts.now.getTime() : null;
    const params = [toStep, completedAt, opts.now.getTime(), this.hash(user), fromStep];
    return this.guard('save onboarding progress', () => this.run(SQL.moveOnboarding, params) === 1);
  }

  async recordCheckAnswer(user: User, step: number, choice: number, correct: boolean, now: Date): Promise<boolean> {
    const u = this.hash(user);
    const t = now.getTime();
    return this.guard('save a check answer', () =>
      this.db.transaction(() => {
        const recorded = this.run(SQL.recordAnswer, [u, step, choice, bit(correct), t]) === 1;
        if (recorded) this.run(SQL.touchOnboarding, [t, u, t]);
        return recorded;
      })(),
    );
  }

  async recordFeedback(f: FeedbackRecord): Promise<void> {
    await this.guard('save feedback', () => this.run(SQL.upsertFeedback, feedbackParams(f, this.hash(f.user))));
  }

  async recordQuestion(q: QuestionRecord): Promise<void> {
    const params = questionParams(q, this.hash(q.user));
    this.guard('save a question', () => this.batch.add([{ sql: SQL.insertQuestion, params }]));
  }

  async claimDelivery(key: string, ttlMs: number, now: Date): Promise<boolean> {
    const t = now.getTime();
    return this.guard('record a delivery', () => {
      this.pruneDeliveries(t);
      return this.run(SQL.claimDelivery, [deliveryId(key), t + ttlMs, t]) === 1;
    });
  }

  async saveDeliveries(keyIds: readonly string[], ttlMs: number, now: Date): Promise<void> {
    const t = now.getTime();
    this.guard('record deliveries', () =>
      this.db.transaction(() => {
        this.pruneDeliveries(t);
        for (const id of keyIds) this.run(SQL.claimDelivery, [id, t + ttlMs, t]);
      })(),
    );
  }

  async liveDeliveries(now: Date): Promise<LiveDelivery[]> {
    return this.guard('read deliveries', () =>
      this.all<DeliveryRow>(SQL.liveDeliveries, [now.getTime()]).map(toLiveDelivery),
    );
  }

  private pruneDeliveries(t: number): void {
    if (t - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = t;
    if (this.run(SQL.pruneDeliveries, [t]) > 0) this.reclaim();
  }

  async stats(since: Date): Promise<StoreStats> {
    const s = since.getTime();
    this.batch.flush();
    // One read transaction so every list describes the same moment.
    return this.guard('read stats', () =>
      this.db.transaction(() => {
        const counts = this.get<CountsRow>(SQL.onboardingCounts, [s, s]);
        return {
          unanswered: this.all<GroupRow>(SQL.unanswered, GROUP_PARAMS.unanswered(s)).map(toGroup),
          lowConfidence: this.all<GroupRow>(SQL.lowConfidence, GROUP_PARAMS.lowConfidence(s)).map(toGroup),
          feedback: this.all<FeedbackRow>(SQL.feedbackTally, [s]).map(toFeedback),
          onboarding: {
            started: Number(counts?.started ?? 0),
            completed: Number(counts?.completed ?? 0),
            checks: toChecks(this.all<CheckRow>(SQL.checkTally, [s])),
          },
        };
      })(),
    );
  }

  async purge(before: Date): Promise<number> {
    const b = before.getTime();
    this.batch.flush();
    const removed = this.guard('purge expired rows', () =>
      this.db.transaction(
        () =>
          this.run(SQL.purgeQuestions, [b]) +
          this.run(SQL.purgeFeedback, [b]) +
          this.run(SQL.purgeAnswers, [b, b]) +
          this.run(SQL.purgeProgress, [b]) +
          this.run(SQL.purgeContexts, [b]) +
          this.run(SQL.purgeProfiles, [b]),
      )(),
    );
    this.profiles.wrote();
    if (removed > 0) this.reclaim();
    return removed;
  }

  async close(): Promise<void> {
    this.batch.flush();
    this.statements.clear();
    this.db.close();
  }

  /**
   * Gives the pages of deleted rows back to the file system: incremental
   * vacuum moves them to the end and truncates, the checkpoint writes that
   * to the main file and empties the WAL. Best effort: the rows are gone either way.
   */
  private reclaim(): void {
    try {
      this.db.pragma('incremental_vacuum');
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Busy with another process's reader: the next purge or prune tries again.
    }
  }

  private hash(user: User): string {
    return hashUser(this.salt, user);
  }

  private guard<T>(action: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw storeError(action, err);
    }
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private run(sql: string, params: Param[]): number {
    return this.stmt(sql).run(...params).changes;
  }

  private get<T>(sql: string, params: Param[]): T | undefined {
    return this.stmt(sql).get(...params) as T | undefined;
  }

  private all<T>(sql: string, params: Param[]): T[] {
    return this.stmt(sql).all(...params) as T[];
  }
}
