import { loadKnowledgeCached } from '../knowledge/cache.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import { resolveKnowledgeDir } from './knowledge-path.js';

/**
 * The knowledge for `ask` and `chat`: from the prebuilt index when it is
 * current (src/knowledge/cache.ts), else loaded, validated and indexed as
 * always (and the index written for next time). A damaged index is one line
 * on stderr, then ignored.
 */
export function loadKnowledgeIndexed(flag: string | undefined): Promise<KnowledgeBase> {
  return loadKnowledgeCached(resolveKnowledgeDir(flag), {
    onProblem: (message) => process.stderr.write(`pmo-guide: ${message}\n`),
  });
}
