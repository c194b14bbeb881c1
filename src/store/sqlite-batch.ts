import type { Statement } from './conversations.js';
import type { TopicContext } from './store.js';

/**
 * Writes nobody waits for (a conversation's topic, an analytics question) are
 * committed off the reply path: queued, then committed together in one
 * SQLite transaction a few milliseconds later. One commit per batch instead
 * of one per reply is what makes it cheaper; synchronous=NORMAL already
 * accepted losing the last commits on a power cut, and a batch adds at most
 * BATCH_EVERY_MS to that window (docs/deploy.md).
 */

/** How long a queued write waits for others to share its commit. */
export const BATCH_EVERY_MS = 50;
/** Past this many queued writes the batch is committed at once, so memory stays bounded under any load. */
const MAX_QUEUED = 2000;

interface QueuedTopic {
  context: TopicContext | null;
  expiresAt: number;
}

export class WriteBehind {
  private queue: Statement[] = [];
  /** Topics written but not committed yet: a follow-up reads them here (read-your-writes). */
  private readonly topics = new Map<string, QueuedTopic>();
  private timer: NodeJS.Timeout | undefined;
  /** Why the last batch failed; reported to the next writer, once, as a failed write would have been. */
  private failure: unknown;

  constructor(
    private readonly commit: (writes: readonly Statement[]) => void,
    private readonly everyMs = BATCH_EVERY_MS,
  ) {}

  /** Queues writes; throws the previous batch's failure, if any, after queueing them. */
  add(writes: readonly Statement[]): void {
    this.queue.push(...writes);
    if (this.queue.length >= MAX_QUEUED) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.everyMs);
      // A pending batch must not keep a finished CLI or test alive; close() flushes it.
      this.timer.unref();
    }
    this.reportFailure();
  }

  /** Queues a topic's writes and answers reads of that conversation from memory until they are committed. */
  addTopic(key: string, context: TopicContext | null, ttlMs: number, writes: readonly Statement[]): void {
    this.topics.set(key, { context, expiresAt: context ? context.at.getTime() + ttlMs : 0 });
    this.add(writes);
  }

  /** The topic a queued write holds for `key`: undefined when none is queued (the database knows). */
  topic(key: string, now: Date): TopicContext | null | undefined {
    const queued = this.topics.get(key);
    if (!queued) return undefined;
    return queued.context && queued.expiresAt > now.getTime() ? queued.context : null;
  }

  /** Commits every queued write now: before a read that must see them (stats, purge) and on close. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const writes = this.queue;
    this.queue = [];
    try {
      if (writes.length > 0) this.commit(writes);
    } catch (error) {
      this.failure = error;
    } finally {
      this.topics.clear();
    }
  }

  private reportFailure(): void {
    const failure = this.failure;
    if (failure === undefined) return;
    this.failure = undefined;
    throw failure;
  }
}
