import { get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * The overload scenario of `npm run load`: far more connections than two
 * cores can serve, sending Slack and Teams requests, while separate threads
 * probe GET /healthz the way a liveness probe would (a fresh connection
 * every PROBE_EVERY_MS), on the main port and on HEALTH_PORT. It reports
 * how the server sheds (503s), how fast /healthz stayed on each port, and
 * that the server still answers afterwards.
 */

export const OVERLOAD_CONNECTIONS = Number(process.env.OVERLOAD_CONNECTIONS ?? 1500);
export const OVERLOAD_SECONDS = Number(process.env.OVERLOAD_SECONDS ?? 10);
const PROBE_EVERY_MS = 100;
/** Kubernetes' default probe timeout is 1 s: a probe slower than this would count as a failure there. */
export const PROBE_TIMEOUT_MS = 1000;

/** What the load generator saw during the overload run. */
export interface OverloadCounts {
  total: number;
  status2xx: number;
  status503: number;
  /** Any other non-2xx status: a 500 here would be a bug. */
  other: Record<string, number>;
  errors: number;
  timeouts: number;
}

export interface ProbeResult {
  /** Latency of each answered probe, in ms. */
  latencies: number[];
  /** Probes with no 200 answer (refused, reset, or not answered at all). */
  failures: number;
}

export function countStatuses(stats: Record<string, { count: number }>, errors: number, timeouts: number) {
  const counts: OverloadCounts = { total: 0, status2xx: 0, status503: 0, other: {}, errors, timeouts };
  for (const [code, { count }] of Object.entries(stats)) {
    counts.total += Number(count);
    if (code.startsWith('2')) counts.status2xx += Number(count);
    else if (code === '503') counts.status503 += Number(count);
    else counts.other[code] = Number(count);
  }
  return counts;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function probeLine(name: string, probe: ProbeResult): string {
  const sorted = [...probe.latencies].sort((a, b) => a - b);
  return (
    `${name}: ${probe.latencies.length} probes  p50 ${percentile(sorted, 50).toFixed(1)} ms  ` +
    `p99 ${percentile(sorted, 99).toFixed(1)} ms  max ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms  ` +
    `failed ${probe.failures}\n`
  );
}

function withinTimeout(probe: ProbeResult): boolean {
  return probe.failures === 0 && probe.latencies.every((ms) => ms < PROBE_TIMEOUT_MS);
}

export interface Probes {
  /** GET /healthz on the port the platforms use. */
  main: ProbeResult;
  /** GET /healthz on HEALTH_PORT, which only probes connect to. */
  healthPort: ProbeResult;
}

/**
 * Prints the scenario's figures. True when the server stayed alive, refused
 * nothing but 503s, and every probe on HEALTH_PORT was answered within a
 * probe timeout. The main port's probes are reported, not judged: their new
 * connections queue behind the flood's (see adapters/server/health.ts).
 */
export function reportOverload(counts: OverloadCounts, probes: Probes, aliveAfter: boolean): boolean {
  const others = Object.entries(counts.other).map(([code, n]) => `${code}: ${n}`);
  const out = process.stdout;
  out.write(
    `overload ${OVERLOAD_CONNECTIONS} connections, ${OVERLOAD_SECONDS} s: requests ${counts.total}  ` +
      `2xx ${counts.status2xx}  503 ${counts.status503}  other ${others.length ? others.join(', ') : 0}  ` +
      `errors ${counts.errors}  timeouts ${counts.timeouts}\n`,
  );
  out.write(probeLine('/healthz on PORT during overload       ', probes.main));
  out.write(probeLine('/healthz on HEALTH_PORT during overload', probes.healthPort));
  out.write(`server alive afterwards: ${aliveAfter ? 'yes' : 'NO'}\n`);
  const met = aliveAfter && withinTimeout(probes.healthPort) && others.length === 0;
  out.write(
    `overload targets (HEALTH_PORT probes answered within ${PROBE_TIMEOUT_MS} ms, only 503s refused, alive): ${met ? 'met' : 'NOT met'}\n`,
  );
  return met;
}

/** One liveness-style probe on a fresh connection: its latency, or undefined when it failed. */
function probeOnce(url: string): Promise<number | undefined> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = get(`${url}/healthz`, { agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - started : undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

async function probeLoop(url: string): Promise<void> {
  const result: ProbeResult = { latencies: [], failures: 0 };
  let stopped = false;
  parentPort?.once('message', () => {
    stopped = true;
  });
  while (!stopped) {
    const ms = await probeOnce(url);
    if (ms === undefined) result.failures += 1;
    else result.latencies.push(ms);
    await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
  }
  parentPort?.postMessage(result);
}

/** Starts probing `url`/healthz on its own thread; stop() ends it and returns what it measured. */
export function startHealthProbe(url: string): { stop(): Promise<ProbeResult> } {
  const worker = new Worker(new URL(import.meta.url), { workerData: { probe: url } });
  return {
    async stop() {
      const result = new Promise<ProbeResult>((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      const measured = await result;
      await worker.terminate();
      return measured;
    },
  };
}

const probeUrl = (workerData as { probe?: unknown } | null)?.probe;
if (!isMainThread && typeof probeUrl === 'string') void probeLoop(probeUrl);
