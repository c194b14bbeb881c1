import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotConnector, teamsActivity } from '../../bench/support/fakes/bot-connector.js';
import { startTeamsServer, type TeamsServer } from '../helpers/teams.js';

/**
 * With an app id configured the endpoint is public, so anything not signed by
 * the Bot Framework must be refused with 401 (not a 500, not a hang), must
 * never reach the bot, and the token must never appear in a log line.
 */

const SECRET_TOKEN = 'Bearer eyJhbGciOiJub25lIn0.c2VjcmV0LXRva2VuLXZhbHVl.c2ln';

let connector: FakeBotConnector;
let server: TeamsServer;

beforeAll(async () => {
  connector = await FakeBotConnector.start();
  server = await startTeamsServer({
    appId: '11111111-2222-3333-4444-555555555555',
    appPassword: 'not-a-real-password',
    appType: 'MultiTenant',
  });
});

afterAll(async () => {
  await server?.close();
  await connector?.close();
});

describe('Teams authentication', () => {
  it('refuses a request without Authorization with 401', async () => {
    const res = await server.post(teamsActivity(connector.serviceUrl, { text: 'cert pmp' }));
    expect(res.status).toBe(401);
  });

  it('refuses a token that is not a Bot Framework JWT with 401', async () => {
    const res = await server.post(teamsActivity(connector.serviceUrl, { text: 'cert pmp' }), {
      authorization: SECRET_TOKEN,
    });
    expect(res.status).toBe(401);
  });

  it('refuses an unsigned message-extension invoke with 401', async () => {
    const res = await server.post(
      teamsActivity(connector.serviceUrl, {
        type: 'invoke',
        name: 'composeExtension/query',
        value: { parameters: [] },
      }),
    );
    expect(res.status).toBe(401);
  });

  it('never reaches the bot and never logs the token', async () => {
    expect(connector.posted).toHaveLength(0);
    const lines = server.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.msg === 'request')).toBe(false);
    expect(lines.filter((l) => l.msg === 'teams request refused').length).toBeGreaterThanOrEqual(3);
    expect(server.logLines.join('\n')).not.toContain('c2VjcmV0LXRva2VuLXZhbHVl');
    expect(lines.find((l) => l.msg === 'teams adapter mounted')).toMatchObject({ mode: 'authenticated' });
  });
});
