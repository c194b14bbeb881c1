/**
 * `npm run load`, side by side: the built server (node dist/adapters/server/main.js)
 * against bare Bolt and a bare botbuilder echo bot (bench/bare-*.ts, the same
 * versions), each in a child process of its own on 127.0.0.1, driven by
 * autocannon from this process with the same signed requests, replies going
 * to loopback fakes here. Rounds alternate the contenders (best of N each),
 * because a shared box swings by a third; figures are printed as ratios.
 * Idle RSS is read from /proc after start-up settles (Linux).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeConnector, teamsMessageActivity } from './support/fakes/bot-connector.js';
import { slackSignatureHeaders, startFakeSlackApi } from './support/fakes/slack-api.js';

export interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: CannonRequest) => CannonRequest;
}
interface CannonResult {
  requests: { total: number };
  latency: { p99: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (options: object) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const root = fileURLToPath(new URL('../..', import.meta.url));
export const SECRET = 'side-by-side-signing-secret';
const ROUNDS = Number(process.env.LOAD_ROUNDS ?? 3);
const SECONDS = Number(process.env.LOAD_COMPARE_SECONDS ?? 3);
const CONNECTIONS = 10;
/**
 * V8 returns start-up garbage to the OS only when its memory reducer runs,
 * some 20-30 s after allocation calms down, in every process alike. RSS is
 * read 2 s after start (what start-up leaves behind) and again after this.
 */
const SETTLE_SECONDS = Number(process.env.LOAD_SETTLE_SECONDS ?? 40);
/**
 * LOAD_SAME_REPLY=1 adds rows against a second bare Bolt that sends
 * pmo-guide's own `/pmo cert pmp` reply (Block Kit, ~3 KB) instead of a
 * one-line string: how much of the gap is the size of a real answer.
 */
const SAME_REPLY = process.env.LOAD_SAME_REPLY === '1';

export interface App {
  name: string;
  url: string;
  child: ChildProcess;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** How the bench runs the server: what a deployment sets, logging at info, in a fresh data folder. */
export function serverEnv(slackApiUrl: string): Record<string, string> {
  return {
    ...{ HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'pmo-side-')), LOG_LEVEL: 'info' },
    ...{ SLACK_BOT_TOKEN: 'xoxb-side', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApiUrl },
    // Measuring throughput, not shedding: the limits are out of the way (the overload run tests them).
    ...{ OVERLOAD_MAX_LAG_MS: '60000', OVERLOAD_MAX_IN_FLIGHT: '100000' },
  };
}

/** Starts `script` with `env` (and node flags) and waits until it answers HTTP at all (any status). */
export async function startApp(
  name: string,
  script: string,
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<App> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 300; tries++) {
    const up = await fetch(`${url}/healthz`).then(
      () => true,
      () => false,
    );
    if (up) return { name, url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`load: ${name} did not start`);
}

