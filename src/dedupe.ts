import { hashKey } from './store/keys.js';

/**
 * Slack retries an event (immediately, after ~1 minute, after ~5 minutes)
 * when it did not see a fast 200; each event id must be answered once.
 */
export interface EventDeduper {
  /** True the first time an id is claimed within the window, false for every retry. */
  claim(eventId: string): Promise<boolean>;
}

/** Longer than Slack's last retry (~5 minutes) with room to spare. */
export const DEDUPE_WINDOW_MS = 15 * 60 * 1000;

/** Single-process deduper; the persistent store provides one shared by all instances. */
export class MemoryDeduper implements EventDeduper {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs = DEDUPE_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(eventId: string): Promise<boolean> {
    const now = this.now();
    this.prune(now);
    // Ids are client-chosen (a Teams activity id can be ~1 MB): keep a fixed-length hash, not the id.
    const key = hashKey(eventId);
    if (this.seen.has(key)) return false;
    this.seen.set(key, now + this.windowMs);
    return true;
  }

  private prune(now: number): void {
    // Map iterates in insertion order, which is expiry order here.
    for (const [id, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(id);
    }
  }
}
