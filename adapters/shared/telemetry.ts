import { Counter, Histogram, Registry } from 'prom-client';
import type { ChatPlatform, Logger, Reply } from '../../src/index.js';

export interface RequestRecord {
  platform: ChatPlatform;
  /** What kind of traffic: message, mention, command, action, home, member_joined, extension … */
  kind: string;
  ms: number;
  reply?: Reply | undefined;
}

interface RequestSeries {
  count: () => void;
  observe: (seconds: number) => void;
  /** The request logger with this platform and kind bound. */
  log: Logger;
}

/**
 * Per-request observability shared by both adapters: one pino line and the
 * Prometheus series behind GET /metrics. Each server owns its own registry so
 * tests can run several servers in one process.
 */
export class Telemetry {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'pmo_guide_requests_total',
    help: 'Requests handled, by platform and kind',
    labelNames: ['platform', 'kind'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'pmo_guide_request_duration_seconds',
    help: 'Time to produce a reply, by platform and kind',
    labelNames: ['platform', 'kind'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly answers = new Counter({
    name: 'pmo_guide_answers_total',
    help: 'Replies to questions, answered from the knowledge or fallback',
    labelNames: ['platform', 'outcome'],
    registers: [this.registry],
  });

  /**
   * What is constant for each (platform, kind), made once: prom-client's
   * labelled series (it would otherwise hash the label object on every
   * request) and a child of the request logger carrying both fields, which
   * pino serializes once instead of on every line. Kinds are a fixed set
   * chosen by the adapters, so this stays small.
   */
  private readonly series = new Map<ChatPlatform, Map<string, RequestSeries>>();
  private readonly outcomes = new Map<string, { inc: () => void }>();

  /** Where each request's line goes; redacted like every other line (src/logger.ts), which costs it ~0.2 µs. */
  constructor(private readonly requestLog: Logger) {}

  private seriesOf(platform: ChatPlatform, kind: string): RequestSeries {
    let kinds = this.series.get(platform);
    if (!kinds) {
      kinds = new Map();
      this.series.set(platform, kinds);
    }
    let found = kinds.get(kind);
    if (!found) {
      const requests = this.requests.labels(platform, kind);
      const latency = this.latency.labels(platform, kind);
      const log = this.requestLog.child({ platform, kind });
      found = { count: () => requests.inc(), observe: (seconds) => latency.observe(seconds), log };
      kinds.set(kind, found);
    }
    return found;
  }

  /** Like seriesOf: the labelled counter of each (platform, outcome), looked up once. */
  private outcomeOf(platform: ChatPlatform, outcome: 'answered' | 'fallback'): { inc: () => void } {
    const key = `${platform}\u0000${outcome}`;
    let found = this.outcomes.get(key);
    if (!found) {
      found = this.answers.labels(platform, outcome);
      this.outcomes.set(key, found);
    }
    return found;
  }

  record({ platform, kind, ms, reply }: RequestRecord): void {
    const series = this.seriesOf(platform, kind);
    series.count();
    series.observe(ms / 1000);
    if (reply && (reply.kind === 'answer' || reply.kind === 'fallback')) {
      this.outcomeOf(platform, reply.matched ? 'answered' : 'fallback').inc();
    }
    series.log.info(
      {
        ms: Math.round(ms * 100) / 100,
        intent: reply?.intent ?? null,
        matched: reply?.matched ?? null,
        confidence: reply?.confidence ?? null,
      },
      'request',
    );
  }
}
