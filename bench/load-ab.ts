/**
 * Two builds of the server side by side, with the bare frameworks as the
 * yardstick: this checkout's dist against another checkout's (a build of
 * main in a second worktree), under load-side-by-side's requests and fakes.
 * Every contender is warmed up first (Teams keeps getting faster for some
 * seconds: botbuilder loads on the first activity, then JIT), then rounds
 * alternate their order; best of N per contender, as ratios.
 *
 *   node dist/bench/load-ab.js <other checkout> [rounds=7] [slash,mention,teams]
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type App,
  type Best,
  better,
  type CannonRequest,
  fire,
  mention,
  NONE,
  SECRET,
  serverEnv,
  slash,
  startApp,
  teams,
} from './load-side-by-side.js';
import { startFakeConnector } from './support/fakes/bot-connector.js';
import { startFakeSlackApi } from './support/fakes/slack-api.js';

const WARM_UP_SECONDS = 5;
type Scenario = 'slash' | 'mention' | 'teams';

const row = (name: string, r: Best | undefined) =>
  r
    ? `${name}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms, ${r.cpuMicros.toFixed(0)} µs CPU/req, failed ${r.failed}`
    : '';

interface Contenders {
  other: App;
  self: App;
  bolt: App;
  botbuilder: App;
}

async function startContenders(other: string, apiUrl: string): Promise<Contenders> {
  const started: App[] = [];
  const start = async (...args: Parameters<typeof startApp>) => {
    const app = await startApp(...args);
    started.push(app);
    return app;
  };
  try {
    return {
      other: await start('other', join(resolve(other), 'dist/adapters/server/main.js'), serverEnv(apiUrl)),
      self: await start('this', 'dist/adapters/server/main.js', serverEnv(apiUrl)),
      bolt: await start('bare Bolt', 'dist/bench/bare-bolt.js', {
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: apiUrl,
      }),
      botbuilder: await start('bare botbuilder', 'dist/bench/bare-botbuilder.js', {}),
    };
  } catch (error) {
    for (const app of started) app.child.kill('SIGTERM');
    throw error;
  }
}

/** Warm-up, then `rounds` rounds in alternating order: the best of each contender per scenario. */
async function measure(
  lineUp: (s: Scenario) => App[],
  requests: Record<Scenario, CannonRequest>,
  scenarios: readonly Scenario[],
  rounds: number,
): Promise<Map<string, Best>> {
  for (const s of scenarios) for (const app of lineUp(s)) await fire(app, requests[s], WARM_UP_SECONDS);
  const results = new Map<string, Best>();
  for (let round = 0; round < rounds; round++) {
    for (const s of scenarios) {
      const order = round % 2 === 0 ? lineUp(s) : lineUp(s).reverse();
      for (const app of order) {
        const key = `${s} ${app.name}`;
        results.set(key, better(results.get(key) ?? NONE, await fire(app, requests[s])));
      }
    }
  }
  return results;
}

function report(scenario: Scenario, [other, self, reference]: App[], results: Map<string, Best>): string {
  const [o, t, ref] = [other, self, reference].map((app) => results.get(`${scenario} ${app?.name}`));
  if (!o || !t || !ref || !reference) return '';
  const ratios = (r: Best) =>
    `throughput ${(r.rps / ref.rps).toFixed(2)}×, p99 ${(r.p99 / ref.p99).toFixed(2)}×, CPU ${(ref.cpuMicros / r.cpuMicros).toFixed(2)}×`;
  return [
    `${scenario}: ${row('this', t)} | ${row('other', o)} | ${row(reference.name, ref)}`,
    `  this / ${reference.name}: ${ratios(t)}`,
    `  other / ${reference.name}: ${ratios(o)}`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const [other, rounds = '7', list = 'slash,mention,teams'] = process.argv.slice(2);
  if (!other) throw new Error('usage: load-ab.js <other checkout> [rounds] [slash,mention,teams]');
  const scenarios = list.split(',') as Scenario[];
  const [api, connector] = await Promise.all([startFakeSlackApi(), startFakeConnector()]);
  try {
    const c = await startContenders(other, api.apiUrl);
    const lineUp = (s: Scenario) => [c.other, c.self, s === 'teams' ? c.botbuilder : c.bolt];
    const requests = { slash: slash(`${api.url}/response/1`), mention: mention(), teams: teams(connector.url) };
    try {
      const results = await measure(lineUp, requests, scenarios, Number(rounds));
      process.stdout.write(`${scenarios.map((s) => report(s, lineUp(s), results)).join('\n')}\n`);
    } finally {
      for (const app of Object.values(c)) app.child.kill('SIGTERM');
    }
  } finally {
    await Promise.all([api.close(), connector.close()]);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
