import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotConnector, teamsActivity } from '../../bench/support/fakes/bot-connector.js';
import { FakeSlack } from '../../bench/support/fakes/slack-api.js';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { realKnowledge } from '../helpers/knowledge.js';
import type { TestServer } from '../helpers/server.js';
import { blocksText, slashBlocks, startSlackServer } from '../helpers/slack.js';
import type { SlackTarget } from '../helpers/slack-sign.js';
import { readCard } from '../helpers/teams.js';

/**
 * Anonymous Teams mode (no MICROSOFT_APP_ID) checks no token, so it must
 * answer only local test tools, reply only where the activity says, and
 * never treat a Teams user as a Slack admin because their ids look alike.
 * Everything runs on loopback; "outside" clients connect from 127.0.0.2,
 * a loopback address that is not in the default allow-list.
 */

const kb = realKnowledge();
const SLACK_ADMIN = 'U0SLACKADMIN';
const TEAMS_ADMIN = '29:teams-admin';

let fake: FakeSlack;
let connector: FakeBotConnector;
let running: TestServer & { target: SlackTarget };

beforeAll(async () => {
  fake = await FakeSlack.start();
  connector = await FakeBotConnector.start();
  running = await startSlackServer(fake, { ADMIN_USER_IDS: `${SLACK_ADMIN},teams:${TEAMS_ADMIN}` });
});

afterAll(async () => {
  await running?.server.close();
  await connector?.close();
  await fake?.close();
});

/** POSTs JSON to the server from a chosen local address, as a client on another machine would appear. */
function postFrom(localAddress: string, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const url = new URL(path, running.url);
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: raw ? JSON.parse(raw) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** A message from a Teams user with no Entra object id (as the Emulator sends), replies returned in the HTTP body. */
function expectReplies(userId: string, text: string): Record<string, unknown> {
  return teamsActivity(connector.serviceUrl, {
    text,
    deliveryMode: 'expectReplies',
    from: { id: userId, name: 'Someone' },
  });
}

function repliedText(json: unknown): string {
  const [activity] = (json as { activities: Record<string, unknown>[] }).activities;
  return activity ? readCard(activity).text : '';
}

describe('anonymous Teams mode', () => {
  it('refuses a client whose socket address is not allowed, and says in the log how to set Teams up', async () => {
    const before = running.lines.length;
    const res = await postFrom('127.0.0.2', '/api/messages', teamsActivity(connector.serviceUrl, { text: 'cert pmp' }));
    expect(res.status).toBe(401);
    expect(connector.calls).toBe(0);
    const refusals = running.lines.slice(before).filter((l) => l.includes('TEAMS_ANONYMOUS_ALLOW'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toContain('MICROSOFT_APP_ID');
  });

  it('ignores headers that claim a local client', async () => {
    const activity = teamsActivity(connector.serviceUrl, { text: 'cert pmp' });
    const url = new URL('/api/messages', running.url);
    const res = await new Promise<number>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        localAddress: '127.0.0.2',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '127.0.0.1' },
      });
      req.on('response', (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify(activity));
    });
    expect(res).toBe(401);
  });

  it('answers a client on 127.0.0.1', async () => {
    const res = await postFrom('127.0.0.1', '/api/messages', expectReplies('29:someone', 'cert pmp'));
    expect(res.status).toBe(200);
    expect(repliedText(res.json)).toContain(kb.byId.get('cert-pmp')?.en.title);
  });

  it('refuses an activity without serviceUrl with 400 instead of replying to a default host', async () => {
    const { serviceUrl: _dropped, ...activity } = expectReplies('29:someone', 'cert pmp');
    const res = await postFrom('127.0.0.1', '/api/messages', activity);
    expect(res.status).toBe(400);
  });

  it('gives no stats to a Teams user whose id equals a Slack admin id', async () => {
    const res = await postFrom('127.0.0.1', '/api/messages', expectReplies(SLACK_ADMIN, 'stats'));
    expect(res.status).toBe(200);
    const text = repliedText(res.json);
    // Told the id that would have to be listed: a Teams one, not the Slack admin's entry.
    expect(text).toContain(kb.ui.stats.denied.en.replace('{id}', `teams:${SLACK_ADMIN}`));
    expect(text).not.toContain('Knowledge analytics');
  });

  it('gives stats to the Teams admin on Teams and to the Slack admin on Slack', async () => {
    const teams = await postFrom('127.0.0.1', '/api/messages', expectReplies(TEAMS_ADMIN, 'stats'));
    expect(repliedText(teams.json)).toContain('Knowledge analytics');
    const slack = blocksText(await slashBlocks(running.target, 'stats', SLACK_ADMIN));
    expect(slack).toContain('Knowledge analytics');
    const impostor = blocksText(await slashBlocks(running.target, 'stats', TEAMS_ADMIN));
    expect(impostor).not.toContain('Knowledge analytics');
  });
});

describe('TEAMS_ANONYMOUS_ALLOW and ADMIN_USER_IDS', () => {
  it('defaults to exactly this machine and accepts other exact addresses', () => {
    expect(loadConfig({}).teams.anonymousAllow).toEqual(['127.0.0.1', '::1']);
    const custom = loadConfig({ TEAMS_ANONYMOUS_ALLOW: '172.17.0.1, ::ffff:10.0.0.5' });
    expect(custom.teams.anonymousAllow).toEqual(['172.17.0.1', '10.0.0.5']);
  });

  it('names the variable when an entry is not an address or not a known platform', () => {
    expect(() => loadConfig({ TEAMS_ANONYMOUS_ALLOW: '10.0.0.0/8' })).toThrow(ConfigError);
    expect(() => loadConfig({ TEAMS_ANONYMOUS_ALLOW: '10.0.0.0/8' })).toThrow(/TEAMS_ANONYMOUS_ALLOW/);
    expect(() => loadConfig({ ADMIN_USER_IDS: 'discord:123' })).toThrow(/ADMIN_USER_IDS/);
  });

  it('reads plain ids as Slack and binds an admin to a workspace when one is named', () => {
    expect(loadConfig({ ADMIN_USER_IDS: 'U1, teams:29:abc@tenant-1, slack:U2@T9' }).admins).toEqual([
      { platform: 'slack', userId: 'U1' },
      { platform: 'teams', userId: '29:abc', workspaceId: 'tenant-1' },
      { platform: 'slack', userId: 'U2', workspaceId: 'T9' },
    ]);
  });
});
