import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Express, RequestHandler } from 'express';
import type { Logger } from '../../src/index.js';
import { admitBody, answerError } from './http.js';

/** A route's handler on plain node:http objects: it reads the body itself and always answers. */
export type DirectHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** What the server runs on every request before a route, with or without Express. */
export interface RequestWatch {
  /** Tracks the response for graceful shutdown; see InFlight in server.ts. */
  track(res: ServerResponse): void;
}

/**
 * Routes that skip Express. Under load, Express's router (a layer per
 * middleware, parseurl, a route lookup) cost more per Slack request than
 * Bolt's whole handling of it; a platform's hot route is therefore served
 * straight from node:http when the method and path match exactly, with the
 * same steps Express would have run first (in-flight tracking, the body size
 * limit) and the same error answers. The route is also mounted on the Express
 * app, which serves what Express matches and the exact lookup does not (a
 * trailing slash, other letter case) and apps without this front (tests).
 */
export class DirectRoutes {
  private readonly routes = new Map<string, DirectHandler>();

  constructor(
    private readonly app: Express,
    private readonly logger: Logger,
  ) {}

  post(path: string, handler: DirectHandler): void {
    this.routes.set(`POST ${path}`, handler);
    this.app.post(path, asExpress(handler));
  }

  /** The server's request listener: a direct route when one matches, else the Express app. */
  listener(watch: RequestWatch): RequestListener {
    return (req, res) => {
      const handler = this.routes.size === 0 ? undefined : this.routes.get(`${req.method} ${pathOf(req.url)}`);
      if (!handler) return this.app(req, res);
      watch.track(res);
      if (!admitBody(req, res)) return;
      handler(req, res).catch((error: unknown) => answerError(this.logger, error, req, res));
    };
  }
}

function pathOf(url: string | undefined): string {
  if (!url) return '';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

/** The handler as an Express route; errors go to the app's error handler. */
export function asExpress(handler: DirectHandler): RequestHandler {
  return (req, res, next) => {
    handler(req, res).catch(next);
  };
}
