import type { Lang } from '../knowledge/schema.js';
import type { User } from '../user.js';
import { cap, hashKey, hashUser, MAX_STORED_NAME, MAX_STORED_TEXT } from './keys.js';
import { type Param, storeError } from './rows.js';
import { SQL } from './sql.js';
import type { ConversationKey, LastQuestion, ProfileUpdate, TopicContext, UserProfile } from './store.js';

/**
 * Conversation topics and user profiles, written the same way by both
 * engines: each hands over how it runs one statement. Kept apart from the
 * engines so SQLite and PostgreSQL cannot drift, and neither file grows.
 */

export interface StatementRunner {
  /** Rows changed. */
  run(sql: string, params: Param[]): Promise<number>;
  /** The first row, if any. */
  row<T>(sql: string, params: Param[]): Promise<T | undefined>;
}

/** One write, as an engine runs it. */
export interface Statement {
  sql: string;
  params: Param[];
}

type Num = number | string | bigint;
interface ContextRow {
  entry_id: string;
  details: string;
  set_at: Num;
}
export interface ProfileRow {
  lang: string | null;
  last_text: string | null;
  last_lang: string | null;
  last_context: string | null;
  last_details: string | null;
  last_at: Num | null;
}

/** Expired topics are deleted at most this often, not on every write. */
const PRUNE_EVERY_MS = 60_000;
const MAX_DETAILS = 5;

const lang = (value: string | null): Lang | null => (value === 'ja' || value === 'en' ? value : null);
const joinDetails = (details: readonly string[]) =>
  cap(details.slice(0, MAX_DETAILS).join(','), MAX_STORED_NAME * MAX_DETAILS);
const splitDetails = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);

export class ConversationRows {
  private lastPrune = 0;

  constructor(
    private readonly runner: StatementRunner,
    private readonly salt: string,
  ) {}

  /** The conversation as one salted hash: user and conversation id together. */
  key(key: ConversationKey): string {
    return hashKey(`${hashUser(this.salt, key)}\u0000${key.conversationId}`);
  }

  async getContext(key: ConversationKey, now: Date): Promise<TopicContext | null> {
    return this.contextAt(this.key(key), now);
  }

  /** getContext by the conversation's hash (`key`), for an engine that needed the hash already. */
  async contextAt(hashedKey: string, now: Date): Promise<TopicContext | null> {
    const row = await this.guard('read a conversation topic', () =>
      this.runner.row<ContextRow>(SQL.getContext, [hashedKey, now.getTime()]),
    );
    if (!row) return null;
    return { entryId: row.entry_id, details: splitDetails(row.details), at: new Date(Number(row.set_at)) };
  }

  async setContext(key: ConversationKey, context: TopicContext | null, ttlMs: number): Promise<void> {
    const writes = this.contextWrites(this.key(key), context, ttlMs);
    await this.guard('save a conversation topic', async () => {
      for (const write of writes) await this.runner.run(write.sql, write.params);
    });
  }

  /**
   * The statements that save (or with null, clear) a topic, in order: an
   * engine may run them at once or later in a batch (SQLite, sqlite-batch.ts).
   * `k` is the conversation's hash (`key`), which the engine needs too.
   */
  contextWrites(k: string, context: TopicContext | null, ttlMs: number): Statement[] {
    if (!context) return [{ sql: SQL.clearContext, params: [k] }];
    const t = context.at.getTime();
    const writes: Statement[] = [];
    if (t - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = t;
      writes.push({ sql: SQL.pruneContexts, params: [t] });
    }
    const entry = cap(context.entryId, MAX_STORED_NAME);
    writes.push({ sql: SQL.setContext, params: [k, entry, joinDetails(context.details), t, t + ttlMs] });
    return writes;
  }

  async getProfile(user: User): Promise<UserProfile> {
    const row = await this.guard('read a user profile', () =>
      this.runner.row<ProfileRow>(SQL.getProfile, [hashUser(this.salt, user)]),
    );
    return toUserProfile(row);
  }

  async updateProfile(user: User, update: ProfileUpdate, now: Date): Promise<void> {
    const u = hashUser(this.salt, user);
    const t = now.getTime();
    await this.guard('save a user profile', async () => {
      if (update.lang) await this.runner.run(SQL.setLanguage, [u, update.lang, t]);
      if (update.lastQuestion)
        await this.runner.run(SQL.setLastQuestion, [u, ...lastQuestionParams(update.lastQuestion), t]);
    });
  }

  private async guard<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw storeError(action, err);
    }
  }
}

/** A profile row as read by SQL.getProfile, or undefined when the user has none. */
export function toUserProfile(row: ProfileRow | undefined): UserProfile {
  return { lang: lang(row?.lang ?? null), lastQuestion: row ? lastQuestionOf(row) : null };
}

function lastQuestionParams(q: LastQuestion): Param[] {
  const context = q.context ? cap(q.context.entryId, MAX_STORED_NAME) : null;
  return [cap(q.text, MAX_STORED_TEXT), q.lang, context, joinDetails(q.context?.details ?? []), q.at.getTime()];
}

function lastQuestionOf(row: ProfileRow): LastQuestion | null {
  const questionLang = lang(row.last_lang);
  if (row.last_text === null || !questionLang || row.last_at === null) return null;
  const context = row.last_context ? { entryId: row.last_context, details: splitDetails(row.last_details) } : null;
  return { text: row.last_text, lang: questionLang, context, at: new Date(Number(row.last_at)) };
}
