/**
 * `npm run load -- --soak`: does the server's memory grow under long load?
 * The whole server runs in this process on 127.0.0.1; a worker thread drives
 * it with signed Slack slash commands, app_mentions and Teams messages
 * (replies to loopback fakes) for SOAK_SECONDS (default 300), in intervals of
 * SOAK_INTERVAL_SECONDS (default 30). After each interval the main thread's
 * heap is measured after a forced full GC, so only what is still reachable
 * counts. Bounded caches fill up first, so the verdict compares the last
 * intervals with the middle ones, not the start. The duplicate-delivery
 * memory remembers keys for 10 seconds here instead of 15 minutes (bounded
 * at 100,000 keys either way), so its size follows the request rate of the
 * last seconds rather than the whole run; it is printed with each sample.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread, type MessagePort, parentPort, Worker, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { createServer } from '../adapters/server/server.js';
import { createLogger, DeliveryGuard, loadConfig } from '../src/index.js';
import { type CannonRequest, mention, SECRET, slash, teams } from './load-side-by-side.js';
import { startFakeConnector } from './support/fakes/bot-connector.js';
import { startFakeSlackApi } from './support/fakes/slack-api.js';

const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const INTERVAL_SECONDS = Number(process.env.SOAK_INTERVAL_SECONDS ?? 30);
const CONNECTIONS = 10;
const SOAK_DELIVERY_WINDOW_MS = 10_000;
/** Heap after GC may wander this much (MB) between samples without counting as growth. */
const NOISE_MB = 2;

interface CannonResult {
  requests: { total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface Autocannon {
  // Off the main thread autocannon resolves with raw histograms; aggregateResult turns them into figures.
  (options: object): Promise<unknown>;
  aggregateResult(results: unknown[], options: object): CannonResult;
}

interface Sample {
  seconds: number;
  requests: number;
  failed: number;
  heapMb: number;
  /** Buffers and other memory outside the heap that the server's objects hold. */
  externalMb: number;
  /** The whole process, the load generator's thread included. */
  rssMb: number;
}

/** The load generator and the fakes, on their own thread so their allocations are not the server's heap. */
async function outsideWorld(port: MessagePort): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const [slackApi, connector] = await Promise.all([startFakeSlackApi(), startFakeConnector()]);
  port.postMessage({ slackApiUrl: slackApi.apiUrl });
  const url = await new Promise<string>((resolve) => port.once('message', resolve));
  const requests: CannonRequest[] = [slash(`${slackApi.url}/response/1`), mention(), teams(connector.url)];
  port.on('message', async (seconds: number) => {
    if (seconds <= 0) {
      await Promise.all([slackApi.close(), connector.close()]);
      port.close();
      return;
    }
    const options = { url, connections: CONNECTIONS, duration: seconds, requests, timeout: 10 };
    const r = autocannon.aggregateResult([await autocannon(options)], options);
    port.postMessage({ requests: r.requests.total, failed: r.non2xx + r.errors + r.timeouts });
  });
}

/** A full GC on demand, without asking whoever runs the bench for --expose-gc. */
function fullGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function measure(gc: () => void, seconds: number, requests: number, failed: number): Sample {
  gc();
  gc();
  const { heapUsed, external, rss } = process.memoryUsage();
  return {
    seconds,
    requests,
    failed,
    heapMb: heapUsed / 2 ** 20,
    externalMb: external / 2 ** 20,
    rssMb: rss / 2 ** 20,
  };
}

/** Growth between the middle third and the last third of the samples (the first third fills caches). */
export function verdict(samples: readonly Sample[]): string {
  const third = Math.max(1, Math.floor(samples.length / 3));
  const mean = (xs: readonly Sample[]) => xs.reduce((sum, s) => sum + s.heapMb, 0) / Math.max(1, xs.length);
  const middle = mean(samples.slice(third, 2 * third));
  const last = mean(samples.slice(-third));
  const growth = last - middle;
  const word = growth > NOISE_MB ? 'GROWS' : 'flat';
  return `heap after GC, middle third ${middle.toFixed(1)} MB → last third ${last.toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB): ${word}`;
}

async function startServer(slackApiUrl: string) {
  const config = loadConfig({
    ...{ PORT: '0', HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'pmo-soak-')) },
    ...{ SLACK_BOT_TOKEN: 'xoxb-soak', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApiUrl },
    // Measuring memory, not shedding.
    ...{ OVERLOAD_MAX_LAG_MS: '60000', OVERLOAD_MAX_IN_FLIGHT: '100000' },
  });
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: false }));
  const deliveries = new DeliveryGuard({ windowMs: SOAK_DELIVERY_WINDOW_MS });
  const server = await createServer({ config, logger, deliveries });
  const { url } = await server.listen(0, '127.0.0.1');
  return { server, url, deliveries };
}

export async function soak(): Promise<void> {
  const world = new Worker(new URL(import.meta.url), { workerData: 'soak-world' });
  const next = <T>() => new Promise<T>((resolve) => world.once('message', resolve));
  const { slackApiUrl } = await next<{ slackApiUrl: string }>();
  const { server, url, deliveries } = await startServer(slackApiUrl);
  const gc = fullGc();
  process.stdout.write(
    `soak: ${SOAK_SECONDS} s, ${CONNECTIONS} connections, slash + app_mention + Teams, heap after GC every ${INTERVAL_SECONDS} s\n`,
  );
  try {
    world.postMessage(url);
    const samples: Sample[] = [measure(gc, 0, 0, 0)];
    for (let elapsed = INTERVAL_SECONDS; elapsed <= SOAK_SECONDS; elapsed += INTERVAL_SECONDS) {
      world.postMessage(INTERVAL_SECONDS);
      const { requests, failed } = await next<{ requests: number; failed: number }>();
      const sample = measure(gc, elapsed, requests, failed);
      samples.push(sample);
      process.stdout.write(
        `${String(elapsed).padStart(5)} s  ${String(requests).padStart(7)} requests (${failed} failed)  ` +
          `heap after GC ${sample.heapMb.toFixed(1)} MB  external ${sample.externalMb.toFixed(1)} MB  ` +
          `rss (with the load generator) ${sample.rssMb.toFixed(0)} MB  delivery keys ${deliveries.size}\n`,
      );
    }
    process.stdout.write(`${verdict(samples.slice(1))}\n`);
  } finally {
    world.postMessage(0);
    await server.close();
  }
}

if (!isMainThread && workerData === 'soak-world' && parentPort) void outsideWorld(parentPort);