function idleRssMb(app: App): number {
  try {
    const status = readFileSync(`/proc/${app.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Bare Bolt sending the message pmo-guide answers `/pmo cert pmp` with (bench/bare-bolt.ts BARE_BOLT_REPLY). */
async function startSameReplyBolt(ours: App, apiUrl: string, fakeUrl: string): Promise<App> {
  const request = slash(`${fakeUrl}/response/1`);
  const signedRequest = request.setupRequest?.(request) ?? request;
  const res = await fetch(`${ours.url}${signedRequest.path}`, {
    method: 'POST',
    headers: signedRequest.headers,
    body: signedRequest.body ?? null,
  });
  const { text, blocks } = (await res.json()) as { text: string; blocks: unknown[] };
  const file = join(mkdtempSync(join(tmpdir(), 'pmo-side-reply-')), 'reply.json');
  writeFileSync(file, JSON.stringify({ text, blocks }));
  const env = { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, BARE_BOLT_REPLY: file };
  return startApp('bare Bolt, same reply', 'dist/bench/bare-bolt.js', env);
}

/** Every app's RSS after `seconds` more of idling, and ours over the larger bare framework's. */
async function idleRss(apps: readonly App[], seconds: number): Promise<string> {
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const mb = apps.map(idleRssMb);
  const [ours = Number.NaN, ...bare] = mb;
  const each = apps.map((a, i) => `${a.name} ${mb[i]?.toFixed(0)} MB`).join(', ');
  return `${each}; pmo-guide / the larger bare framework: ${(ours / Math.max(...bare)).toFixed(2)}×`;
}

function signed(body: string, contentType: string): Pick<CannonRequest, 'body' | 'headers'> {
  return { body, headers: { 'content-type': contentType, ...slackSignatureHeaders(SECRET, body) } };
}

let sequence = 0;

export function slash(responseUrl: string): CannonRequest {
  return {
    method: 'POST',
    path: '/slack/events',
    setupRequest: (request) => {
      sequence += 1;
      const body = new URLSearchParams({
        ...{ team_id: 'T0FAKE', channel_id: 'C0FAKE', user_id: 'U0USER', command: '/pmo', text: 'cert pmp' },
        ...{ api_app_id: 'A0APP', response_url: responseUrl, trigger_id: `${sequence}.side` },
      }).toString();
      return { ...request, ...signed(body, 'application/x-www-form-urlencoded') };
    },
  };
}

export function mention(): CannonRequest {
  return {
    method: 'POST',
    path: '/slack/events',
    setupRequest: (request) => {
      sequence += 1;
      const ts = `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
      const event = {
        type: 'app_mention',
        user: 'U0USER',
        text: '<@U0BOT> what is a PMO?',
        ts,
        channel: 'C0FAKE',
        event_ts: ts,
      };
      const body = JSON.stringify({
        ...{ token: 'legacy', team_id: 'T0FAKE', api_app_id: 'A0APP', type: 'event_callback', event },
        ...{ event_id: `Ev${sequence}${randomUUID().slice(0, 8)}`, event_time: Math.floor(Date.now() / 1000) },
        authorizations: [{ team_id: 'T0FAKE', user_id: 'U0BOT', is_bot: true }],
      });
      return { ...request, ...signed(body, 'application/json') };
    },
  };
}

export function teams(serviceUrl: string): CannonRequest {
  return {
    method: 'POST',
    path: '/api/messages',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request) => ({
      ...request,
      body: JSON.stringify(teamsMessageActivity({ serviceUrl, text: 'What does a PMO do?', id: randomUUID() })),
    }),
  };
}

export interface Best {
  rps: number;
  p99: number;
  failed: number;
  /** The server's CPU time (all its threads) per request, in µs; NaN where /proc is missing. */
  cpuMicros: number;
}

