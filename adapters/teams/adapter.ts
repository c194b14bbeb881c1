import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Activity,
  CloudAdapter,
  type ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from '../../src/index.js';
import { DEFAULT_ANONYMOUS_ALLOW, normalizeAddress, type TeamsConfig } from '../../src/index.js';
import { sendError, sendJson } from '../server/http.js';
import { activityProblem } from './activity-check.js';
import { ReusingBotFrameworkAuthentication } from './clients.js';

type Logic = (context: TurnContext) => Promise<void>;
type Authenticated = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/**
 * CloudAdapter with our own HTTP edge. The stock `process()` answers most
 * auth failures with 401 but lets a forged token that fails signature checks
 * surface as a 500, and it writes to console; here authentication is run
 * first so every failure is a 401 (503 when the key service answers an error) and
 * everything is logged through pino without the Authorization header.
 */
export class TeamsHttpAdapter extends CloudAdapter {
  constructor(
    private readonly auth: ConfigurationBotFrameworkAuthentication,
    private readonly logger: Logger,
    /** Anonymous mode: the socket addresses it answers; undefined when requests are authenticated. */
    private readonly anonymousAllow: ReadonlySet<string> | undefined,
  ) {
    super(auth);
    this.onTurnError = async (context, error) => {
      // Log only: a failed turn must not reach the user as a broken message or crash the process.
      this.logger.error(
        { err: error, platform: 'teams', activityType: context.activity?.type, name: context.activity?.name },
        'teams turn failed',
      );
    };
  }

  /** One POST /api/messages, its body already parsed as JSON (undefined when it was not JSON). */
  async handle(req: IncomingMessage, body: unknown, res: ServerResponse, logic: Logic): Promise<void> {
    if (this.anonymousAllow && !this.allowedClient(req.socket.remoteAddress, res)) return;
    const activity = activityFrom(body);
    if (!activity) return sendError(res, 400, 'request body must be a Bot Framework activity');
    // The ids and serviceUrl a reply is sent with; without a serviceUrl botbuilder would reply to a default host.
    const problem = activityProblem(activity);
    if (problem) return this.refuse(res, problem);
    if (this.anonymousAllow && !isLoopback(activity.serviceUrl)) {
      // Unauthenticated mode would otherwise post replies to any URL a caller names.
      this.logger.warn({ platform: 'teams', status: 403 }, 'anonymous mode only answers a local serviceUrl');
      return sendError(res, 403, 'anonymous mode only serves a local Emulator or Agents Playground');
    }
    const authenticated = await this.authenticate(activity, req.headers.authorization, res);
    if (authenticated) await this.run(authenticated, activity, logic, res);
  }

  /** Refused before authentication or any turn work: the reply could never be sent (see activity-check.ts). */
  private refuse(res: ServerResponse, problem: string): void {
    // The message names the field, never its value, which may be anything a caller chose.
    this.logger.warn({ platform: 'teams', status: 400, reason: problem }, 'teams activity refused');
    sendError(res, 400, problem);
  }

  /**
   * Anonymous mode checks no token, so the TCP peer address is the only
   * thing that keeps strangers out (a header could be forged). Answers the
   * refusal itself and returns false for any other client.
   */
  private allowedClient(remoteAddress: string | undefined, res: ServerResponse): boolean {
    const address = remoteAddress ? normalizeAddress(remoteAddress) : 'unknown';
    if (this.anonymousAllow?.has(address)) return true;
    this.logger.warn(
      { platform: 'teams', status: 401, remoteAddress: address },
      'teams anonymous mode (no MICROSOFT_APP_ID) is for local testing and refused a client not in ' +
        'TEAMS_ANONYMOUS_ALLOW; to serve Teams set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TYPE ' +
        '(see docs/teams.md)',
    );
    sendError(res, 401, 'unauthorized: anonymous mode only serves local test tools');
    return false;
  }

  /** Answers the refusal itself and returns undefined when the request is not from the Bot Framework. */
  private async authenticate(
    activity: Activity,
    header: unknown,
    res: ServerResponse,
  ): Promise<Authenticated | undefined> {
    try {
      return await this.auth.authenticateRequest(activity, typeof header === 'string' ? header : '');
    } catch (error) {
      const status = authFailureStatus(error);
      // The reason comes from the validator ("jwt malformed", "Unauthorized"); the header itself is never logged.
      this.logger.warn({ platform: 'teams', status, reason: errorMessage(error) }, 'teams request refused');
      sendError(res, status, status === 401 ? 'unauthorized' : 'cannot verify the request now');
      return undefined;
    }
  }

  private async run(
    authenticated: Authenticated,
    activity: Activity,
    logic: Logic,
    res: ServerResponse,
  ): Promise<void> {
    try {
      const invoke = await this.processActivity(authenticated, activity, logic);
      const status = invoke?.status ?? 200;
      if (invoke?.body !== undefined) return sendJson(res, status, invoke.body);
      res.statusCode = status;
      res.end();
    } catch (error) {
      // Reached only when the turn could not even start (e.g. no connector client); turn errors go to onTurnError.
      this.logger.error({ err: error, platform: 'teams' }, 'teams activity could not be processed');
      if (!res.headersSent) sendError(res, 500, 'internal error');
    }
  }
}

/** Mirrors botbuilder's own validation: an object with a string `type`, timestamps as Dates. */
export function activityFrom(body: unknown): Activity | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const activity = body as Activity & Record<'timestamp' | 'localTimestamp' | 'expiration', unknown>;
  if (typeof activity.type !== 'string' || !activity.type) return undefined;
  for (const key of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const value = activity[key];
    if (typeof value === 'string') activity[key] = new Date(value);
  }
  return activity;
}

/** Emulator and Agents Playground run on this machine; anything else needs real authentication. */
export function isLoopback(serviceUrl: string | undefined): boolean {
  if (!serviceUrl) return false;
  try {
    const host = new URL(serviceUrl).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/** The Bot Framework signals "we could not fetch signing keys" with a 5xx status on its error; all else is the caller's fault. */
function authFailureStatus(error: unknown): 401 | 503 {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 500 ? 503 : 401;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Empty appId: no authentication at all, for the Emulator and Agents Playground on localhost. */
export function createTeamsAdapter(config: TeamsConfig, logger: Logger): TeamsHttpAdapter {
  // Reuses the outbound connector clients across activities; see clients.ts.
  const auth = new ReusingBotFrameworkAuthentication({
    MicrosoftAppId: config.appId ?? '',
    MicrosoftAppPassword: config.appPassword ?? '',
    MicrosoftAppType: config.appType,
    MicrosoftAppTenantId: config.tenantId ?? '',
  });
  const allow = config.appId ? undefined : new Set(config.anonymousAllow ?? DEFAULT_ANONYMOUS_ALLOW);
  return new TeamsHttpAdapter(auth, logger, allow);
}
