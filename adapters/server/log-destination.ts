import type { DestinationStream } from 'pino';
import { pino } from 'pino';

/**
 * Log lines are collected and written in the background, a few kilobytes
 * at a time, or whatever is there every 100 ms when traffic is light;
 * pino writes what is buffered when the process exits, also after a crash.
 * Written line by line, even in the background, each request's line cost
 * the busy server a write handed to a worker thread (~20 µs of a `/pmo`
 * command's ~250 µs); so it costs one per ~20 lines.
 */
export const LOG_BUFFERING = { sync: false, minLength: 4096 } as const;
/**
 * The light-traffic flush is this file's, not sonic-boom's `periodicFlush`:
 * that one hands an empty write to a worker thread ten times a second even
 * when the server has logged nothing since, so an idle server never rests.
 */
const FLUSH_EVERY_MS = 100;

/** What the server logs into: pino's destination calls, and what closes it. */
export interface ServerLogDestination extends DestinationStream {
  flush(callback?: (error?: Error) => void): void;
  flushSync(): void;
  destroy(): void;
}

/**
 * pino's buffered destination (sonic-boom, LOG_BUFFERING) holding each line
 * as bytes. Holding text, it appends every line to one growing string and
 * measures that string's byte length on each write: up to 4 KB flattened
 * and copied per line, which made the request log line cost a `/pmo`
 * command ~10 µs more than the rest of its telemetry. As bytes, each line is
 * encoded once and kept in a list. Exit flushing stays sonic-boom's (pino
 * registers it); nothing is held here.
 */
export function serverLogDestination(dest: number | string): ServerLogDestination {
  const bytes = pino.destination({ dest, ...LOG_BUFFERING, contentMode: 'buffer' });
  // sonic-boom's types name only string writes; in buffer mode it takes the Buffer it documents.
  const asBytes = bytes as unknown as { write(line: Buffer): boolean };
  let logged = false;
  const timer = setInterval(() => {
    if (!logged) return;
    logged = false;
    try {
      bytes.flush();
    } catch {
      // Only a destination already closed (destroyed) refuses a flush: it has nothing left to write.
      clearInterval(timer);
    }
  }, FLUSH_EVERY_MS);
  timer.unref();
  return {
    // Looked up on every line, not bound once: when stderr is gone (EPIPE) pino swaps in a no-op write.
    write: (line: string) => {
      logged = true;
      return asBytes.write(Buffer.from(line));
    },
    flush: (callback) => bytes.flush(callback),
    flushSync: () => bytes.flushSync(),
    destroy: () => {
      clearInterval(timer);
      bytes.destroy();
    },
  };
}
