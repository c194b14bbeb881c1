/**
 * Child process of build-apart.ts: loads and validates the knowledge, builds
 * the matcher's state and sends back the prebuilt index's body, so all that
 * the build allocated goes away with this process.
 */
import { KnowledgeError } from '../errors.js';
import type { BuildApartMessage } from './build-apart.js';
import { indexBody } from './cache.js';
import { loadKnowledge } from './load.js';

function build(dirs: readonly string[]): BuildApartMessage {
  try {
    return { body: indexBody(loadKnowledge(dirs)) };
  } catch (error) {
    if (error instanceof KnowledgeError) return { problems: error.problems };
    return { failed: error instanceof Error ? error.message : String(error) };
  }
}

// Started by fork() with the folders as JSON; the channel closes once the answer is sent, and the process ends with it.
const dirs = JSON.parse(process.argv[2] ?? '[]') as string[];
process.send?.(build(dirs), undefined, {}, () => process.disconnect());
