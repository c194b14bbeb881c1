import { mkdtempSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { PlatformDeps } from '../../adapters/platform.js';
import { createServer, type RunningServer, type ServerOptions } from '../../adapters/server/server.js';
import { Telemetry } from '../../adapters/shared/telemetry.js';
import { Bot } from '../../src/bot/bot.js';
import { defaultKnowledgeDir } from '../../src/cli/knowledge-dir.js';
import { loadConfig } from '../../src/config.js';
import { DeliveryGuard } from '../../src/deliveries.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/knowledge/load.js';
import { createLogger, type Logger } from '../../src/logger.js';

/** A fresh, empty data folder so servers under test never write SQLite files into the repo. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'pmo-data-'));
}

/** The whole server (full runtime: store, onboarding, analytics) listening on 127.0.0.1. */
export interface TestServer {
  server: RunningServer;
  /** http://127.0.0.1:PORT */
  url: string;
  /** Every raw JSON log line written so far (none with `log: 'silent'`). */
  lines: string[];
}

export interface TestServerOptions extends Omit<ServerOptions, 'config' | 'logger'> {
  /** `debug` (the default) captures every log line in `lines`; `silent` logs nothing. */
  log?: 'debug' | 'silent';
}

/**
 * Starts the real server on an OS-chosen loopback port with the given
 * environment, its store in a fresh temp DATA_DIR unless `env` names one.
 */
export async function startServer(
  env: NodeJS.ProcessEnv = {},
  { log = 'debug', ...options }: TestServerOptions = {},
): Promise<TestServer> {
  const lines: string[] = [];
  const logger =
    log === 'silent'
      ? createLogger('silent')
      : createLogger('debug', { write: (line: string) => void lines.push(line) });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...env, DATA_DIR: env.DATA_DIR ?? tempDataDir() });
  const server = await createServer({ config, logger, ...options });
  const { url } = await server.listen(config.port, config.host);
  return { server, url, lines };
}

/** POSTs a JSON body (a string is sent as is). */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** What one adapter is mounted with: an Express app, the real knowledge and Bot, Telemetry and in-memory duplicate checks. */
export function adapterDeps(logger: Logger): { kb: KnowledgeBase; deps: PlatformDeps } {
  const kb = loadKnowledge(defaultKnowledgeDir());
  const app = express();
  return {
    kb,
    deps: {
      app,
      bot: new Bot({ kb, logger }),
      logger,
      telemetry: new Telemetry(logger),
      deliveries: new DeliveryGuard(),
    },
  };
}

/** Serves an Express app on an OS-chosen loopback port. */
export async function listenApp(app: Express): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
