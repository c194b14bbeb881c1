import { type KnowledgeBase, loadKnowledge } from '../knowledge/load.js';
import { resolveKnowledgeDir } from './knowledge-path.js';

export { defaultKnowledgeDir, resolveKnowledgeDir } from './knowledge-path.js';

export function loadKnowledgeFrom(flag: string | undefined): KnowledgeBase {
  return loadKnowledge(resolveKnowledgeDir(flag));
}
