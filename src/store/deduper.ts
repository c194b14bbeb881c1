import { DEDUPE_WINDOW_MS, type EventDeduper, MemoryDeduper } from '../dedupe.js';
import type { Logger } from '../logger.js';
import type { Store } from './store.js';

/**
 * Dedupes on the shared store so two instances never both answer one Slack
 * event. If the database is down, falling back to this instance's memory is
 * better than answering every retry (or none).
 */
export class StoreDeduper implements EventDeduper {
  private readonly fallback = new MemoryDeduper();

  constructor(
    private readonly store: Store,
    private readonly logger?: Logger,
  ) {}

  async claim(eventId: string): Promise<boolean> {
    try {
      return await this.store.claimEvent(eventId, DEDUPE_WINDOW_MS, new Date());
    } catch (error) {
      this.logger?.warn({ err: error }, 'event dedupe fell back to memory: store unavailable');
      return this.fallback.claim(eventId);
    }
  }
}
