/**
 * Worker thread of build-apart.ts: loads and validates the knowledge, builds
 * the matcher's state and posts back the prebuilt index's body, so all that
 * the build allocated goes away with this thread's heap.
 */
import { parentPort, workerData } from 'node:worker_threads';
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

parentPort?.postMessage(build((workerData as { dirs: readonly string[] }).dirs));
