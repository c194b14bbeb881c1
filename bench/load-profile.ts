/**
 * Where a server spends its CPU under `npm run load`'s requests: starts the
 * built server (or bare Bolt / bare botbuilder) with `node --cpu-prof`, drives
 * it with autocannon with the same signed requests and loopback fakes as
 * bench/load-side-by-side.ts, stops it, and prints the time by module (self
 * and inclusive, as shares of the profile) and the costliest functions.
 *
 *   node dist/bench/load-profile.js <slash|mention|teams> <ours|bolt|botbuilder> [seconds]
 *
 * The .cpuprofile is kept (its path is printed) for a closer look in DevTools.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type App,
  type CannonRequest,
  fire,
  mention,
  SECRET,
  serverEnv,
  slash,
  startApp,
  teams,
} from './load-side-by-side.js';
import { type CpuProfile, shareTable } from './support/cpu-profile.js';
import { startFakeConnector } from './support/fakes/bot-connector.js';
import { startFakeSlackApi } from './support/fakes/slack-api.js';

/** A call frame's module: the npm package, our folder (adapters/slack, src/store …), or Node's own part. */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (npm?.[1]) return npm[1];
  const ours = /\/dist\/((?:adapters|src)\/[^/]+|bench)/.exec(url);
  if (ours?.[1]) return ours[1].replace(/\.js$/, '');
  if (url.startsWith('node:')) {
    const part =
      url
        .slice(5)
        .replace(/^internal\//, '')
        .split('/')[0] ?? '';
    return `node ${part.replace(/\.js$/, '').replace(/^_http_.*/, 'http')}`;
  }
  return url;
}

interface Shares {
  self: Map<string, number>;
  inclusive: Map<string, number>;
  functions: Map<string, number>;
  total: number;
}

const add = (map: Map<string, number>, key: string, by: number): void => {
  map.set(key, (map.get(key) ?? 0) + by);
};

/** Microseconds on the monotonic clock V8 stamps its samples with (CLOCK_MONOTONIC on Linux, like hrtime). */
const nowMicros = (): number => Number(process.hrtime.bigint() / 1000n);

/** Only the samples taken within `window` (start-up and shutdown are not what is measured). */
export function summarise(profile: CpuProfile, window: { from: number; to: number }): Shares {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const shares: Shares = { self: new Map(), inclusive: new Map(), functions: new Map(), total: 0 };
  let at = profile.startTime;
  profile.samples.forEach((leaf, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    at += profile.timeDeltas[i] ?? 0;
    const node = byId.get(leaf);
    if (at < window.from || at > window.to || !node || node.callFrame.functionName === '(idle)') return;
    shares.total += ms;
    const { url, functionName, lineNumber } = node.callFrame;
    add(shares.self, moduleOf(url, functionName), ms);
    add(
      shares.functions,
      `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}`,
      ms,
    );
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (frame) seen.add(moduleOf(frame.url, frame.functionName));
    }
    for (const name of seen) add(shares.inclusive, name, ms);
  });
  return shares;
}

async function startTarget(target: string, slackApiUrl: string, dir: string): Promise<App> {
  const prof = ['--cpu-prof', `--cpu-prof-dir=${dir}`];
  // The bare apps keep no SIGTERM handler; exiting through one lets V8 write the profile.
  const exitOnTerm = ['--import', 'data:text/javascript,process.on("SIGTERM",()=>process.exit(0))'];
  if (target === 'ours') return startApp('pmo-guide', 'dist/adapters/server/main.js', serverEnv(slackApiUrl), prof);
  const env = { SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApiUrl };
  if (target === 'bolt') return startApp('bare Bolt', 'dist/bench/bare-bolt.js', env, [...prof, ...exitOnTerm]);
  return startApp('bare botbuilder', 'dist/bench/bare-botbuilder.js', {}, [...prof, ...exitOnTerm]);
}

async function main(): Promise<void> {
  const [scenario = 'slash', target = 'ours', seconds = '10'] = process.argv.slice(2);
  const [slackApi, connector] = await Promise.all([startFakeSlackApi(), startFakeConnector()]);
  const dir = mkdtempSync(join(tmpdir(), 'pmo-prof-'));
  const app = await startTarget(target, slackApi.apiUrl, dir);
  const requests: Record<string, CannonRequest> = {
    slash: slash(`${slackApi.url}/response/1`),
    mention: mention(),
    teams: teams(connector.url),
  };
  const window = { from: nowMicros(), to: 0 };
  let served = 0;
  try {
    const result = await fire(app, requests[scenario] ?? slash(`${slackApi.url}/response/1`), Number(seconds));
    window.to = nowMicros();
    served = result.rps * Number(seconds);
    process.stdout.write(`${app.name}, ${scenario}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99} ms\n`);
  } finally {
    const exited = new Promise((resolve) => app.child.once('exit', resolve));
    app.child.kill('SIGTERM');
    await exited;
    await Promise.all([slackApi.close(), connector.close()]);
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`load-profile: no profile written in ${dir}`);
  const shares = summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, window);
  const perRequest = ((1000 * shares.total) / served).toFixed(0);
  const lines = [
    `profile: ${join(dir, file)} (${shares.total.toFixed(0)} ms busy under load, ${perRequest} µs a request)`,
    ...shareTable('self, by module', shares.self, shares.total, 25),
    ...shareTable('inclusive, by module', shares.inclusive, shares.total, 30),
    ...shareTable('self, by function', shares.functions, shares.total, 40),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
