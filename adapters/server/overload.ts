import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Counter, type Registry } from 'prom-client';
import type { Logger, OverloadConfig } from '../../src/index.js';
import { SLACK_EVENTS_PATH } from '../slack/index.js';
import { TEAMS_ROUTE } from '../teams/index.js';

/**
 * Load shedding. With more connections than two cores can serve, every
 * request waits behind all the others, the event loop stalls for seconds and
 * even /healthz times out, so a liveness probe restarts a server that is only
 * busy. Instead, while the event loop lags or too many platform requests are
 * in flight, new platform requests are answered at once with 503 and
 * Retry-After: Slack and the Bot Framework send them again later, and a
 * 503 costs a fraction of an answer, so the loop catches up and /healthz
 * (never shed) stays fast.
 */

/** How often the event loop is sampled; a stall longer than this shows up in lagMs(). */
const SAMPLE_MS = 50;
/** Seconds a refused client should wait; short, since overload from a burst clears within seconds. */
export const RETRY_AFTER_SECONDS = 2;

const PLATFORM_PATHS = new Set([SLACK_EVENTS_PATH, TEAMS_ROUTE]);

export type ShedReason = 'event_loop_lag' | 'in_flight';

function isPlatformRequest(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return PLATFORM_PATHS.has(q === -1 ? url : url.slice(0, q));
}

function refuse(res: ServerResponse): void {
  const body = '{"error":"overloaded, retry later"}';
  res.writeHead(503, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Retry-After': String(RETRY_AFTER_SECONDS),
  });
  res.end(body);
}

/** Every running shedder in this process: they all sample the same event loop. */
const running = new Set<LoadShedder>();

export class LoadShedder {
  private inFlight = 0;
  private lastTick: number;
  private lastDrift = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly shed: Counter<'reason'>;
  /** Requests refused since shedding last began; undefined while not shedding. */
  private episode: number | undefined;

  constructor(
    private readonly limits: OverloadConfig,
    private readonly logger: Logger,
    registry: Registry,
    /** Milliseconds on a monotonic clock; tests pass their own. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastTick = now();
    this.timer = setInterval(() => this.tick(), SAMPLE_MS);
    this.timer.unref();
    running.add(this);
    this.shed = new Counter({
      name: 'pmo_guide_requests_shed_total',
      help: 'Platform requests answered 503 because the server was overloaded',
      labelNames: ['reason'],
      registers: [registry],
    });
  }

  private tick(): void {
    const now = this.now();
    this.lastDrift = Math.max(0, now - this.lastTick - SAMPLE_MS);
    this.lastTick = now;
  }

  /**
   * How late the event loop runs: the last sample's delay, or, during a long
   * stall (a burst of requests handled in one loop turn, before the sampler
   * could run), how overdue the next sample already is.
   */
  lagMs(): number {
    const overdue = this.now() - this.lastTick - SAMPLE_MS;
    return Math.max(this.lastDrift, overdue);
  }

  /**
   * Forgets a stall the server caused on purpose (a knowledge reload builds
   * the matcher on this thread): it is no sign of overload, and shedding the
   * requests that waited behind it would fail them for nothing.
   */
  forgiveStall(): void {
    // The loop is the process's, so every server in it (tests run several) saw the same stall.
    for (const shedder of running) shedder.forgive();
  }

  private forgive(): void {
    this.lastTick = this.now();
    this.lastDrift = 0;
  }

  /** Why a new platform request would be refused now, or undefined when it would be served. */
  overloaded(): ShedReason | undefined {
    if (this.inFlight >= this.limits.maxInFlight) return 'in_flight';
    if (this.lagMs() > this.limits.maxLagMs) return 'event_loop_lag';
    return undefined;
  }

  /** Wraps the app: platform requests pass only while there is capacity; everything else always passes. */
  guard(app: RequestListener): RequestListener {
    return (req, res) => {
      if (!isPlatformRequest(req)) return app(req, res);
      const reason = this.overloaded();
      if (reason) {
        this.refused(reason);
        return refuse(res);
      }
      this.admitted();
      this.inFlight += 1;
      res.once('close', () => {
        this.inFlight -= 1;
      });
      return app(req, res);
    };
  }

  /** One log line when shedding starts and one when it ends, never one per request. */
  private refused(reason: ShedReason): void {
    this.shed.inc({ reason });
    if (this.episode === undefined) {
      this.episode = 0;
      this.logger.warn(
        { reason, lagMs: Math.round(this.lagMs()), inFlight: this.inFlight, limits: this.limits },
        'overloaded: answering new platform requests with 503 until it clears',
      );
    }
    this.episode += 1;
  }

  private admitted(): void {
    if (this.episode === undefined) return;
    this.logger.info({ refused: this.episode }, 'overload cleared: serving platform requests again');
    this.episode = undefined;
  }

  stop(): void {
    running.delete(this);
    clearInterval(this.timer);
  }
}
