import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import type { RuntimeConfig } from './config.js';
import { ConfigError } from './errors.js';

/**
 * DATA_DIR must be a folder this user can write, checked before the store
 * opens: the store retries a failed open forever (a database may come back),
 * but a file where the folder should be never will. Creating the folder here
 * is what opening the SQLite store would do a moment later anyway.
 */
export function checkDataDir({ dataDir, databaseUrl }: Pick<RuntimeConfig, 'dataDir' | 'databaseUrl'>): void {
  if (databaseUrl || dataDir === ':memory:') return;
  const found = statSync(dataDir, { throwIfNoEntry: false });
  if (found && !found.isDirectory()) throw new ConfigError('DATA_DIR', `"${dataDir}" is a file, not a folder`);
  try {
    if (!found) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ConfigError('DATA_DIR', `"${dataDir}" is not a folder this user can write (${code})`);
  }
}
