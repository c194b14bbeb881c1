import { config as loadDotenv } from 'dotenv';
import { formatStats } from '../analytics/report.js';
import { parseSince } from '../analytics/since.js';
import { loadRuntimeConfig } from '../config.js';
import { LangSchema } from '../knowledge/schema.js';
import { openStore } from '../store/open.js';
import { loadKnowledgeFrom } from './knowledge-dir.js';

/** Someone at a terminal can wait for a report over months of questions; a chat reply cannot. */
const REPORT_TIMEOUT_MS = 30_000;

export interface StatsFlags {
  since?: string | undefined;
  json?: boolean | undefined;
  lang?: string | undefined;
  knowledge?: string | undefined;
}

/**
 * `pmo-guide stats`: reads the same store as the server (DATA_DIR or
 * DATABASE_URL, from the environment or .env) and prints what to add to the
 * knowledge next.
 */
export async function statsCommand(flags: StatsFlags): Promise<number> {
  loadDotenv({ quiet: true });
  const sinceText = flags.since ?? '7d';
  const since = parseSince(sinceText);
  const kb = loadKnowledgeFrom(flags.knowledge);
  const config = loadRuntimeConfig();
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
      const lang = LangSchema.catch('en').parse(flags.lang);
      process.stdout.write(`${formatStats(stats, kb, lang, sinceText)}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
