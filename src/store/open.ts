import { StoreError } from '../errors.js';
import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { Store, StoreOptions } from './store.js';

export interface OpenStoreOptions extends StoreOptions {
  /** Where the SQLite file lives when no database URL is given (`:memory:` for tests). */
  dataDir: string;
  /** DATABASE_URL; when set (non-blank) PostgreSQL is used instead of SQLite. */
  databaseUrl?: string | undefined;
}

/**
 * Picks the engine: PostgreSQL when a database URL is configured (needed when
 * several instances share state), otherwise a local SQLite file. Rejects with
 * a StoreError that names the fix and never contains the URL's password.
 */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const url = opts.databaseUrl?.trim();
  if (url) {
    try {
      return await openPostgresStore(url, { salt: opts.salt, timeoutMs: opts.timeoutMs });
    } catch (err) {
      throw new StoreError(`${messageOf(err)} (check DATABASE_URL, or unset it to use SQLite in ${opts.dataDir})`, {
        cause: err,
      });
    }
  }
  try {
    return await openSqliteStore(opts.dataDir, { salt: opts.salt, timeoutMs: opts.timeoutMs });
  } catch (err) {
    throw new StoreError(`${messageOf(err)} (check that the data directory is writable)`, { cause: err });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
