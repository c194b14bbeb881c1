import { createServer } from 'node:net';
import { describe, it } from 'vitest';

/** Where the PostgreSQL tests run (`source <(bash .ci/pg-start.sh)` sets it); they are skipped without it. */
export const pgUrl = process.env.TEST_DATABASE_URL?.trim();

export const inCI = !!process.env.CI && !['0', 'false'].includes(process.env.CI.toLowerCase());

/**
 * In CI a missing TEST_DATABASE_URL fails the suite `name` instead of quietly
 * skipping it. Outside CI the check passes and the PostgreSQL suites report
 * themselves as skipped.
 */
export function requirePostgresInCI(name: string): void {
  describe(name, () => {
    it('has a PostgreSQL to test against when running in CI', () => {
      if (inCI && !pgUrl) throw new Error('TEST_DATABASE_URL must be set in CI');
    });
  });
}

/** A loopback port with nothing listening on it, for a database URL nobody answers. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
