import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KnowledgeError, type KnowledgeProblem } from '../errors.js';

/** What the child process (build-child.ts) sends back. */
export type BuildApartMessage = { body: Uint8Array } | { problems: readonly KnowledgeProblem[] } | { failed: string };

/**
 * The prebuilt index's body for `dirs`, built in a child process. Parsing,
 * validation, segmentation and training allocate several times what the
 * result keeps, on the JavaScript heap and in malloc's arenas alike. A
 * worker thread hands back its heap when it exits but leaves its arenas
 * (measured: ~15 MB of RSS for good); a process leaves nothing. Invalid
 * knowledge rejects with the same KnowledgeError as a build here; undefined
 * when the child could not build at all (no compiled child module, as when
 * the tests run the sources), so the caller builds in this thread instead.
 */
export function buildIndexApart(dirs: readonly string[]): Promise<Uint8Array | undefined> {
  const module = fileURLToPath(new URL('./build-child.js', import.meta.url));
  if (!existsSync(module)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const child = fork(module, [JSON.stringify(dirs)], {
      // No flags of this process (a build needs none; --input-type would stop the child), and
      // 'advanced' so the body travels as bytes, not as JSON. Silent: a failure is built again here, and reported.
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    child.once('message', (message: BuildApartMessage) => {
      if ('body' in message) resolve(message.body);
      else if ('problems' in message) reject(new KnowledgeError(message.problems));
      else resolve(undefined);
    });
    // Settle nothing when a message came first (a promise settles once). 'close', not 'exit':
    // it comes after the channel was read to its end, so the answer cannot arrive after it.
    child.once('error', () => resolve(undefined));
    child.once('close', () => resolve(undefined));
  });
}
