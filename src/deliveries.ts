import type { Logger } from './logger.js';
import { deliveryId } from './store/keys.js';
import type { Store } from './store/store.js';

/**
 * Duplicate deliveries, in one place. Slack retries an event it thinks we
 * missed (at once, after ~1 minute, after ~5 minutes), the Bot Connector
 * re-sends an activity, and a captured slash command or click stays validly
 * signed for ten minutes: each must be answered once. Adapters build a key
 * with `deliveryKey` and ask `firstDelivery`; nothing else decides.
 */

/** Longer than Slack's last retry (~5 minutes) and than the ten minutes a Slack signature is accepted. */
export const DELIVERY_WINDOW_MS = 15 * 60 * 1000;
/** Keys kept in memory (~100 bytes each); past this the oldest go first and the store is asked again. */
export const MAX_REMEMBERED_DELIVERIES = 100_000;
/** How long a first sighting may wait in memory before it is written to a single instance's store. */
const SAVE_EVERY_MS = 1000;

/** The key scheme: one namespace per kind of delivery, so ids from different sources never collide. */
export const deliveryKey = {
  /** Events API retries repeat the event id. Unprefixed: rows written before this module used the bare id. */
  slackEvent: (eventId: string): string => eventId,
  /**
   * Slash commands and clicks carry no id, but every genuine one differs
   * (trigger_id, action_ts), and so does its signature: an HMAC of timestamp
   * and body under the signing secret, which only a replay repeats. Verified
   * before it gets here, so it is Slack's fixed-length hex, never a stranger's choice.
   */
  slackRequest: (signature: string): string => `slack:sig:${signature}`,
  teamsActivity: (conversationId: string | undefined, activityId: string): string =>
    `teams:${conversationId ?? ''}:${activityId}`,
};

/** What adapters see: true the first time a key is offered within the window. Never rejects. */
export interface DeliveryClaims {
  firstDelivery(key: string): Promise<boolean>;
}

export type DeliveryStore = Pick<Store, 'claimDelivery' | 'saveDeliveries' | 'liveDeliveries'>;

export interface DeliveryGuardOptions {
  /** Where claims outlive the process; without one, memory only (tests, one-off runs). */
  store?: DeliveryStore;
  /** Several instances share the store (PostgreSQL): each first sighting must win the shared claim. */
  shared?: boolean;
  logger?: Logger;
  windowMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Memory first. A key seen in the window is a duplicate at once, without a
 * database round trip. A new key is decided by the store when memory cannot
 * be sure: always with a shared store (another instance may have claimed
 * it), and on a single instance when the keys of the previous process could
 * not be loaded at start (see `load`) or memory had to forget live keys.
 * Otherwise memory decides and the key is written to the store in a batch
 * off the response path, so the next start knows it. A failing store never
 * silences the bot: answering twice is better than never.
 */
export class DeliveryGuard implements DeliveryClaims {
  /** Key id (keys.ts deliveryId) → expiry; insertion order is expiry order, so the oldest come first. */
  private readonly seen = new Map<string, number>();
  private unsaved: string[] = [];
  private saveTimer: NodeJS.Timeout | undefined;
  private readonly windowMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** Until then a new key is checked against the store: keys from before the start, or forgotten ones. */
  private askStoreUntil: number;

  constructor(private readonly options: DeliveryGuardOptions = {}) {
    this.windowMs = options.windowMs ?? DELIVERY_WINDOW_MS;
    this.maxEntries = options.maxEntries ?? MAX_REMEMBERED_DELIVERIES;
    this.now = options.now ?? Date.now;
    // Until load() has read what the previous process answered, memory knows nothing about it.
    this.askStoreUntil = options.store ? this.now() + this.windowMs : 0;
  }

  /**
   * Reads the keys still live in a single instance's store (one query at
   * start), so a retry of something the previous process answered is
   * refused from memory. If the store cannot say, new keys are checked
   * against it for one window instead.
   */
  async load(): Promise<void> {
    const store = this.options.store;
    if (!store || this.options.shared) return;
    try {
      const live = await store.liveDeliveries(new Date(this.now()));
      const kept = live.slice(-this.maxEntries);
      for (const { keyId, expiresAt } of kept) this.seen.set(keyId, expiresAt);
      // Keys left out for room are still live: ask the store until the last of them expires.
      this.askStoreUntil = live.length > kept.length ? (live[live.length - kept.length - 1]?.expiresAt ?? 0) : 0;
    } catch (error) {
      this.options.logger?.warn(
        { err: error },
        'earlier deliveries not loaded: new ones are checked against the store',
      );
    }
  }

  /** Keys remembered now (expired ones go on the next delivery). */
  get size(): number {
    return this.seen.size;
  }

  async firstDelivery(key: string): Promise<boolean> {
    const now = this.now();
    this.forgetExpired(now);
    // Keys are client-chosen (a Teams activity id can be ~1 MB): memory and store keep a fixed-length id.
    const id = deliveryId(key);
    if (this.seen.has(id)) return false;
    // Remembered before any await, so a concurrent copy of this delivery is already a duplicate.
    this.remember(id, now);
    if (!this.options.store) return true;
    if (this.options.shared || now < this.askStoreUntil) return this.claimInStore(this.options.store, key, now);
    this.saveLater(id);
    return true;
  }

  /** Writes what memory decided alone; call before the store closes. */
  async flush(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const keys = this.unsaved;
    this.unsaved = [];
    if (keys.length === 0 || !this.options.store) return;
    await this.options.store.saveDeliveries(keys, this.windowMs, new Date(this.now())).catch((error: unknown) => {
      this.options.logger?.warn(
        { err: error, keys: keys.length },
        'deliveries not saved: a restart may answer them again',
      );
    });
  }

  /** The key itself, not its id: the store derives the same id, so rows written before this module still count. */
  private async claimInStore(store: DeliveryStore, key: string, now: number): Promise<boolean> {
    // A key memory had to forget may still be waiting to be saved; the store must know it first.
    if (this.unsaved.length > 0) await this.flush();
    try {
      return await store.claimDelivery(key, this.windowMs, new Date(now));
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'duplicate check fell back to memory: store unavailable');
      return true;
    }
  }

  private remember(id: string, now: number): void {
    this.seen.set(id, now + this.windowMs);
    if (this.seen.size <= this.maxEntries) return;
    const [oldest, expires] = this.seen.entries().next().value as [string, number];
    this.seen.delete(oldest);
    // A forgotten key is still live: until it expires, new keys are checked against the store.
    this.askStoreUntil = Math.max(this.askStoreUntil, expires);
  }

  private forgetExpired(now: number): void {
    for (const [id, expires] of this.seen) {
      if (expires > now) return;
      this.seen.delete(id);
    }
  }

  private saveLater(id: string): void {
    this.unsaved.push(id);
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => void this.flush(), SAVE_EVERY_MS);
    this.saveTimer.unref();
  }
}
