import { App, type Authorize, webApi } from '@slack/bolt';
import type { Logger, SlackConfig } from '../../src/index.js';
import type { MountedPlatform, PlatformDeps } from '../platform.js';
import { asExpress } from '../server/direct.js';
import { within } from '../shared/within.js';
import type { SlackHandlerContext } from './context.js';
import { registerEvents } from './events.js';
import { registerInteractions } from './interactions.js';
import { boltLogger, safeError } from './log.js';
import { SlackRouteReceiver } from './receiver.js';
import { leanFetch } from './transport.js';
import { UserDirectory } from './users.js';

/** Events API, slash command and interactivity all use this one request URL. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** How long a request waits for the bot's own ids: Slack wants an answer in 3 s, and users.info may take 1.5 s more. */
export const IDENTITY_WAIT_MS = 500;

interface BotIdentity {
  botId?: string | undefined;
  botUserId?: string | undefined;
}

/**
 * Authorization for our single workspace. Bolt would call auth.test at
 * start-up (or on every request with verification off); we need the bot's
 * ids only to ignore our own events, so they are looked up once, lazily,
 * and never hold an answer up for long: a request waits for them at most
 * `waitMs`, and once one has waited that long in vain, the others go on
 * without them until the look-up settles (while Slack's API does not answer,
 * its client retries for many minutes). A failed look-up is retried on a
 * later request. Without the ids, events from bots are still ignored by
 * their bot_id (events.ts).
 */
export function lazyAuthorize(
  botToken: string,
  client: webApi.WebClient,
  logger: Logger,
  waitMs = IDENTITY_WAIT_MS,
): Authorize<boolean> {
  let identity: BotIdentity | undefined;
  let lookup: Promise<void> | undefined;
  let waitedOut = false;
  const lookUp = () =>
    client.auth
      .test({ token: botToken })
      .then(
        (result) => {
          identity = { botId: result.bot_id, botUserId: result.user_id };
        },
        (error: unknown) => {
          logger.warn({ err: safeError(error) }, 'slack: auth.test failed; bot identity unknown for now');
        },
      )
      .finally(() => {
        lookup = undefined;
        waitedOut = false;
      });
  return async () => {
    if (!identity) {
      lookup ??= lookUp();
      if (!waitedOut && !(await within(lookup, waitMs)).settled) waitedOut = true;
    }
    return { botToken, ...identity };
  };
}

function webClientOptions(config: SlackConfig): webApi.WebClientOptions {
  if (!config.apiUrl) return { fetch: leanFetch };
  // The Web API client appends method names, so the base URL must end with a slash.
  return { fetch: leanFetch, slackApiUrl: config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/` };
}

function createApp(deps: PlatformDeps, config: SlackConfig, logger: Logger): App {
  const log = boltLogger(logger);
  const auth = new webApi.WebClient(undefined, { ...webClientOptions(config), logger: log });
  const common = {
    authorize: lazyAuthorize(config.botToken, auth, logger),
    tokenVerificationEnabled: false,
    // Bolt mutates clientOptions (it adds its logger), so each App gets its own copy.
    clientOptions: webClientOptions(config),
    logger: log,
    convoStore: false as const,
  };
  if (config.appToken) return new App({ ...common, socketMode: true, appToken: config.appToken });
  const receiver = new SlackRouteReceiver(
    { signingSecret: config.signingSecret, boltLogger: log },
    { deliveries: deps.deliveries, logger },
  );
  if (deps.routes) deps.routes.post(SLACK_EVENTS_PATH, receiver.serve);
  else deps.app.post(SLACK_EVENTS_PATH, asExpress(receiver.serve));
  return new App({ ...common, receiver });
}

/** How long start-up waits for the first Socket Mode connection before carrying on without it. */
export const SOCKET_MODE_START_WAIT_MS = 30_000;

/**
 * A bad app token (invalid_auth and the like) rejects at once and fails
 * start-up with a clear error. A network outage makes the client retry
 * forever, which must not keep the whole server (Teams, /healthz) from
 * starting: after a while it connects in the background.
 */
export async function startSocketMode(app: App, logger: Logger, waitMs = SOCKET_MODE_START_WAIT_MS): Promise<void> {
  const started = app.start().then(() => 'connected' as const);
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'pending'>((resolve) => {
    timer = setTimeout(resolve, waitMs, 'pending');
  });
  const outcome = await Promise.race([started, waited]).finally(() => clearTimeout(timer));
  if (outcome === 'connected') {
    logger.info({ mode: 'socket-mode' }, 'slack: connected');
    return;
  }
  logger.warn({ waitMs }, 'slack: Socket Mode not connected yet; still trying in the background');
  started.then(
    () => logger.info({ mode: 'socket-mode' }, 'slack: connected'),
    (error: unknown) => logger.error({ err: safeError(error) }, 'slack: Socket Mode could not connect'),
  );
}

/**
 * Mounts the Slack adapter: POST /slack/events on the shared Express app
 * (signature verified by Bolt), or a Socket Mode connection when an app-level
 * token is configured. The same listeners serve both.
 */
export async function mountSlack(deps: PlatformDeps, config: SlackConfig): Promise<MountedPlatform> {
  const logger = deps.logger.child({ adapter: 'slack' });
  const app = createApp(deps, config, logger);
  const users = new UserDirectory({
    onError: (error) => logger.warn({ err: safeError(error) }, 'slack: users.info failed; answering without locale'),
  });
  const ctx: SlackHandlerContext = { bot: deps.bot, logger, telemetry: deps.telemetry, users };
  registerEvents(app, ctx, deps.deliveries);
  registerInteractions(app, ctx);
  app.error(async (error) => {
    logger.error({ err: safeError(error) }, 'slack: a listener failed');
  });
  if (config.appToken) {
    await startSocketMode(app, logger);
    return { name: 'slack', mode: 'socket-mode', stop: async () => void (await app.stop()) };
  }
  logger.info({ mode: 'http', path: SLACK_EVENTS_PATH }, 'slack: mounted');
  return { name: 'slack', mode: 'http', stop: async () => {} };
}
