import { type LogFn, type Logger, pino } from 'pino';
import { PRODUCT_NAME } from './product.js';

export type { Logger };

/** Paths pino blanks out, so tokens and secrets never reach a log line. */
export const REDACT_PATHS = [
  'token',
  'botToken',
  'signingSecret',
  'appToken',
  'password',
  'appPassword',
  'authorization',
  '*.token',
  '*.botToken',
  '*.signingSecret',
  '*.appToken',
  '*.password',
  '*.appPassword',
  '*.authorization',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'headers.authorization',
  'headers["x-slack-signature"]',
];

/** Where a library's log line starts quoting a payload: a JSON object or array. */
const PAYLOAD_START = /\{|\[(?=[{["\d])/;
/** Labels after which a library's log line quotes a payload or an id, in whatever form. */
const PAYLOAD_LABEL = /(body: |data: |storedResponse: |for ID: |\(will ignore\): )/;

/**
 * A log message without the payload some libraries quote in it. At debug
 * level the Slack Web API client logs "http request body: {…}" and "http
 * request result: {…}", Socket Mode "Received a message on the WebSocket:
 * {…}": whole requests, with user ids and message text. pino's `redact`
 * only reaches object fields, so the message string keeps its words and
 * loses everything from the payload on.
 */
export function redactPayload(message: string): string {
  const label = PAYLOAD_LABEL.exec(message);
  const json = PAYLOAD_START.exec(message);
  const cuts = [label ? label.index + (label[1]?.length ?? 0) : -1, json ? json.index : -1].filter((i) => i >= 0);
  return cuts.length === 0 ? message : `${message.slice(0, Math.min(...cuts))}[redacted]`;
}

/**
 * Logs go to stderr as JSON so stdout stays reserved for answers (the CLI's
 * contract). Tests pass their own destination to assert on log lines.
 */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      level,
      base: { app: PRODUCT_NAME },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Every level, every child logger (Bolt's included): no message string carries a payload.
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a: unknown) => (typeof a === 'string' ? redactPayload(a) : a));
          method.apply(this, scrubbed as Parameters<LogFn>);
        },
      },
    },
    destination,
  );
}
