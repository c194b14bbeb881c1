import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DestinationStream } from 'pino';
import { type Config, createLogger, type Logger, loadConfig, loadEnvironment, PRODUCT_NAME } from '../../src/index.js';
import { serverLogDestination } from './log-destination.js';
import { stopWhenNpmStops } from './npm-parent.js';
import type { PlatformStatus } from './platforms.js';
import { createServer, type ListeningAddress, type RunningServer } from './server.js';
import { checkHost, startProblem } from './startup.js';

/** Where run() writes; tests pass their own to assert on output. */
export interface RunIO {
  /** Receives the single "cannot start" line. */
  stderr(text: string): void;
  /** Where pino writes JSON log lines; stderr when absent. */
  logDestination?: DestinationStream;
}

export type RunResult =
  | { code: 0; server: RunningServer; logger: Logger; address: ListeningAddress }
  | { code: 1 | 78; server?: undefined };

const processIO: RunIO = { stderr: (text) => process.stderr.write(text) };

/** Problems an operator fixes by changing the environment: one line naming the variable, no stack trace. */
function cannotStart(error: unknown, io: RunIO, config?: Config): RunResult {
  const problem = startProblem(error, config);
  if (!problem) throw error;
  io.stderr(`${PRODUCT_NAME}: cannot start: ${problem.line}\n`);
  return { code: problem.exitCode };
}

function noCredentials(config: Config): boolean {
  return !config.slack && !config.teams.appId;
}

/** Tells someone who started the server with no credentials what works and how to turn on the rest. */
function logStartup(logger: Logger, config: Config, status: PlatformStatus, address: ListeningAddress): void {
  logger.info({ url: address.url, slack: status.slack, teams: status.teams }, `${PRODUCT_NAME} listening`);
  if (status.slack === 'off') {
    logger.info(
      'Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to answer over HTTP, ' +
        'plus SLACK_APP_TOKEN to use Socket Mode instead',
    );
  }
  if (status.teams === 'anonymous') {
    const endpoint = `http://localhost:${address.port}/api/messages`;
    logger.info(
      { endpoint },
      `Teams is in anonymous local mode: point the Bot Framework Emulator or the Microsoft 365 Agents Playground ` +
        `at ${endpoint}; set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to serve Teams`,
    );
  }
  if (noCredentials(config))
    logger.info(`no platform credentials yet: try the bot in a terminal with \`npx ${PRODUCT_NAME} chat\``);
  if (!config.analyticsSalt) {
    logger.info(
      'ANALYTICS_SALT is not set: user ids are hashed with a salt generated and kept in the database; ' +
        'set it before production (docs/deploy.md, "What is hashed")',
    );
  }
}

/**
 * Starts the server from an environment (already merged with .env by the
 * entry point). Resolves with code 1 after printing one line when the
 * configuration or the knowledge is invalid; unexpected errors reject.
 */
export async function run(env: NodeJS.ProcessEnv = process.env, io: RunIO = processIO): Promise<RunResult> {
  let config: Config;
  try {
    config = loadConfig(env);
    await checkHost(config.host);
  } catch (error) {
    return cannotStart(error, io);
  }
  const logger = createLogger(config.logLevel, io.logDestination);
  let server: RunningServer | undefined;
  try {
    server = await createServer({ config, logger });
    const address = await server.listen(config.port, config.host);
    logStartup(logger, config, server.platforms, address);
    if (server.healthAddress)
      logger.info({ url: server.healthAddress.url }, 'health probes (/healthz, /readyz) also here');
    return { code: 0, server, logger, address };
  } catch (error) {
    // A Socket Mode connection opened before listen() failed must not keep the process alive.
    await server?.close();
    return cannotStart(error, io, config);
  }
}

function installProcessHandlers(server: RunningServer, logger: Logger): void {
  // Logged, not fatal: one failed background task must not drop every conversation in flight.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    server.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  stopWhenNpmStops(() => shutdown('SIGTERM'));
  // The folders are watched too; SIGHUP is for file systems where watching does not work (some network mounts).
  process.on('SIGHUP', () => server.knowledge.reload('SIGHUP'));
}

async function main(): Promise<void> {
  loadEnvironment();
  const logDestination = serverLogDestination(2);
  const result = await run(process.env, { ...processIO, logDestination });
  if (result.code !== 0) {
    process.exitCode = result.code;
    return;
  }
  installProcessHandlers(result.server, result.logger);
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().catch((error: unknown) => {
    // Only bugs reach here (operator errors were printed by run); keep the stack for them.
    process.stderr.write(
      `${PRODUCT_NAME}: cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
