import express, { type Express, type RequestHandler } from 'express';
import type { Bot } from '../../src/index.js';
import { hardenApp, notFound } from './http.js';
import { type LoadShedder, RETRY_AFTER_SECONDS } from './overload.js';
import type { PlatformStatus } from './platforms.js';

/** What the probes report; `platforms` is filled in once the platforms are mounted. */
export interface HealthSources {
  bot: Bot;
  platforms: PlatformStatus;
  shedder: LoadShedder;
}

/** Liveness: the process works. Never refused for load, so a busy server is not restarted. */
function healthRoute({ bot, platforms }: HealthSources): RequestHandler {
  return (_req, res) => {
    res.set('Cache-Control', 'no-store');
    const { version, loadedAt, entries } = bot.kb;
    // The knowledge version is a content hash: instances serving the same files report the same one.
    res.json({ status: 'ok', entries: entries.length, knowledge: { version, loadedAt }, platforms });
  };
}

/**
 * Readiness, unlike liveness (/healthz), says whether new work is welcome
 * now: 503 while platform requests are being shed, so a load balancer sends
 * them to another instance instead of restarting this one.
 */
function readyRoute({ shedder }: HealthSources): RequestHandler {
  return (_req, res) => {
    res.set('Cache-Control', 'no-store');
    const reason = shedder.overloaded();
    if (!reason) {
      res.json({ status: 'ready' });
      return;
    }
    res.set('Retry-After', String(RETRY_AFTER_SECONDS)).status(503).json({ status: 'overloaded', reason });
  };
}

export function mountHealth(app: Express, sources: HealthSources): void {
  app.get('/healthz', healthRoute(sources));
  app.get('/readyz', readyRoute(sources));
}

/**
 * The app behind HEALTH_PORT: the probes and nothing else. Node accepts one
 * new connection per event-loop turn and a turn lasts up to the lag limit
 * under overload, so on the main port a probe's fresh connection can wait
 * behind hundreds of clients connecting at once. A port of its own has no
 * such queue, while it is still served by the same event loop, so a wedged
 * process still fails its liveness probe.
 */
export function healthApp(sources: HealthSources): Express {
  const app = express();
  hardenApp(app);
  mountHealth(app, sources);
  app.use(notFound);
  return app;
}
