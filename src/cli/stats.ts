import { formatStats } from '../analytics/report.js';
import { parseSince } from '../analytics/since.js';
import { loadRuntimeConfig } from '../config.js';
import { checkDataDir } from '../data-dir.js';
import type { Lang } from '../knowledge/schema.js';
import { openStore } from '../store/open.js';
import { languageFromLocale } from '../text/language.js';
import { loadKnowledgeFrom } from './knowledge-dir.js';

/** Someone at a terminal can wait for a report over months of questions; a chat reply cannot. */
const REPORT_TIMEOUT_MS = 30_000;

export interface StatsFlags {
  since?: string | undefined;
  json?: boolean | undefined;
  lang?: Lang | undefined;
  knowledge?: string | undefined;
}

/**
 * `pmo-guide stats`: reads the same store as the server (DATA_DIR or
 * DATABASE_URL, from the environment or .env) and prints what to add to the
 * knowledge next. It has no admin check: whoever can run it can read the
 * store's files anyway.
 */
export async function statsCommand(flags: StatsFlags): Promise<number> {
  const sinceText = flags.since ?? '7d';
  const since = parseSince(sinceText);
  const kb = loadKnowledgeFrom(flags.knowledge);
  const config = loadRuntimeConfig();
  checkDataDir(config);
  // The salt matters even for a read: opening may run the migration that hashes stored ids.
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    salt: config.analyticsSalt,
    timeoutMs: Math.max(config.storeTimeoutMs, REPORT_TIMEOUT_MS),
  });
  try {
    const stats = await store.stats(since);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ since: since.toISOString(), engine: store.engine, ...stats })}\n`);
    } else {
      const lang = flags.lang ?? languageFromLocale(process.env.LANG) ?? 'en';
      process.stdout.write(`${formatStats(stats, kb, lang, sinceText)}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
