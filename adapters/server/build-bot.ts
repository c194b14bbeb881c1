import { join } from 'node:path';
import type { Config, Logger } from '../../src/index.js';
import { createRuntime, defaultKnowledgeDir, loadKnowledgeCached, type Runtime } from '../../src/index.js';

/**
 * The one place the server's core is assembled: knowledge, the store (SQLite
 * in DATA_DIR or PostgreSQL with DATABASE_URL), onboarding, analytics and
 * the shared Slack event deduper. Rejects with KnowledgeError when the
 * knowledge folder is invalid, which the entry point reports verbatim.
 */
export async function buildRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const dir = config.knowledgeDir ?? defaultKnowledgeDir();
  // The prebuilt index under DATA_DIR/cache (rebuilt when the knowledge or the code changed).
  const cacheDir = config.dataDir === ':memory:' ? undefined : join(config.dataDir, 'cache');
  const kb = await loadKnowledgeCached(dir, {
    cacheDir,
    buildApart: true,
    onProblem: (message) => logger.warn(message),
  });
  logger.debug({ dir, entries: kb.entries.length }, 'knowledge loaded');
  const runtime = await createRuntime(config, kb, logger);
  logger.info({ store: runtime.store.engine }, 'state store ready');
  return runtime;
}
