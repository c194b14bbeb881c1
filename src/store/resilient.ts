import { StoreError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store, StoreEngine } from './store.js';

/** How long the store is left alone after it failed to open or stopped answering. */
const RETRY_MS = 5_000;

export interface ResilientOptions {
  /** The longest any call may take before it rejects with StoreError (STORE_TIMEOUT_MS). */
  timeoutMs: number;
  logger: Logger;
  /**
   * The engine answers on this thread before a call returns (SQLite): no
   * timer could fire before it has answered, so calls skip the deadline,
   * which would only cost a timer and a race each. Its own lock timeout
   * (busy_timeout) bounds how long it can block.
   */
  answersInline?: boolean;
}

/**
 * A Store that keeps the bot up when the database is not. Every call rejects
 * with StoreError instead of hanging or crashing, so onboarding says progress
 * was not saved while questions are still answered:
 * - if opening fails, calls fail until RETRY_MS has passed, then the next one tries again;
 * - a call that takes longer than `timeoutMs` rejects (the database may be
 *   frozen), and for RETRY_MS calls fail at once instead of each waiting out
 *   its own timeout; the call after that finds out whether it is back.
 */
export function resilientStore(open: () => Promise<Store>, engine: StoreEngine, opts: ResilientOptions): Store {
  return new ResilientStore(open, engine, opts);
}

/** See resilientStore. Every method is typed by Store, so the compiler checks it against the contract. */
class ResilientStore implements Store {
  private current: Promise<Store> | undefined;
  private pausedUntil = 0;
  /** The open store, once known, for calls answered before returning (getProfileNow). */
  private opened: Store | undefined;

  constructor(
    private readonly open: () => Promise<Store>,
    readonly engine: StoreEngine,
    private readonly opts: ResilientOptions,
  ) {}

  readonly getOnboarding: Store['getOnboarding'] = (user) => this.call((s) => s.getOnboarding(user));
  readonly startOnboarding: Store['startOnboarding'] = (user, now) => this.call((s) => s.startOnboarding(user, now));
  readonly moveOnboarding: Store['moveOnboarding'] = (user, fromStep, toStep, opts) =>
    this.call((s) => s.moveOnboarding(user, fromStep, toStep, opts));
  readonly recordCheckAnswer: Store['recordCheckAnswer'] = (user, step, choice, correct, now) =>
    this.call((s) => s.recordCheckAnswer(user, step, choice, correct, now));
  readonly recordFeedback: Store['recordFeedback'] = (feedback) => this.call((s) => s.recordFeedback(feedback));
  readonly recordQuestion: Store['recordQuestion'] = (question) => this.call((s) => s.recordQuestion(question));
  readonly claimDelivery: Store['claimDelivery'] = (key, ttlMs, now) =>
    this.call((s) => s.claimDelivery(key, ttlMs, now));
  readonly saveDeliveries: Store['saveDeliveries'] = (keyIds, ttlMs, now) =>
    this.call((s) => s.saveDeliveries(keyIds, ttlMs, now));
  readonly liveDeliveries: Store['liveDeliveries'] = (now) => this.call((s) => s.liveDeliveries(now));
  readonly getContext: Store['getContext'] = (key, now) => this.call((s) => s.getContext(key, now));
  readonly setContext: Store['setContext'] = (key, context, ttlMs) =>
    this.call((s) => s.setContext(key, context, ttlMs));
  readonly getProfile: Store['getProfile'] = (user) => this.call((s) => s.getProfile(user));
  /** Only once the store is open and answers inline; until then (or on PostgreSQL, with its deadline) getProfile. */
  readonly getProfileNow: NonNullable<Store['getProfileNow']> = (user) => {
    if (!this.opened?.getProfileNow) return undefined;
    if (Date.now() < this.pausedUntil) throw new StoreError('database unavailable (retrying shortly)');
    return this.opened.getProfileNow(user);
  };
  readonly updateProfile: Store['updateProfile'] = (user, update, now) =>
    this.call((s) => s.updateProfile(user, update, now));
  readonly stats: Store['stats'] = (since) => this.call((s) => s.stats(since));
  readonly purge: Store['purge'] = (before) => this.call((s) => s.purge(before));

  readonly close = async (): Promise<void> => {
    const store = await this.current?.catch(() => undefined);
    await store?.close();
  };

  private pause(error: unknown, message: string): void {
    // Calls in flight when the database froze all time out together: one log line is enough.
    if (Date.now() >= this.pausedUntil) this.opts.logger.error({ err: error }, message);
    this.pausedUntil = Date.now() + RETRY_MS;
  }

  private get(): Promise<Store> {
    this.current ??= this.open().then(
      (store) => {
        // Inline engines only: a call to them cannot hang, so it needs no deadline.
        if (this.opts.answersInline) this.opened = store;
        return store;
      },
      (error: unknown) => {
        this.current = undefined;
        this.pause(error, 'database unavailable; answering without saving progress');
        throw error instanceof StoreError ? error : new StoreError(String(error), { cause: error });
      },
    );
    return this.current;
  }

  private async call<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (Date.now() < this.pausedUntil) throw new StoreError('database unavailable (retrying shortly)');
    if (this.opts.answersInline) return this.get().then(work);
    return withDeadline(this.get().then(work), this.opts.timeoutMs, (error) =>
      this.pause(error, 'database did not answer in time; answering without saving progress'),
    );
  }
}

/**
 * `work`, or a StoreError once `ms` have passed. The work itself cannot be
 * cancelled; its late outcome is ignored (the engines bound it with their own timeouts).
 */
async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: (error: StoreError) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new StoreError(`database did not answer within ${ms} ms`);
      onTimeout(error);
      reject(error);
    }, ms);
  });
  work.catch(() => {});
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
