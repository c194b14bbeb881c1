import { Bot } from '../../src/bot/bot.js';
import { defaultKnowledgeDir } from '../../src/cli/knowledge-dir.js';
import type { Config } from '../../src/config.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { Logger } from '../../src/logger.js';

/**
 * The one place the server's Bot is assembled. Persistence-backed features
 * (store, onboarding, analytics) are wired in here, so the server, the entry
 * point and the load bench all get the same bot. Async already because
 * opening a store is. Rejects with KnowledgeError when the knowledge folder is
 * invalid, which the entry point reports verbatim.
 */
export async function buildBot(config: Config, logger: Logger): Promise<Bot> {
  const dir = config.knowledgeDir ?? defaultKnowledgeDir();
  const kb = loadKnowledge(dir);
  logger.debug({ dir, entries: kb.entries.length }, 'knowledge loaded');
  return new Bot({ kb, logger });
}
