import { createServer as createHttpServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler } from 'express';
import { collectDefaultMetrics } from 'prom-client';
import type { Bot, Config, KnowledgeBase, Logger } from '../../src/index.js';
import { type DeliveryClaims, DeliveryGuard } from '../../src/index.js';
import { Telemetry } from '../shared/telemetry.js';
import { buildRuntime } from './build-bot.js';
import { DirectRoutes } from './direct.js';
import { type HealthSources, healthApp, mountHealth } from './health.js';
import { bodySizeGuard, errorHandler, hardenApp, notFound } from './http.js';
import { LoadShedder } from './overload.js';
import { mountPlatforms, type PlatformStatus } from './platforms.js';
import { type KnowledgeReloading, startKnowledgeReload } from './reload.js';

export interface ServerOptions {
  config: Config;
  logger: Logger;
  /**
   * A ready bot (tests). Without it the server builds the full runtime
   * (store, onboarding, analytics, duplicate deliveries) and closes it on close().
   */
  bot?: Bot;
  /** With `bot`: defaults to duplicate checks in memory (one instance). */
  deliveries?: DeliveryClaims;
  /** How long close() lets in-flight requests run before cutting their connections. */
  shutdownTimeoutMs?: number;
  /** Test hook only: extra routes mounted after the platforms and before the 404 handler. */
  testRoutes?: (app: Express) => void;
}

export interface ListeningAddress {
  host: string;
  port: number;
  url: string;
}

export interface RunningServer {
  readonly app: Express;
  readonly bot: Bot;
  readonly telemetry: Telemetry;
  readonly platforms: PlatformStatus;
  /** Loads the knowledge again now (SIGHUP); the folders are also watched. A broken edit keeps the old knowledge. */
  readonly knowledge: KnowledgeReloading;
  /** Where HEALTH_PORT is bound once listen() resolved; undefined without HEALTH_PORT. */
  readonly healthAddress: ListeningAddress | undefined;
  /** Resolves once the socket (and HEALTH_PORT's) is bound; port 0 picks a free port, reported here. */
  listen(port: number, host: string): Promise<ListeningAddress>;
  /** Graceful: stop accepting, finish in-flight requests, stop platforms. Idempotent. */
  close(): Promise<void>;
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
// Longer than the idle timeout of common load balancers (60 s), so the proxy, not Node,
// closes idle keep-alive sockets and never sends a request into one Node is closing.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
// Node's default (511) overflows when many clients connect at once; the kernel then drops SYNs and each
// client, a health probe included, waits 1 s, 3 s, 7 s … to retry. Linux caps this at net.core.somaxconn.
const LISTEN_BACKLOG = 4096;

/**
 * Remembers open responses so shutdown can ask each in-flight one to close
 * its connection when done: otherwise a keep-alive socket would survive
 * server.close() until the fallback timeout.
 */
class InFlight {
  private readonly open = new Set<ServerResponse>();
  private draining = false;

  readonly middleware: RequestHandler = (_req, res, next) => {
    this.track(res);
    next();
  };

  track(res: ServerResponse): void {
    if (this.draining) res.setHeader('Connection', 'close');
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
  }

  drain(): void {
    this.draining = true;
    for (const res of this.open) if (!res.headersSent) res.setHeader('Connection', 'close');
  }
}

function metricsRoute(telemetry: Telemetry): RequestHandler {
  return async (_req, res) => {
    res.set('Content-Type', telemetry.registry.contentType);
    res.send(await telemetry.registry.metrics());
  };
}

function listenOn(server: Server, port: number, host: string): Promise<ListeningAddress> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({ host: address.address, port: address.port, url: `http://${urlHost}:${address.port}` });
    });
  });
}

async function closeHttp(server: Server, timeoutMs: number, logger: Logger): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => {
    logger.warn({ timeoutMs }, 'in-flight requests did not finish in time; closing their connections');
    server.closeAllConnections();
  }, timeoutMs);
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Builds the Express app shared by every platform: the body limit first, then
 * health and metrics, then the platform routes, then 404 and the error
 * handler. Nothing listens until listen() is called.
 */
export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const { config, logger } = options;
  const telemetry = new Telemetry(logger);
  collectDefaultMetrics({ register: telemetry.registry });
  const runtime = options.bot ? undefined : await buildRuntime(config, logger);
  const bot = options.bot ?? (runtime as NonNullable<typeof runtime>).bot;
  const inFlight = new InFlight();
  const shedder = new LoadShedder(config.overload, logger, telemetry.registry);
  const app = express();
  hardenApp(app);
  // Bodies are parsed by the route that needs them (see http.ts), never app-wide.
  app.use(inFlight.middleware, bodySizeGuard());
  // Registered before the platforms so no platform route can shadow them; filled in once mounted.
  const status: PlatformStatus = { slack: 'off', teams: 'anonymous' };
  const health: HealthSources = { bot, platforms: status, shedder };
  mountHealth(app, health);
  app.get('/metrics', metricsRoute(telemetry));
  const deliveries = options.deliveries ?? runtime?.deliveries ?? new DeliveryGuard();
  const forgiveStall = () => shedder.forgiveStall();
  const routes = new DirectRoutes(app, logger);
  const platforms = await mountPlatforms({ app, routes, bot, logger, telemetry, deliveries, forgiveStall }, config);
  Object.assign(status, platforms.status);
  const apply = (kb: KnowledgeBase) => (runtime ? runtime.useKnowledge(kb) : bot.useKnowledge(kb));
  const knowledge = startKnowledgeReload(bot.kb, apply, logger, telemetry.registry, forgiveStall);
  options.testRoutes?.(app);
  app.use(notFound);
  app.use(errorHandler(logger));

  // Shedding runs before routing: a refusal must cost as little as possible.
  const http = createHttpServer(shedder.guard(routes.listener(inFlight)));
  http.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  const healthHttp = config.healthPort === undefined ? undefined : createHttpServer(healthApp(health));
  const stop = async (): Promise<void> => {
    inFlight.drain();
    const timeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
    await Promise.all([closeHttp(http, timeoutMs, logger), healthHttp && closeHttp(healthHttp, timeoutMs, logger)]);
    shedder.stop();
    knowledge.stop();
    await platforms.stop();
    await runtime?.close();
  };
  const parts = { app, bot, telemetry, platforms: status, knowledge };
  return running(parts, { http, healthHttp, healthPort: config.healthPort }, stop);
}

interface Listeners {
  http: Server;
  healthHttp: Server | undefined;
  healthPort: number | undefined;
}

function running(
  parts: Pick<RunningServer, 'app' | 'bot' | 'telemetry' | 'platforms' | 'knowledge'>,
  { http, healthHttp, healthPort }: Listeners,
  stop: () => Promise<void>,
): RunningServer {
  let healthAddress: ListeningAddress | undefined;
  let closing: Promise<void> | undefined;
  return {
    ...parts,
    get healthAddress() {
      return healthAddress;
    },
    async listen(port, host) {
      const address = await listenOn(http, port, host);
      if (healthHttp && healthPort !== undefined) healthAddress = await listenOn(healthHttp, healthPort, host);
      return address;
    },
    close() {
      closing ??= stop();
      return closing;
    },
  };
}
