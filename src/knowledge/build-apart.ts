import { Worker } from 'node:worker_threads';
import { KnowledgeError, type KnowledgeProblem } from '../errors.js';

/** What the worker (build-worker.ts) posts back. */
export type BuildApartMessage = { body: Uint8Array } | { problems: readonly KnowledgeProblem[] } | { failed: string };

/**
 * The prebuilt index's body for `dirs`, built in a worker thread. Parsing,
 * validation, segmentation and training allocate several times what the
 * result keeps; in a heap of their own that is handed back to the system
 * when the worker exits, so a long-running server does not idle with a young
 * generation grown for a build it did once. Invalid knowledge rejects with
 * the same KnowledgeError as a build here; undefined when the worker could
 * not build at all (no worker file, as when run from the sources by the tests'
 * TypeScript loader), so the caller builds in this thread instead.
 */
export function buildIndexApart(dirs: readonly string[]): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      // No flags of this process: a build needs none, and some stop a worker from starting (--input-type).
      const options = { workerData: { dirs: [...dirs] }, execArgv: [] };
      worker = new Worker(new URL('./build-worker.js', import.meta.url), options);
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (message: BuildApartMessage) => {
      if ('body' in message) resolve(message.body);
      else if ('problems' in message) reject(new KnowledgeError(message.problems));
      else resolve(undefined);
    });
    // Settles nothing when a message came first (a promise settles once).
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
