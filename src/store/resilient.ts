import { StoreError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store, StoreEngine } from './store.js';

/** How long the store is left alone after it failed to open or stopped answering. */
const RETRY_MS = 5_000;

export interface ResilientOptions {
  /** The longest any call may take before it rejects with StoreError (STORE_TIMEOUT_MS). */
  timeoutMs: number;
  logger: Logger;
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
  const { timeoutMs, logger } = opts;
  let current: Promise<Store> | undefined;
  let pausedUntil = 0;
  const pause = (error: unknown, message: string) => {
    // Calls in flight when the database froze all time out together: one log line is enough.
    if (Date.now() >= pausedUntil) logger.error({ err: error }, message);
    pausedUntil = Date.now() + RETRY_MS;
  };
  const get = (): Promise<Store> => {
    current ??= open().catch((error: unknown) => {
      current = undefined;
      pause(error, 'database unavailable; answering without saving progress');
      throw error instanceof StoreError ? error : new StoreError(String(error), { cause: error });
    });
    return current;
  };
  const call =
    <K extends keyof Store>(method: K) =>
    async (...args: unknown[]) => {
      if (Date.now() < pausedUntil) throw new StoreError('database unavailable (retrying shortly)');
      const result = get().then((store) => (store[method] as (...a: unknown[]) => unknown).apply(store, args));
      return withDeadline(result, timeoutMs, (error) =>
        pause(error, 'database did not answer in time; answering without saving progress'),
      );
    };
  return {
    engine,
    getOnboarding: call('getOnboarding'),
    startOnboarding: call('startOnboarding'),
    moveOnboarding: call('moveOnboarding'),
    recordCheckAnswer: call('recordCheckAnswer'),
    recordFeedback: call('recordFeedback'),
    recordQuestion: call('recordQuestion'),
    claimEvent: call('claimEvent'),
    getContext: call('getContext'),
    setContext: call('setContext'),
    getProfile: call('getProfile'),
    updateProfile: call('updateProfile'),
    stats: call('stats'),
    purge: call('purge'),
    close: async () => {
      const store = await current?.catch(() => undefined);
      await store?.close();
    },
  } as Store;
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
