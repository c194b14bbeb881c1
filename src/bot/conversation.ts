import type { Lang } from '../knowledge/schema.js';
import type { Logger } from '../logger.js';
import type { ConversationKey, LastQuestion, Store, UserProfile } from '../store/store.js';
import { detectLanguage, languageFromLocale } from '../text/language.js';
import { type Sender, type User, userOf } from '../user.js';
import type { ConversationTopic } from './answer.js';

/** A topic is forgotten after this long without a new answer (CONTEXT_TTL_MINUTES). */
export const DEFAULT_CONTEXT_TTL_MS = 30 * 60_000;
/** Entries the in-memory fallback keeps; a flood of new conversations evicts the oldest. */
const MEMORY_LIMIT = 10_000;

export interface ConversationOptions {
  /** Shared across restarts and instances; without it everything is kept in this process only. */
  store?: Store | undefined;
  ttlMs?: number | undefined;
  logger?: Logger | undefined;
  now?: () => Date;
}

/**
 * What the bot remembers between messages: each conversation's topic, each
 * user's preferred language and an admin's last question. The store keeps
 * them; when it is down (StoreError, timeout) this process's memory stands in,
 * as for Slack event dedupe, so a follow-up is still understood.
 */
export class Conversations {
  private readonly ttlMs: number;
  private readonly now: () => Date;
  private readonly topics = new BoundedMap<string, ConversationTopic & { expires: number }>();
  private readonly languages = new BoundedMap<string, Lang>();
  private readonly questions = new BoundedMap<string, LastQuestion>();

  constructor(private readonly options: ConversationOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CONTEXT_TTL_MS;
    this.now = options.now ?? (() => new Date());
  }

  /** The conversation's topic, or null (none, expired, or the message is not part of a conversation). */
  async topic(sender: Sender): Promise<ConversationTopic | null> {
    const key = conversationKey(sender);
    if (!key) return null;
    const now = this.now();
    const kept = await this.tryStore('read a conversation topic', (s) => s.getContext(key, now));
    if (kept !== undefined) return kept && { entryId: kept.entryId, details: kept.details };
    const memory = this.topics.get(memoryKey(key));
    return memory && memory.expires > now.getTime() ? { entryId: memory.entryId, details: memory.details } : null;
  }

  /** Sets (or with null, forgets) the topic; undefined leaves it as it was. */
  async remember(sender: Sender, next: ConversationTopic | null | undefined): Promise<void> {
    const key = conversationKey(sender);
    if (!key || next === undefined) return;
    const at = this.now();
    const context = next && { ...next, at };
    const saved = await this.tryStore('save a conversation topic', async (s) => {
      await s.setContext(key, context, this.ttlMs);
      return true;
    });
    if (saved) return void this.topics.delete(memoryKey(key));
    if (next) this.topics.set(memoryKey(key), { ...next, expires: at.getTime() + this.ttlMs });
    else this.topics.delete(memoryKey(key));
  }

  /**
   * The reply's language: what the text is written in; else the language the
   * user chose with the switch button; else the platform locale.
   */
  async language(text: string, sender: Sender): Promise<Lang> {
    return this.languageReader(sender)(text);
  }

  /**
   * language() for the parts of one message (its text, a command's argument):
   * the user's profile is read at most once, and only when a part's text does
   * not tell the language. Nothing is kept past the message, so a change made
   * elsewhere (the switch in another process, a retention purge) is seen by the next.
   */
  languageReader(sender: Sender): (text: string) => Promise<Lang> {
    let preferred: Promise<Lang | undefined> | undefined;
    return async (text) => {
      const written = detectLanguage(text);
      if (written) return written;
      preferred ??= this.preferredLanguage(sender);
      return (await preferred) ?? languageFromLocale(sender.locale) ?? 'en';
    };
  }

  async preferredLanguage(user: User): Promise<Lang | undefined> {
    const profile = await this.profile(user);
    return profile?.lang ?? this.languages.get(memoryKey(userOf(user))) ?? undefined;
  }

  async setPreferredLanguage(user: User, lang: Lang): Promise<void> {
    this.languages.set(memoryKey(userOf(user)), lang);
    await this.tryStore('save a user profile', (s) => s.updateProfile(userOf(user), { lang }, this.now()));
  }

  async lastQuestion(user: User): Promise<LastQuestion | null> {
    const profile = await this.profile(user);
    return profile?.lastQuestion ?? this.questions.get(memoryKey(userOf(user))) ?? null;
  }

  async rememberQuestion(user: User, question: Omit<LastQuestion, 'at'>): Promise<void> {
    const lastQuestion = { ...question, at: this.now() };
    this.questions.set(memoryKey(userOf(user)), lastQuestion);
    await this.tryStore('save a user profile', (s) => s.updateProfile(userOf(user), { lastQuestion }, this.now()));
  }

  /** Read every time (another instance may have changed it); at once where the store can answer so. */
  private profile(user: User): UserProfile | undefined | Promise<UserProfile | undefined> {
    try {
      const now = this.options.store?.getProfileNow?.(userOf(user));
      if (now) return now;
    } catch (error) {
      return this.storeFailed('read a user profile', error);
    }
    return this.tryStore('read a user profile', (s) => s.getProfile(userOf(user)));
  }

  private storeFailed(action: string, error: unknown): undefined {
    this.options.logger?.warn({ err: error }, `could not ${action}; using this instance's memory`);
    return undefined;
  }

  /** The store's answer, or undefined when there is no store or it failed (already logged). */
  private async tryStore<T>(action: string, call: (store: Store) => Promise<T>): Promise<T | undefined> {
    const store = this.options.store;
    if (!store) return undefined;
    try {
      return await call(store);
    } catch (error) {
      return this.storeFailed(action, error);
    }
  }
}

function conversationKey(sender: Sender): ConversationKey | undefined {
  return sender.conversation ? { ...userOf(sender), conversationId: sender.conversation } : undefined;
}

function memoryKey(key: User | ConversationKey): string {
  const conversation = 'conversationId' in key ? key.conversationId : '';
  return [key.platform, key.workspaceId, key.userId, conversation].join('\u0000');
}

/** A Map that forgets its oldest entry past MEMORY_LIMIT, so a stranger cannot grow it without bound. */
class BoundedMap<K, V> extends Map<K, V> {
  override set(key: K, value: V): this {
    this.delete(key);
    if (this.size >= MEMORY_LIMIT) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}
