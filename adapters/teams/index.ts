import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import type { TeamsConfig } from '../../src/index.js';
import type { MountedPlatform, PlatformDeps } from '../platform.js';
import { createTeamsAdapter } from './adapter.js';
import { TeamsTurns } from './handler.js';

/**
 * Microsoft Teams through the Bot Framework (botbuilder's CloudAdapter).
 * Everything Teams-specific stays in this folder so the planned move to the
 * Microsoft 365 Agents SDK replaces only adapters/teams/.
 */

export const TEAMS_ROUTE = '/api/messages';

/**
 * This route parses its own body (the server parses none app-wide): the
 * 1 MB limit, and a malformed body answered with a short JSON 400 instead
 * of Express's HTML error page.
 */
function bodyErrors(deps: PlatformDeps): ErrorRequestHandler {
  return (error: { status?: unknown; type?: unknown }, _req, res, next) => {
    if (typeof error?.type !== 'string' || typeof error.status !== 'number') return next(error);
    deps.logger.warn({ platform: 'teams', status: error.status, reason: error.type }, 'teams request body rejected');
    const message = error.type === 'entity.parse.failed' ? 'malformed JSON body' : 'invalid request body';
    res.status(error.status).json({ error: message });
  };
}

export function mountTeams(deps: PlatformDeps, config: TeamsConfig): MountedPlatform {
  const adapter = createTeamsAdapter(config, deps.logger);
  const turns = new TeamsTurns(deps);
  const mode = config.appId ? 'authenticated' : 'anonymous';
  deps.app.post(
    TEAMS_ROUTE,
    // Same rules as the server's parser: 1 MB, no compressed bodies that could inflate past it.
    express.json({ limit: '1mb', inflate: false }),
    (req: Request, res: Response) => adapter.handle(req, res, (context) => turns.run(context)),
    bodyErrors(deps),
  );
  deps.logger.info({ platform: 'teams', mode, route: TEAMS_ROUTE }, 'teams adapter mounted');
  return { name: 'teams', mode, stop: async () => {} };
}
