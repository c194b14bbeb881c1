import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from '../helpers/cli.js';

/**
 * The tooling around the tests, as a newcomer and CI meet it (issue 11):
 * `.ci/pg-start.sh` as `.ci/run` uses it, Biome's configuration, and
 * `npm run load`'s exit code.
 */

function hasPostgres(): boolean {
  const debian = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').length > 0;
  return debian || spawnSync('sh', ['-c', 'command -v pg_ctl && command -v initdb']).status === 0;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// PMO_PG_FRESH=1, a free port, a fresh folder. Needs PostgreSQL's server binaries, as CI has them.
describe.skipIf(!hasPostgres())('.ci/pg-start.sh as .ci/run uses it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmo-ci-pg-test-'));
  const other = mkdtempSync(join(tmpdir(), 'pmo-ci-pg-other-'));
  let env: NodeJS.ProcessEnv = {};
  const script = (...args: string[]) =>
    spawnSync('bash', [join(root, '.ci/pg-start.sh'), ...args], { cwd: root, encoding: 'utf8', env });

  afterAll(() => {
    script('stop');
    for (const d of [dir, other]) rmSync(d, { recursive: true, force: true });
  });

  it('starts its own server, refuses to reuse one it did not start, and stop frees the port', async () => {
    const port = await freePort();
    env = { ...process.env, PMO_PG_PORT: String(port), PMO_PG_DIR: dir, PMO_PG_FRESH: '1' };
    const first = script();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toBe(`export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:${port}/pmo_guide_test\n`);

    // A second fresh start finds a server answering there: not its own, so it refuses.
    const again = spawnSync('bash', [join(root, '.ci/pg-start.sh')], {
      encoding: 'utf8',
      env: { ...env, PMO_PG_DIR: other },
    });
    expect(again.status).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain(`did not start already answers on 127.0.0.1:${port}`);

    expect(await answers(port)).toBe(true);
    execFileSync('bash', [join(root, '.ci/pg-start.sh'), 'stop'], { env, stdio: 'ignore' });
    expect(await answers(port)).toBe(false);
  });
});

describe('npm test', () => {
  it('Biome reads its configuration without a deprecation notice', () => {
    const run = spawnSync(
      process.execPath,
      [join(root, 'node_modules/@biomejs/biome/bin/biome'), 'check', 'biome.json'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/deprecated/i);
    expect(run.status).toBe(0);
  });
});

describe('npm run load', () => {
  // Short and small: this checks the exit code, not the figures.
  const env = { ...process.env, LOAD_SECONDS: '1', OVERLOAD_SECONDS: '1', OVERLOAD_CONNECTIONS: '20' };
  const load = () =>
    spawnSync(process.execPath, [join(root, 'dist/bench/load.js')], { cwd: root, encoding: 'utf8', env });

  it('exits 0 when it ran, whatever the figures: it reports targets, it is not a test', () => {
    const run = load();
    expect(run.stdout).toMatch(/targets \(.*\): (met|NOT met)\n/);
    expect(run.status).toBe(0);
  }, 120_000);
});
