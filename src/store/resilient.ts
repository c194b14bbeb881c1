import { StoreError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store, StoreEngine } from './store.js';

const RETRY_MS = 5_000;

/**
 * A Store that keeps the bot up when the database is not: if opening fails at
 * start-up, every call rejects with StoreError (so onboarding says progress
 * was not saved while questions are still answered) and the next call after
 * RETRY_MS tries to open it again.
 */
export function resilientStore(open: () => Promise<Store>, engine: StoreEngine, logger: Logger): Store {
  let current: Promise<Store> | undefined;
  let failedAt = 0;
  const get = async (): Promise<Store> => {
    if (!current) {
      if (Date.now() - failedAt < RETRY_MS) throw new StoreError('database unavailable (retrying shortly)');
      current = open().catch((error: unknown) => {
        failedAt = Date.now();
        current = undefined;
        logger.error({ err: error }, 'database unavailable; answering without saving progress');
        throw error instanceof StoreError ? error : new StoreError(String(error), { cause: error });
      });
    }
    return current;
  };
  const call =
    <K extends keyof Store>(method: K) =>
    async (...args: unknown[]) => {
      const store = await get();
      return (store[method] as (...a: unknown[]) => unknown).apply(store, args);
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
    stats: call('stats'),
    purgeAnalytics: call('purgeAnalytics'),
    close: async () => {
      const store = await current?.catch(() => undefined);
      await store?.close();
    },
  } as Store;
}
