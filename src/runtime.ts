import { StoreAnalytics } from './analytics/recorder.js';
import { Bot } from './bot/bot.js';
import { Conversations } from './bot/conversation.js';
import type { RuntimeConfig } from './config.js';
import { checkDataDir } from './data-dir.js';
import { DeliveryGuard } from './deliveries.js';
import type { KnowledgeBase } from './knowledge/load.js';
import type { Logger } from './logger.js';
import { OnboardingFlow } from './onboarding/flow.js';
import { openStore } from './store/open.js';
import { resilientStore } from './store/resilient.js';
import type { Store } from './store/store.js';

const DAY_MS = 86_400_000;

export interface Runtime {
  bot: Bot;
  store: Store;
  /** Duplicate deliveries: memory first, the store when it must (shared PostgreSQL, just after a restart). */
  deliveries: DeliveryGuard;
  /** Hot reload: the bot, onboarding and analytics answer from `kb` from now on. */
  useKnowledge(kb: KnowledgeBase): void;
  /** Stops the retention timer and closes the store. */
  close(): Promise<void>;
}

/**
 * Wires the core for a long-running process: the store (SQLite in DATA_DIR,
 * or PostgreSQL with DATABASE_URL) behind a timeout, onboarding, analytics,
 * duplicate deliveries and the daily retention purge. Platform-neutral: the server and the
 * CLI both use it.
 */
export async function createRuntime(config: RuntimeConfig, kb: KnowledgeBase, logger: Logger): Promise<Runtime> {
  const engine = config.databaseUrl ? 'postgres' : 'sqlite';
  const { dataDir, databaseUrl, analyticsSalt: salt, storeTimeoutMs: timeoutMs } = config;
  // A bad DATA_DIR stops the start with its name; the store alone would retry it forever.
  checkDataDir(config);
  const store = resilientStore(() => openStore({ dataDir, databaseUrl, salt, timeoutMs }), engine, {
    timeoutMs,
    logger,
    answersInline: engine === 'sqlite',
  });
  // Open now so a healthy database is ready before the first request; a failure is logged and retried later.
  await store.getOnboarding({ platform: 'cli', workspaceId: 'startup', userId: 'startup' }).catch(() => undefined);
  const onboarding = kb.onboarding ? new OnboardingFlow({ kb, path: kb.onboarding, store, logger }) : undefined;
  const analytics = new StoreAnalytics({
    kb,
    store,
    admins: config.admins,
    logger,
  });
  // Topics and preferred languages live in the store too, so a follow-up may reach another instance.
  const conversations = new Conversations({ store, ttlMs: config.contextTtlMs, logger });
  const bot = new Bot({
    kb,
    logger,
    analytics,
    conversations,
    admins: config.admins,
    ...(onboarding ? { onboarding } : {}),
  });
  const deliveries = new DeliveryGuard({ store, shared: engine === 'postgres', logger });
  await deliveries.load();
  const purge = () => purgeExpired(store, config.retentionDays, logger);
  await purge();
  const timer = setInterval(purge, DAY_MS);
  timer.unref();
  return {
    bot,
    store,
    deliveries,
    useKnowledge: (next) => {
      bot.useKnowledge(next);
      onboarding?.useKnowledge(next);
      analytics.useKnowledge(next);
    },
    close: async () => {
      clearInterval(timer);
      await deliveries.flush();
      await store.close();
    },
  };
}

/** Retention: old questions and feedback, and the onboarding progress of people inactive that long. */
async function purgeExpired(store: Store, retentionDays: number, logger: Logger): Promise<void> {
  try {
    const removed = await store.purge(new Date(Date.now() - retentionDays * DAY_MS));
    if (removed > 0) logger.info({ removed, retentionDays }, 'purged rows past retention');
  } catch (error) {
    logger.warn({ err: error }, 'retention purge failed; will retry tomorrow');
  }
}
