import { type LogFn, type Logger, pino } from 'pino';
import { PRODUCT_NAME } from './product.js';

export type { Logger };

/** Secrets blanked wherever they appear, at the top of a logged object or one object down. */
const SECRET_KEYS = ['token', 'botToken', 'signingSecret', 'appToken', 'password', 'appPassword', 'authorization'];
const CENSOR = '[redacted]';

/**
 * Paths pino blanks out (fast-redact): the secrets at the top and the
 * headers' own. The same secrets one object down ("*.token") are blanked by
 * hideNestedSecrets instead: as a pino wildcard path, every field of every
 * line went through fast-redact's wildcard stringifier, ~1 µs a field, which
 * made the server's request line cost ten times a plain pino line.
 */
export const REDACT_PATHS = [
  ...SECRET_KEYS,
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'headers.authorization',
  'headers["x-slack-signature"]',
];

/** `value` with its own secret fields blanked, as a copy (same prototype and hidden fields, so an Error stays one). */
function withoutSecrets(value: object): object {
  let copy: Record<string, unknown> | undefined;
  for (const key of SECRET_KEYS) {
    if (!Object.hasOwn(value, key)) continue;
    copy ??= Object.create(Object.getPrototypeOf(value), Object.getOwnPropertyDescriptors(value));
    Object.defineProperty(copy, key, { value: CENSOR, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? value;
}

/** The logged object, with secrets one object down blanked; the caller's objects are never changed. */
export function hideNestedSecrets(logged: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in logged) {
    const value = logged[key];
    if (typeof value !== 'object' || value === null) continue;
    const hidden = withoutSecrets(value);
    if (hidden === value) continue;
    copy ??= { ...logged };
    copy[key] = hidden;
  }
  return copy ?? logged;
}

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
  return withChildBindingsHidden(
    pino(
      {
        level,
        base: { app: PRODUCT_NAME },
        redact: { paths: REDACT_PATHS, censor: CENSOR },
        formatters: { log: hideNestedSecrets, bindings: hideNestedSecrets },
        // Every level, every child logger (Bolt's included): no message string carries a payload.
        hooks: {
          logMethod(args, method) {
            const scrubbed = args.map((a: unknown) => (typeof a === 'string' ? redactPayload(a) : a));
            method.apply(this, scrubbed as Parameters<LogFn>);
          },
        },
      },
      destination,
    ),
  );
}

/**
 * pino runs `formatters.bindings` on the root logger's fields only, never on
 * a child's: the children (and theirs, which inherit this `child`) get the
 * same one-object-down blanking here, before pino serializes their fields.
 */
function withChildBindingsHidden(logger: Logger): Logger {
  const child = logger.child;
  logger.child = function hiddenChild(this: Logger, bindings, options) {
    return child.call(this, hideNestedSecrets(bindings), options);
  } as Logger['child'];
  return logger;
}
