import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { TeamsConfig } from '../../src/index.js';
import type { MountedPlatform, PlatformDeps } from '../platform.js';
import { asExpress, type DirectHandler } from '../server/direct.js';
import { sendError } from '../server/http.js';

/**
 * Microsoft Teams through the Bot Framework (botbuilder's CloudAdapter).
 * Everything Teams-specific stays in this folder so the planned move to the
 * Microsoft 365 Agents SDK replaces only adapters/teams/.
 */

export const TEAMS_ROUTE = '/api/messages';

/**
 * This route parses its own body (the server parses none app-wide), with
 * body-parser's JSON rules: the 1 MB limit, no compressed bodies that could
 * inflate past it, and a body that is not JSON left undefined.
 */
const parseJson = express.json({ limit: '1mb', inflate: false });

function jsonBody(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const parsed = req as IncomingMessage & { body?: unknown };
    parseJson(parsed as never, res as never, (error?: unknown) => (error ? reject(error) : resolve(parsed.body)));
  });
}

/** A body-parser refusal (malformed, too large, compressed) as a short JSON 4xx instead of an HTML error page. */
function refusedBody(deps: PlatformDeps, error: unknown, res: ServerResponse): boolean {
  const { type, status } = (error ?? {}) as { status?: unknown; type?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number') return false;
  deps.logger.warn({ platform: 'teams', status, reason: type }, 'teams request body rejected');
  sendError(res, status, type === 'entity.parse.failed' ? 'malformed JSON body' : 'invalid request body');
  return true;
}

type TeamsHandler = (req: IncomingMessage, body: unknown, res: ServerResponse) => Promise<void>;

/** botbuilder and its Azure dependencies weigh ~50 MB; they are loaded here and nowhere else. */
async function loadTeams(deps: PlatformDeps, config: TeamsConfig): Promise<TeamsHandler> {
  const [{ createTeamsAdapter }, { TeamsTurns }] = await Promise.all([import('./adapter.js'), import('./handler.js')]);
  deps.forgiveStall?.();
  const adapter = createTeamsAdapter(config, deps.logger);
  const turns = new TeamsTurns(deps);
  return (req, body, res) => adapter.handle(req, body, res, (context) => turns.run(context));
}

/**
 * POST /api/messages on plain node:http objects, so the server can serve it
 * without Express's router (adapters/server/direct.ts), which it would
 * otherwise walk on every activity; errors go to the server's error answers.
 */
function messagesRoute(deps: PlatformDeps, load: () => Promise<TeamsHandler>): DirectHandler {
  return async (req, res) => {
    let body: unknown;
    try {
      body = await jsonBody(req, res);
    } catch (error) {
      if (refusedBody(deps, error, res)) return;
      throw error;
    }
    const handle = await load();
    await handle(req, body, res);
  };
}

/**
 * With credentials Teams is loaded at start. Without them (anonymous mode,
 * for the Emulator and the Agents Playground) most servers never see a Teams
 * request, so botbuilder is loaded by the first one instead of sitting idle
 * in memory.
 */
export async function mountTeams(deps: PlatformDeps, config: TeamsConfig): Promise<MountedPlatform> {
  let loading: Promise<TeamsHandler> | undefined;
  const load = (): Promise<TeamsHandler> => {
    loading ??= loadTeams(deps, config);
    return loading;
  };
  const mode = config.appId ? 'authenticated' : 'anonymous';
  if (config.appId) await load();
  const route = messagesRoute(deps, load);
  if (deps.routes) deps.routes.post(TEAMS_ROUTE, route);
  else deps.app.post(TEAMS_ROUTE, asExpress(route));
  deps.logger.info({ platform: 'teams', mode, route: TEAMS_ROUTE }, 'teams adapter mounted');
  return { name: 'teams', mode, stop: async () => {} };
}
