import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import type { TeamsConfig } from '../../src/index.js';
import type { MountedPlatform, PlatformDeps } from '../platform.js';

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

type TeamsHandler = (req: Request, res: Response) => Promise<void>;

/** botbuilder and its Azure dependencies weigh ~50 MB; they are loaded here and nowhere else. */
async function loadTeams(deps: PlatformDeps, config: TeamsConfig): Promise<TeamsHandler> {
  const [{ createTeamsAdapter }, { TeamsTurns }] = await Promise.all([import('./adapter.js'), import('./handler.js')]);
  deps.forgiveStall?.();
  const adapter = createTeamsAdapter(config, deps.logger);
  const turns = new TeamsTurns(deps);
  return (req, res) => adapter.handle(req, res, (context) => turns.run(context));
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
  deps.app.post(
    TEAMS_ROUTE,
    // Same rules as the server's parser: 1 MB, no compressed bodies that could inflate past it.
    express.json({ limit: '1mb', inflate: false }),
    (req: Request, res: Response, next: NextFunction) =>
      load()
        .then((handle) => handle(req, res))
        .catch(next),
    bodyErrors(deps),
  );
  deps.logger.info({ platform: 'teams', mode, route: TEAMS_ROUTE }, 'teams adapter mounted');
  return { name: 'teams', mode, stop: async () => {} };
}