/** User plus system CPU time of a process so far, in µs (Linux /proc; clock ticks of 10 ms). */
function cpuMicrosOf(app: App): number {
  try {
    const stat = readFileSync(`/proc/${app.child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return Number.NaN;
  }
}

export async function fire(app: App, request: CannonRequest, seconds = SECONDS): Promise<Best> {
  const cpuBefore = cpuMicrosOf(app);
  const r = await autocannon({
    url: app.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [request],
    timeout: 10,
  });
  const cpuMicros = (cpuMicrosOf(app) - cpuBefore) / r.requests.total;
  return {
    rps: r.requests.total / r.duration,
    p99: r.latency.p99,
    failed: r.errors + r.timeouts + r.non2xx,
    cpuMicros,
  };
}

/**
 * Best of the rounds. CPU per request is the steadier figure on a shared box:
 * another user's load lowers throughput and raises p99, but hardly changes
 * how much CPU the server spends on one request.
 */
export const better = (a: Best, b: Best): Best => ({
  rps: Math.max(a.rps, b.rps),
  p99: Math.min(a.p99, b.p99),
  failed: a.failed + b.failed,
  cpuMicros: Number.isNaN(a.cpuMicros) ? b.cpuMicros : Math.min(a.cpuMicros, b.cpuMicros),
});
/** No round yet: every real round is better. */
export const NONE: Best = { rps: 0, p99: Number.POSITIVE_INFINITY, failed: 0, cpuMicros: Number.NaN };

interface Scenario {
  name: string;
  reference: App;
  request: CannonRequest;
}

async function compare(ours: App, scenarios: readonly Scenario[]): Promise<string[]> {
  const results = scenarios.map(() => ({ ours: NONE, reference: NONE }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, { reference, request }] of scenarios.entries()) {
      const slot = results[i] ?? { ours: NONE, reference: NONE };
      slot.ours = better(slot.ours, await fire(ours, request));
      slot.reference = better(slot.reference, await fire(reference, request));
      results[i] = slot;
    }
  }
  return scenarios.map(({ name, reference }, i) => {
    const { ours: o, reference: r } = results[i] ?? { ours: NONE, reference: NONE };
    const failed =
      o.failed + r.failed > 0 ? ` (failed requests: pmo-guide ${o.failed}, ${reference.name} ${r.failed})` : '';
    const cpu = (b: Best) => `${b.cpuMicros.toFixed(0)} µs CPU/req`;
    return (
      `| ${name} | ${o.rps.toFixed(0)} req/s, p99 ${o.p99} ms, ${cpu(o)} | ` +
      `${reference.name}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms, ${cpu(r)} | ` +
      `${(o.rps / r.rps).toFixed(2)}× | ${(o.p99 / r.p99).toFixed(2)}× | ${(r.cpuMicros / o.cpuMicros).toFixed(2)}× |${failed}`
    );
  });
}

/** The side-by-side table, as markdown; every process it started is stopped before it returns. */
export async function loadSideBySide(): Promise<string> {
  const [slackApi, connector] = await Promise.all([startFakeSlackApi(), startFakeConnector()]);
  const apps: App[] = [];
  try {
    const ours = await startApp('pmo-guide', 'dist/adapters/server/main.js', serverEnv(slackApi.apiUrl));
    apps.push(ours);
    const env = { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApi.apiUrl };
    const bolt = await startApp('bare Bolt', 'dist/bench/bare-bolt.js', env);
    apps.push(bolt);
    const botbuilder = await startApp('bare botbuilder', 'dist/bench/bare-botbuilder.js', {});
    apps.push(botbuilder);
    const early = await idleRss(apps, 2);
    const settled = await idleRss(apps, SETTLE_SECONDS - 2);
    const scenarios: Scenario[] = [
      { name: 'Slack `/pmo cert pmp`', reference: bolt, request: slash(`${slackApi.url}/response/1`) },
      { name: 'Slack app_mention', reference: bolt, request: mention() },
      { name: 'Teams message', reference: botbuilder, request: teams(connector.url) },
    ];
    if (SAME_REPLY) {
      const same = await startSameReplyBolt(ours, slackApi.apiUrl, slackApi.url);
      apps.push(same);
      scenarios.push(
        { name: 'Slack `/pmo cert pmp`, same reply', reference: same, request: slash(`${slackApi.url}/response/1`) },
        { name: 'Slack app_mention, same reply', reference: same, request: mention() },
      );
    }
    const rows = await compare(ours, scenarios);
    return [
      `Side by side (${CONNECTIONS} connections, ${SECONDS} s runs, interleaved, best of ${ROUNDS}; throughput ratio > 1, p99 ratio < 1 and CPU ratio > 1 favour pmo-guide; the CPU ratio is the reference's CPU per request over pmo-guide's):`,
      '',
      '| scenario | pmo-guide | reference | throughput ratio | p99 ratio | CPU ratio |',
      '|---|---|---|---:|---:|---:|',
      ...rows,
      '',
      `idle RSS 2 s after start-up: ${early}`,
      '',
      `idle RSS ${SETTLE_SECONDS} s after start-up: ${settled}`,
      '',
    ].join('\n');
  } finally {
    for (const app of apps) app.child.kill('SIGTERM');
    await Promise.all([slackApi.close(), connector.close()]);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${await loadSideBySide()}\n`);
}
