import { STATUS_CODES } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Logger } from '../../src/index.js';

/** No Slack or Teams payload comes near this; anything larger is refused before it is buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What the body parsers leave on the request besides `body`. */
export interface RawBodyRequest {
  /** The exact bytes received; Bolt's ExpressReceiver verifies Slack signatures against `req.rawBody` when present. */
  rawBody?: Buffer;
}

function keepRawBody(req: unknown, _res: unknown, buf: Buffer): void {
  (req as RawBodyRequest).rawBody = buf;
}

function sendError(res: express.Response, status: number, error: string): void {
  res.status(status).json({ error });
}

function refuseTooLarge(res: express.Response): void {
  // Closing stops the client from streaming the rest of a refused body into a keep-alive socket.
  res.set('Connection', 'close');
  sendError(res, 413, 'request body too large');
}

/**
 * The first middleware. A declared Content-Length over the limit is refused
 * before a byte of the body is read. A chunked body (no length) is counted as
 * it streams: the parsers below stop buffering at the limit too, but they
 * would drain the rest of the upload before answering, so the 413 is sent
 * from here the moment the count passes the limit. The counting listener only
 * observes chunks; the parsers still receive every byte.
 */
export function bodySizeGuard(maxBytes = MAX_BODY_BYTES): RequestHandler {
  return (req, res, next) => {
    const header = req.headers['content-length'];
    if (header !== undefined) {
      if (Number(header) > maxBytes) return refuseTooLarge(res);
      return next();
    }
    if (req.headers['transfer-encoding'] !== undefined) {
      let received = 0;
      const count = (chunk: Buffer): void => {
        received += chunk.length;
        if (received <= maxBytes) return;
        req.off('data', count);
        if (!res.headersSent) refuseTooLarge(res);
      };
      req.on('data', count);
    }
    next();
  };
}

/**
 * Every request body is read here, once, with the same limit, so chunked
 * bodies (no Content-Length) are counted while streaming and stopped at 1 MB.
 * Reading it here rather than in the adapters is what makes the limit
 * universal: Bolt's receiver would otherwise read the stream itself with its
 * own 4 MB default, so we hand it `req.rawBody` instead (it skips reading
 * when that is set), and botbuilder expects `req.body` already parsed.
 * Compressed bodies are refused (415): neither platform sends them and
 * inflating would let a small upload expand past the limit.
 */
export function bodyParsers(maxBytes = MAX_BODY_BYTES): RequestHandler[] {
  const common = { limit: maxBytes, inflate: false, verify: keepRawBody };
  return [
    express.json(common),
    express.urlencoded({ ...common, extended: false }),
    // Any other content type is still read (and limited) so no route can be fed an unbounded stream.
    express.raw({ ...common, type: () => true }),
  ];
}

export const notFound: RequestHandler = (_req, res) => {
  sendError(res, 404, 'not found');
};

interface HttpErrorLike {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
}

function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as HttpErrorLike;
  const code = typeof status === 'number' ? status : statusCode;
  return typeof code === 'number' && code >= 400 && code < 500 ? code : undefined;
}

function clientErrorMessage(status: number, type: unknown): string {
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
  return (error: unknown, req, res, _next) => {
    const status = clientErrorStatus(error);
    if (status !== undefined) {
      const type = (error as HttpErrorLike).type;
      logger.debug({ status, type, method: req.method, path: req.path }, 'rejected request');
      if (!res.headersSent) sendError(res, status, clientErrorMessage(status, type));
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error while serving a request');
    if (res.headersSent) {
      // Half a response cannot be repaired; dropping the socket tells the client it failed.
      res.destroy();
      return;
    }
    sendError(res, 500, 'internal error');
  };
}

/** Nothing here is a web page: no framework banner, and no ETag work on every JSON answer. */
export function hardenApp(app: Express): void {
  app.disable('x-powered-by');
  app.set('etag', false);
}
