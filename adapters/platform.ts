import type { Express } from 'express';
import type { Bot, ChatPlatform, DeliveryClaims, Logger } from '../src/index.js';
import type { DirectHandler } from './server/direct.js';
import type { Telemetry } from './shared/telemetry.js';

/**
 * The contract between the server and each platform adapter, kept as small
 * as Hubot's: the server owns HTTP, the adapter registers its route on the
 * shared Express app, translates traffic into IncomingMessage for the Bot and
 * renders the Reply it gets back.
 */
export interface PlatformDeps {
  app: Express;
  /**
   * The server's routes served without Express (adapters/server/direct.ts),
   * for a platform's busiest route; absent, routes go on `app` alone.
   */
  routes?: { post(path: string, handler: DirectHandler): void };
  bot: Bot;
  logger: Logger;
  telemetry: Telemetry;
  deliveries: DeliveryClaims;
  /**
   * Tells load shedding that the event loop stalled on purpose (a platform
   * loading its SDK on first use), so the requests that waited are served.
   */
  forgiveStall?: () => void;
}

export interface MountedPlatform {
  name: ChatPlatform;
  /** How it is connected, for logs and /healthz: "http", "socket-mode", "authenticated", "anonymous". */
  mode: string;
  /** Stops background connections (Socket Mode); HTTP routes close with the server. */
  stop(): Promise<void>;
}
