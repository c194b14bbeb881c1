import { within } from '../shared/within.js';

/**
 * What the adapter needs to know about a Slack user (their locale, whether
 * they are a bot), from users.info with include_locale. Slack rate-limits
 * users.info, so answers are cached per user; a failed look-up is remembered
 * briefly and the bot carries on without a locale.
 */

export interface SlackUser {
  locale?: string | undefined;
  isBot: boolean;
}

/** The shape of a users.info answer we read; the WebClient's response satisfies it. */
export interface UsersInfoResult {
  ok?: boolean;
  user?: { locale?: string; is_bot?: boolean };
}

export type UsersInfo = (userId: string) => Promise<UsersInfoResult>;

export interface UserDirectoryOptions {
  ttlMs?: number;
  /** How long a failed look-up is remembered, so a missing scope does not cost a call per message. */
  failureTtlMs?: number;
  /** The slash command must be acknowledged within 3 s: never wait longer than this for a locale. */
  timeoutMs?: number;
  maxEntries?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

const LOCALE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3}$/;

interface Cached {
  expires: number;
  value: Promise<SlackUser | undefined>;
  /** Set once `value` has resolved, so a cache hit needs neither a timer nor a race. */
  settled?: { user: SlackUser | undefined };
  /** A message already waited the whole timeout for this look-up: later ones go on without it until it settles. */
  waitedOut?: boolean;
}

export class UserDirectory {
  private readonly cache = new Map<string, Cached>();
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly timeoutMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: UserDirectoryOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.failureTtlMs = options.failureTtlMs ?? 60 * 1000;
    this.timeoutMs = options.timeoutMs ?? 1500;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The user, or undefined when Slack did not tell us in time. Never throws. */
  async get(userId: string, usersInfo: UsersInfo): Promise<SlackUser | undefined> {
    const now = this.now();
    const hit = this.cache.get(userId);
    const entry = hit && hit.expires > now ? hit : this.fetch(userId, usersInfo, now);
    if (entry.settled) return entry.settled.user;
    // While Slack's API hangs (its client retries for many minutes), every message would wait the whole timeout.
    if (entry.waitedOut) return undefined;
    // A slow look-up keeps running and fills the cache for a later message.
    const outcome = await within(entry.value, this.timeoutMs);
    if (outcome.settled) return outcome.value;
    entry.waitedOut = true;
    return undefined;
  }

  async locale(userId: string, usersInfo: UsersInfo): Promise<string | undefined> {
    return (await this.get(userId, usersInfo))?.locale;
  }

  private fetch(userId: string, usersInfo: UsersInfo, now: number): Cached {
    const entry: Cached = { expires: now + this.ttlMs, value: Promise.resolve(undefined) };
    entry.value = usersInfo(userId).then(
      (result) => toUser(result),
      (error: unknown) => {
        entry.expires = this.now() + this.failureTtlMs;
        this.options.onError?.(error);
        return undefined;
      },
    );
    void entry.value.then((user) => {
      entry.settled = { user };
    });
    this.cache.delete(userId);
    this.cache.set(userId, entry);
    this.evict();
    return entry;
  }

  /** Map keeps insertion order, so the first keys are the oldest look-ups. */
  private evict(): void {
    for (const key of this.cache.keys()) {
      if (this.cache.size <= this.maxEntries) return;
      this.cache.delete(key);
    }
  }
}

function toUser(result: UsersInfoResult): SlackUser | undefined {
  if (!result.ok || !result.user) return undefined;
  const locale = result.user.locale;
  // The core caps locale length; anything that is not a locale tag is dropped rather than rejected later.
  return { locale: locale && LOCALE.test(locale) ? locale : undefined, isBot: result.user.is_bot === true };
}
