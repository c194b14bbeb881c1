import { Counter, Gauge, type Registry } from 'prom-client';
import type { KnowledgeBase, Logger } from '../../src/index.js';
import { KnowledgeWatcher, type ReloadResult } from '../../src/index.js';

export interface KnowledgeReloading {
  /** Reloads now (SIGHUP); resolves to what happened. */
  reload(reason: string): ReloadResult;
  stop(): void;
}

/**
 * Hot reload for the server: watches the knowledge folders the bot was built
 * from, swaps new knowledge in through `apply`, and counts reloads for
 * /metrics. Each instance watches its own files; deploy the same files
 * everywhere and every instance reports the same version on /healthz.
 */
export function startKnowledgeReload(
  kb: KnowledgeBase,
  apply: (kb: KnowledgeBase) => void,
  logger: Logger,
  registry: Registry,
  /** After every attempt, e.g. to tell load shedding the stall was a reload. */
  after: () => void = () => undefined,
): KnowledgeReloading {
  const reloads = new Counter({
    name: 'pmo_guide_knowledge_reloads_total',
    help: 'Knowledge reloads by result: reloaded, unchanged (same content), failed (kept the last good knowledge)',
    labelNames: ['result'],
    registers: [registry],
  });
  const loadedAt = new Gauge({
    name: 'pmo_guide_knowledge_loaded_timestamp_seconds',
    help: 'When the knowledge in use was loaded (Unix time)',
    registers: [registry],
  });
  for (const result of ['reloaded', 'unchanged', 'failed']) reloads.inc({ result }, 0);
  loadedAt.set(Date.parse(kb.loadedAt) / 1000);
  const watcher = new KnowledgeWatcher({
    current: kb,
    apply,
    logger,
    onResult: (result) => {
      after();
      reloads.inc({ result });
      if (result === 'reloaded') loadedAt.set(Date.parse(watcher.knowledge.loadedAt) / 1000);
    },
  });
  watcher.start();
  return { reload: (reason) => watcher.reload(reason), stop: () => watcher.stop() };
}
