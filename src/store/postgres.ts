import pg from 'pg';
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

type Param = string | number | null;
type Queryable = pg.Pool | pg.PoolClient;

export interface PostgresOptions {
  /** Use this schema instead of the server's search_path (tests use a fresh one per run). */
  schema?: string;
  /** Fail fast when the server is unreachable instead of hanging the bot. */
  connectTimeoutMs?: number;
  poolSize?: number;
}

/** Expired event ids are deleted at most this often, not on every claim. */
const PRUNE_EVERY_MS = 60_000;
/** A stuck query must not hold a chat reply forever. */
const STATEMENT_TIMEOUT_MS = 15_000;
// Keyed by schema so separate schemas (e.g. parallel test runs) migrate independently.
const MIGRATION_LOCK = `SELECT pg_advisory_xact_lock(hashtext('pmo-guide:migrations:' || COALESCE(current_schema(), '')))`;

/** Connects, and brings the schema up to date; every failure is a StoreError without the password. */
export async function openPostgresStore(url: string, opts: PostgresOptions = {}): Promise<PostgresStore> {
  const where = redactUrl(url);
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(opts.schema)) {
    throw storeError(`open PostgreSQL at ${where}`, new Error(`invalid schema name "${opts.schema}"`));
  }
  let pool: pg.Pool | undefined;
  try {
    pool = new pg.Pool({
      connectionString: url,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
      max: opts.poolSize ?? 10,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
    });
    // An idle client dying (server restart) must not crash the process; the
    // next query gets a fresh connection or fails with a StoreError.
    pool.on('error', () => {});
    await migrate(pool);
    return new PostgresStore(pool);
  } catch (err) {
    await pool?.end().catch(() => {});
    throw storeError(`open PostgreSQL at ${where}`, err);
  }
}

async function migrate(pool: pg.Pool): Promise<void> {
  await transaction(pool, 'BEGIN', async (c) => {
    // Lock first: two instances starting at once would otherwise race on
    // CREATE TABLE and both apply the same migration.
    await c.query(MIGRATION_LOCK);
    await c.query(MIGRATIONS_TABLE);
    const { rows } = await c.query<{ version: number }>(SQL.appliedVersions);
    const applied = new Set(rows.map((r) => Number(r.version)));
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await c.query(migrationSql(m, 'postgres'));
      await c.query(toPg(SQL.recordMigration), [m.version, m.name, Date.now()]);
    }
  });
}

async function transaction<T>(pool: pg.Pool, begin: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: Error) => {
      broken = e; // the connection itself is unusable: don't return it to the pool
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

const pgSql = new Map<string, string>();
/** Rewrites the shared `?` placeholders to PostgreSQL's `$1, $2, …`. */
function toPg(sql: string): string {
  let out = pgSql.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    pgSql.set(sql, out);
  }
  return out;
}

export class PostgresStore implements Store {
  readonly engine = 'postgres';
  private lastPrune = 0;
  private closed = false;

  constructor(private readonly pool: pg.Pool) {}

  async getOnboarding(user: UserKey): Promise<OnboardingState | null> {
    return this.guard('read onboarding progress', () =>
      transaction(this.pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (c) => {
        const [row] = await rows<OnboardingRow>(c, SQL.getOnboarding, key(user));
        if (!row) return null;
        return toOnboardingState(row, await rows<AnswerRow>(c, SQL.getAnswers, key(user)));
      }),
    );
  }

  async startOnboarding(user: UserKey, now: Date): Promise<OnboardingState> {
    return this.guard('save onboarding progress', () =>
      transaction(this.pool, 'BEGIN', async (c) => {
        await count(c, SQL.clearAnswers, key(user));
        await count(c, SQL.startOnboarding, [...key(user), now.getTime()]);
        return { step: 0, startedAt: new Date(now.getTime()), completedAt: null, answers: [] };
      }),
    );
  }

  async moveOnboarding(user: UserKey, fromStep: number, toStep: number, opts: MoveOptions): Promise<boolean> {
    const completedAt = opts.completed ? opts.now.getTime() : null;
    // A single UPDATE … WHERE step = fromStep: PostgreSQL re-checks the WHERE
    // after waiting on a concurrent writer's row lock, so only one mover wins.
    const params = [toStep, completedAt, ...key(user), fromStep];
    return this.guard(
      'save onboarding progress',
      async () => (await count(this.pool, SQL.moveOnboarding, params)) === 1,
    );
  }

  async recordCheckAnswer(user: UserKey, step: number, choice: number, correct: boolean, now: Date): Promise<boolean> {
    const params = [...key(user), step, choice, bit(correct), now.getTime()];
    return this.guard('save a check answer', async () => (await count(this.pool, SQL.recordAnswer, params)) === 1);
  }

  async recordFeedback(f: FeedbackRecord): Promise<void> {
    const params = [f.userHash, f.entryId, bit(f.helpful), f.lang, f.at.getTime()];
    await this.guard('save feedback', () => count(this.pool, SQL.upsertFeedback, params));
  }

  async recordQuestion(q: QuestionRecord): Promise<void> {
    const params = [q.userHash, q.text, q.normalized, q.lang, q.bestGuess, q.confidence, bit(q.matched)];
    await this.guard('save a question', () => count(this.pool, SQL.insertQuestion, [...params, q.at.getTime()]));
  }

  async claimEvent(eventId: string, ttlMs: number, now: Date): Promise<boolean> {
    const t = now.getTime();
    return this.guard('record a Slack event id', async () => {
      if (t - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = t;
        await count(this.pool, SQL.pruneEvents, [t]);
      }
      return (await count(this.pool, SQL.claimEvent, [eventId, t + ttlMs, t])) === 1;
    });
  }

  async stats(since: Date): Promise<StoreStats> {
    const s = since.getTime();
    // REPEATABLE READ so every list describes the same snapshot.
    return this.guard('read stats', () =>
      transaction(this.pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (c) => {
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

  async purgeAnalytics(before: Date): Promise<number> {
    const b = before.getTime();
    return this.guard('purge old analytics', () =>
      transaction(this.pool, 'BEGIN', async (c) => {
        return (await count(c, SQL.purgeQuestions, [b])) + (await count(c, SQL.purgeFeedback, [b]));
      }),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async guard<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw storeError(action, err);
    }
  }
}

async function rows<T extends pg.QueryResultRow>(db: Queryable, sql: string, params: Param[]): Promise<T[]> {
  return (await db.query<T>(toPg(sql), params)).rows;
}

async function count(db: Queryable, sql: string, params: Param[]): Promise<number> {
  return (await db.query(toPg(sql), params)).rowCount ?? 0;
}

function key(user: UserKey): Param[] {
  return [user.platform, user.workspaceId, user.userId];
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
