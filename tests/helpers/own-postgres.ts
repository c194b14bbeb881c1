import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { closedPort, inCI } from './postgres.js';

/**
 * A PostgreSQL server owned by one test file, started with .ci/pg-start.sh on
 * its own port and folder, for tests that stop, restart or freeze the
 * database: the shared instance behind TEST_DATABASE_URL is never touched.
 */

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../.ci/pg-start.sh', import.meta.url));

/** pg-start.sh's own search: PATH, then Debian's versioned folders. */
function hasBinaries(): boolean {
  const onPath = (process.env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, 'pg_ctl')));
  const debian = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'pg_ctl')))
    : false;
  return onPath || debian;
}

/**
 * Whether these tests run. In CI they always do: pg-start.sh installs
 * PostgreSQL there if needed, and a failure to start fails the suite.
 */
export const ownPostgresAvailable = inCI || hasBinaries();

export interface OwnPostgres {
  url: string;
  /** Fast shutdown, as an operator's restart does: open connections get 57P01. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP to the postmaster and every backend: connections stay open, nothing answers. */
  freeze(): void;
  /** Undoes freeze(); safe to call when not frozen. */
  thaw(): void;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
}

export async function startOwnPostgres(name: string): Promise<OwnPostgres> {
  const port = await closedPort();
  // Not under a mkdtemp folder: as root, pg-start.sh runs the server as `postgres`, which must reach it.
  const dir = `/tmp/pmo-guide-pg-${name}-${process.pid}-${port}`;
  const env = { ...process.env, PMO_PG_PORT: String(port), PMO_PG_DIR: dir };
  const pgStart = async (...args: string[]) => (await run('bash', [script, ...args], { env })).stdout;
  const out = await pgStart();
  const url = /TEST_DATABASE_URL=(\S+)/.exec(out)?.[1];
  if (!url) throw new Error(`pg-start.sh printed no TEST_DATABASE_URL:\n${out}`);
  const pids = () => serverPids(join(dir, 'data', 'postmaster.pid'));
  const signal = (sig: NodeJS.Signals) => {
    for (const pid of pids()) {
      try {
        process.kill(pid, sig);
      } catch {
        // The backend exited between listing and signalling: nothing left to stop or wake.
      }
    }
  };
  return {
    url,
    stop: async () => void (await pgStart('stop')),
    start: async () => void (await pgStart()),
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    async destroy() {
      signal('SIGCONT');
      await pgStart('stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The postmaster first (so it forks no new backend meanwhile), then its children. */
function serverPids(pidFile: string): number[] {
  if (!existsSync(pidFile)) return [];
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!postmaster) return [];
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => parentOf(pid) === postmaster)
    .map(Number);
  return [postmaster, ...children];
}

function parentOf(pid: string): number | undefined {
  try {
    // /proc/PID/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined; // exited meanwhile
  }
}
