import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  type AnswerRow,
  bit,
  type CheckRow,
  type CountsRow,
  type FeedbackRow,
  GROUP_PARAMS,
  type GroupRow,
  MIGRATIONS,
  MIGRATIONS_TABLE,
  migrationSql,
  type OnboardingRow,
  SQL,
  storeError,
  toChecks,
  toFeedback,
  toGroup,
  toOnboardingState,
} from './migrations.js';
import type {
  FeedbackRecord,
  MoveOptions,
  OnboardingState,
  QuestionRecord,
  Store,
  StoreStats,
  UserKey,
} from './store.js';

export const SQLITE_FILE = 'pmo-guide.sqlite';
/** How long a writer waits for another process's lock before failing. */
const BUSY_TIMEOUT_MS = 5000;
/** Expired event ids are deleted at most this often, not on every claim. */
const PRUNE_EVERY_MS = 60_000;

type Param = string | number | null;

/**
 * Opens (creating if needed) `${dataDir}/pmo-guide.sqlite` and brings its
 * schema up to date. `:memory:` gives a private in-memory database for tests.
 */
export async function openSqliteStore(dataDir: string): Promise<SqliteStore> {
  let db: Database.Database | undefined;
  try {
    let file = ':memory:';
    if (dataDir !== ':memory:') {
      mkdirSync(dataDir, { recursive: true });
      file = join(dataDir, SQLITE_FILE);
    }
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL lets readers (stats) run while the bot writes; in-memory DBs ignore it.
    db.pragma('journal_mode = WAL');
    migrate(db);
    return new SqliteStore(db);
  } catch (err) {
    db?.close();
    throw storeError(`open the SQLite database in "${dataDir}"`, err);
  }
}

function migrate(db: Database.Database): void {
  const run = db.transaction(() => {
    db.exec(MIGRATIONS_TABLE);
    const applied = new Set(db.prepare(SQL.appliedVersions).pluck().all() as number[]);
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      db.exec(migrationSql(m, 'sqlite'));
      db.prepare(SQL.recordMigration).run(m.version, m.name, Date.now());
    }
  });
  // IMMEDIATE takes the write lock up front, so two processes opening a fresh
  // file at once cannot both decide a migration is pending.
  run.immediate();
}

export class SqliteStore implements Store {
  readonly engine = 'sqlite';
  private readonly statements = new Map<string, Database.Statement>();
  private lastPrune = 0;

  constructor(private readonly db: Database.Database) {}

  async getOnboarding(user: UserKey): Promise<OnboardingState | null> {
    return this.guard('read onboarding progress', () =>
      this.db.transaction(() => {
        const row = this.get<OnboardingRow>(SQL.getOnboarding, key(user));
        if (!row) return null;
        return toOnboardingState(row, this.all<AnswerRow>(SQL.getAnswers, key(user)));
      })(),
    );
  }

  async startOnboarding(user: UserKey, now: Date): Promise<OnboardingState> {
    return this.guard('save onboarding progress', () =>
      this.db.transaction(() => {
        this.run(SQL.clearAnswers, key(user));
        this.run(SQL.startOnboarding, [...key(user), now.getTime()]);
        return { step: 0, startedAt: new Date(now.getTime()), completedAt: null, answers: [] };
      })(),
    );
  }

  async moveOnboarding(user: UserKey, fromStep: number, toStep: number, opts: MoveOptions): Promise<boolean> {
    const completedAt = opts.completed ? opts.now.getTime() : null;
    return this.guard('save onboarding progress', () => {
      return this.run(SQL.moveOnboarding, [toStep, completedAt, ...key(user), fromStep]) === 1;
    });
  }

  async recordCheckAnswer(user: UserKey, step: number, choice: number, correct: boolean, now: Date): Promise<boolean> {
    return this.guard('save a check answer', () => {
      return this.run(SQL.recordAnswer, [...key(user), step, choice, bit(correct), now.getTime()]) === 1;
    });
  }

  async recordFeedback(f: FeedbackRecord): Promise<void> {
    await this.guard('save feedback', () =>
      this.run(SQL.upsertFeedback, [f.userHash, f.entryId, bit(f.helpful), f.lang, f.at.getTime()]),
    );
  }

  async recordQuestion(q: QuestionRecord): Promise<void> {
    const params = [q.userHash, q.text, q.normalized, q.lang, q.bestGuess, q.confidence, bit(q.matched)];
    await this.guard('save a question', () => this.run(SQL.insertQuestion, [...params, q.at.getTime()]));
  }

  async claimEvent(eventId: string, ttlMs: number, now: Date): Promise<boolean> {
    const t = now.getTime();
    return this.guard('record a Slack event id', () => {
      if (t - this.lastPrune >= PRUNE_EVERY_MS) {
        this.run(SQL.pruneEvents, [t]);
        this.lastPrune = t;
      }
      return this.run(SQL.claimEvent, [eventId, t + ttlMs, t]) === 1;
    });
  }

  async stats(since: Date): Promise<StoreStats> {
    const s = since.getTime();
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

  async purgeAnalytics(before: Date): Promise<number> {
    const b = before.getTime();
    return this.guard('purge old analytics', () =>
      this.db.transaction(() => this.run(SQL.purgeQuestions, [b]) + this.run(SQL.purgeFeedback, [b]))(),
    );
  }

  async close(): Promise<void> {
    this.statements.clear();
    this.db.close();
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

function key(user: UserKey): Param[] {
  return [user.platform, user.workspaceId, user.userId];
}
