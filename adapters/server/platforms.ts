import type { Config } from '../../src/index.js';
import type { MountedPlatform, PlatformDeps } from '../platform.js';
import { mountSlack } from '../slack/index.js';
import { mountTeams } from '../teams/index.js';

export type SlackMode = 'off' | 'http' | 'socket-mode';
export type TeamsMode = 'anonymous' | 'authenticated';

/** What /healthz and the start-up log report about each platform. */
export interface PlatformStatus {
  slack: SlackMode;
  teams: TeamsMode;
}

export interface MountedPlatforms {
  status: PlatformStatus;
  /** Stops every platform, even when one of them fails to stop. */
  stop(): Promise<void>;
}

function slackMode(mode: string): SlackMode {
  return mode === 'socket-mode' ? 'socket-mode' : 'http';
}

function teamsMode(mode: string): TeamsMode {
  return mode === 'authenticated' ? 'authenticated' : 'anonymous';
}

/**
 * Slack only when configured (it cannot do anything without a token), Teams
 * always: with no app id it runs anonymously, which is what the Bot
 * Framework Emulator and the Agents Playground talk to.
 */
export async function mountPlatforms(deps: PlatformDeps, config: Config): Promise<MountedPlatforms> {
  const mounted: MountedPlatform[] = [];
  const stop = async (): Promise<void> => {
    const results = await Promise.allSettled(mounted.map((p) => p.stop()));
    for (const [i, result] of results.entries()) {
      if (result.status === 'rejected') {
        deps.logger.warn({ err: result.reason, platform: mounted[i]?.name }, 'platform did not stop cleanly');
      }
    }
  };
  try {
    const slack = config.slack ? await mountSlack(deps, config.slack) : undefined;
    if (slack) mounted.push(slack);
    const teams = await mountTeams(deps, config.teams);
    mounted.push(teams);
    return { status: { slack: slack ? slackMode(slack.mode) : 'off', teams: teamsMode(teams.mode) }, stop };
  } catch (error) {
    // A Socket Mode connection opened before Teams failed must not keep the process alive.
    await stop();
    throw error;
  }
}
