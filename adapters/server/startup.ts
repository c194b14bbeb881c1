import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Config } from '../../src/index.js';
import { ConfigError, KnowledgeError, PmoGuideError } from '../../src/index.js';

/**
 * sysexits' EX_CONFIG. A start that failed on its configuration fails the
 * same way every time, so a supervisor should not retry it: systemd's
 * `RestartPreventExitStatus=78` (docs/deploy.md) stops the restart loop.
 * Everything else that stops the start (a port still held by the previous
 * instance) exits 1 and may well succeed when retried.
 */
export const EXIT_CONFIG = 78;
export const EXIT_FAILURE = 1;

export interface StartProblem {
  /** One line for stderr, naming the variable to fix. */
  line: string;
  exitCode: typeof EXIT_CONFIG | typeof EXIT_FAILURE;
}

/** HOST must resolve before anything is opened; listen() would find out only after the store and platforms. */
export async function checkHost(host: string): Promise<void> {
  if (isIP(host)) return;
  try {
    await lookup(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'lookup failed';
    throw new ConfigError('HOST', `"${host}" does not resolve to an address (${code})`);
  }
}

type ListenError = NodeJS.ErrnoException & { port?: number; address?: string };

function portName(port: number | undefined, config: Config | undefined): string {
  return config?.healthPort !== undefined && port === config.healthPort && port !== config.port
    ? 'HEALTH_PORT'
    : 'PORT';
}

/** Socket errors of listen(), which name neither the variable nor what to do. */
function listenProblem(error: ListenError, config: Config | undefined): StartProblem | undefined {
  const port = `${portName(error.port, config)}: ${error.port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return { line: `${port} is already in use by another process`, exitCode: EXIT_FAILURE };
    case 'EACCES':
      return { line: `${port} needs privileges this user does not have (use 1024 or above)`, exitCode: EXIT_CONFIG };
    case 'EADDRNOTAVAIL':
      return { line: `HOST: "${error.address}" is not an address of this machine`, exitCode: EXIT_CONFIG };
    default:
      return undefined;
  }
}

/** What to print and which code to exit with, or undefined for a bug (the caller keeps its stack trace). */
export function startProblem(error: unknown, config?: Config): StartProblem | undefined {
  if (error instanceof ConfigError || error instanceof KnowledgeError) {
    return { line: error.message, exitCode: EXIT_CONFIG };
  }
  if (error instanceof PmoGuideError) return { line: error.message, exitCode: EXIT_FAILURE };
  return error instanceof Error ? listenProblem(error, config) : undefined;
}
