import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/index.js';

/** Slack token shapes (bot, user, app-level, config). */
const TOKEN = /\b(xox[a-z]|xapp|xoxe(?:\.xox[a-z])?)-[A-Za-z0-9-]+/g;

/** Belt and braces on top of pino's redaction: a token inside a message string is not a redactable path. */
export function scrub(text: string): string {
  return text.replace(TOKEN, '[redacted]');
}

/**
 * A loggable summary of an error. Web API errors carry the failed HTTP
 * request (Authorization header included) in nested fields, which pino's
 * error serializer would copy into the line, so only safe fields are kept.
 */
export function safeError(error: unknown): { type: string; message: string; code?: string; slackError?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: scrub(String(error)) };
  const code = (error as { code?: unknown }).code;
  const data = (error as { data?: { error?: unknown } }).data;
  return {
    type: error.name,
    message: scrub(error.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof data?.error === 'string' ? { slackError: data.error } : {}),
  };
}

function describe(parts: readonly unknown[]): string {
  return scrub(
    parts
      .map((p) => {
        if (typeof p === 'string') return p;
        if (p instanceof Error) return p.message;
        try {
          return JSON.stringify(p);
        } catch {
          return String(p);
        }
      })
      .join(' '),
  );
}

const PINO_TO_BOLT: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
};

/**
 * Bolt and the Web API client log through our pino logger, so their lines
 * share the format, the level and the redaction. The level stays pino's:
 * Bolt's setLevel calls are ignored.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'bolt' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]): void => {
      // Bolt and the Web API client log at debug on every request: describing parts nobody reads costs time.
      if (!log.isLevelEnabled(level)) return;
      const error = parts.find((p) => p instanceof Error);
      log[level](error ? { err: safeError(error) } : {}, describe(parts));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => {},
    getLevel: () => PINO_TO_BOLT[log.level] ?? LogLevel.ERROR,
    setName: () => {},
  };
}
