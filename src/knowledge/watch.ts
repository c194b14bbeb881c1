import { type FSWatcher, watch } from 'node:fs';
import { KnowledgeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { type KnowledgeBase, loadKnowledge } from './load.js';

/** An editor saving ten files (or writing one through a temp file and a rename) reloads once. */
export const RELOAD_DEBOUNCE_MS = 300;

export type ReloadResult = 'reloaded' | 'unchanged' | 'failed';

export interface KnowledgeWatcherOptions {
  /** The knowledge as loaded at start: its folders are watched, its version is the one to beat. */
  current: KnowledgeBase;
  /** Swaps the new knowledge in (builds the matcher first; see Bot.useKnowledge). */
  apply(kb: KnowledgeBase): void;
  logger: Logger;
  /** Called after every attempt, e.g. to count reloads in /metrics. */
  onResult?: (result: ReloadResult) => void;
  debounceMs?: number;
}

/**
 * Hot reload of the knowledge: watches every knowledge folder, and on a
 * change (or reload(), e.g. on SIGHUP) loads and validates everything,
 * builds the matcher and swaps it in. A broken edit changes nothing: the
 * bot keeps the last good knowledge and the problems are logged once, in
 * `kb check`'s file › entry › field form, until the files change again.
 */
export class KnowledgeWatcher {
  private current: KnowledgeBase;
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The problems last logged, so a second save with the same mistake does not repeat them. */
  private lastFailure: string | undefined;

  constructor(private readonly options: KnowledgeWatcherOptions) {
    this.current = options.current;
  }

  get knowledge(): KnowledgeBase {
    return this.current;
  }

  /** Starts watching (recursively: entries/ too). A folder that cannot be watched is logged, not fatal. */
  start(): void {
    for (const dir of this.current.dirs) {
      try {
        const watcher = watch(dir, { recursive: true, persistent: false }, () => this.schedule());
        watcher.on('error', (error) => this.options.logger.warn({ err: error, dir }, 'knowledge watch stopped'));
        this.watchers.push(watcher);
      } catch (error) {
        this.options.logger.warn({ err: error, dir }, 'cannot watch the knowledge folder; reload with SIGHUP');
      }
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    for (const w of this.watchers.splice(0)) w.close();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reload('change'), this.options.debounceMs ?? RELOAD_DEBOUNCE_MS);
    this.timer.unref();
  }

  /** Loads now; the result says whether anything changed. Never throws for bad knowledge. */
  reload(reason: string): ReloadResult {
    const result = this.attempt(reason);
    this.options.onResult?.(result);
    return result;
  }

  private attempt(reason: string): ReloadResult {
    const { logger } = this.options;
    const started = performance.now();
    let next: KnowledgeBase;
    try {
      next = loadKnowledge(this.current.dirs);
    } catch (error) {
      // A file removed between listing and reading (an editor's rename) fails like bad knowledge: keep the old.
      const message = error instanceof KnowledgeError ? error.message : String(error);
      if (this.lastFailure !== message) {
        logger.error(
          { reason, version: this.current.version },
          `knowledge reload failed; still answering from the last good knowledge: ${message}`,
        );
      }
      this.lastFailure = message;
      return 'failed';
    }
    this.lastFailure = undefined;
    if (next.version === this.current.version) return 'unchanged';
    this.options.apply(next);
    this.current = next;
    const ms = Math.round(performance.now() - started);
    logger.info({ reason, version: next.version, entries: next.entries.length, ms }, 'knowledge reloaded');
    return 'reloaded';
  }
}
