import { type Logger, pino } from 'pino';

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

/**
 * Logs go to stderr as JSON so stdout stays reserved for answers (the CLI's
 * contract). Tests pass their own destination to assert on log lines.
 */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  return pino(
    { level, base: { app: 'pmo-guide' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    destination,
  );
}
