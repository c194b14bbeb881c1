import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Express, RequestHandler } from 'express';
import type { Logger } from '../../src/index.js';

/** No Slack or Teams payload comes near this; anything larger is refused before it is buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A JSON answer as Express's res.json writes it (no ETag: see hardenApp), for routes served with or without Express. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** `{ "error": … }`, the body of every refusal. */
export function sendError(res: ServerResponse, status: number, error: string): void {
  sendJson(res, status, { error });
}

function refuseTooLarge(res: ServerResponse): void {
  // Closing stops the client from streaming the rest of a refused body into a keep-alive socket.
  res.setHeader('Connection', 'close');
  sendError(res, 413, 'request body too large');
}

/**
 * The first middleware. A declared Content-Length over the limit is refused
 * before a byte of the body is read. A chunked body (no length) is counted as
 * it streams: the route's parser stops buffering at the limit too, but it
 * would drain the rest of the upload before answering, so the 413 is sent
 * from here the moment the count passes the limit. The counting listener only
 * observes chunks; the parser still receives every byte.
 */
export function bodySizeGuard(maxBytes = MAX_BODY_BYTES): RequestHandler {
  return (req, res, next) => {
    if (admitBody(req, res, maxBytes)) next();
  };
}

/** bodySizeGuard without Express: false when the request was refused (answered already). */
export function admitBody(req: IncomingMessage, res: ServerResponse, maxBytes = MAX_BODY_BYTES): boolean {
  const header = req.headers['content-length'];
  if (header !== undefined) {
    if (Number(header) <= maxBytes) return true;
    refuseTooLarge(res);
    return false;
  }
  if (req.headers['transfer-encoding'] !== undefined) {
    let received = 0;
    const count = (chunk: Buffer): void => {
      received += chunk.length;
      if (received <= maxBytes) return;
      req.off('data', count);
      if (!res.headersSent) refuseTooLarge(res);
      // Answered already (a route that reads no body): stop discarding an upload that would never end.
      else req.socket.destroy();
    };
    req.on('data', count);
  }
  return true;
}

/*
 * Bodies are parsed per route, once, with MAX_BODY_BYTES and no compressed
 * bodies (inflating would let a small upload expand past the limit):
 * /slack/events keeps the raw bytes, which Bolt verifies and parses itself
 * (adapters/slack/guards.ts), /api/messages parses JSON (adapters/teams).
 * No other route reads a body; bodySizeGuard still counts a chunked one
 * sent to them, and stops it at the limit.
 */

export const notFound: RequestHandler = (_req, res) => {
  sendError(res, 404, 'not found');
};

interface HttpErrorLike {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
}

export function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as HttpErrorLike;
  const code = typeof status === 'number' ? status : statusCode;
  return typeof code === 'number' && code >= 400 && code < 500 ? code : undefined;
}

export function clientErrorMessage(status: number, type: unknown): string {
  if (type === 'entity.parse.failed') return 'malformed JSON body';
  if (status === 413) return 'request body too large';
  return STATUS_CODES[status]?.toLowerCase() ?? 'bad request';
}

/**
 * The last middleware. Client mistakes (malformed JSON, too large, bad
 * charset) get their 4xx; anything else is a bug: logged with its stack,
 * answered with a bare 500, and the process keeps serving. Responses never
 * carry a stack trace, and client errors are logged without the error object
 * because body-parser attaches the offending body to it.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => answerError(logger, error, req, res);
}

/** errorHandler's answer, also for routes served without Express. */
export function answerError(logger: Logger, error: unknown, req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '').split('?')[0];
  const status = clientErrorStatus(error);
  if (status !== undefined) {
    const type = (error as HttpErrorLike).type;
    logger.debug({ status, type, method: req.method, path }, 'rejected request');
    if (!res.headersSent) sendError(res, status, clientErrorMessage(status, type));
    return;
  }
  logger.error({ err: error, method: req.method, path }, 'unhandled error while serving a request');
  if (res.headersSent) {
    // Half a response cannot be repaired; dropping the socket tells the client it failed.
    res.destroy();
    return;
  }
  sendError(res, 500, 'internal error');
}

/** Nothing here is a web page: no framework banner, and no ETag work on every JSON answer. */
export function hardenApp(app: Express): void {
  app.disable('x-powered-by');
  app.set('etag', false);
}
