import { StoreError } from '../errors.js';
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
      // Each engine's driver is loaded only when used: pg alone weighs ~15 MB a SQLite server never needs.
      const { openPostgresStore } = await import('./postgres.js');
      return await openPostgresStore(url, { salt: opts.salt, timeoutMs: opts.timeoutMs });
    } catch (err) {
      throw new StoreError(`${messageOf(err)} (check DATABASE_URL, or unset it to use SQLite in ${opts.dataDir})`, {
        cause: err,
      });
    }
  }
  try {
    const { openSqliteStore } = await import('./sqlite.js');
    return await openSqliteStore(opts.dataDir, { salt: opts.salt, timeoutMs: opts.timeoutMs });
  } catch (err) {
    throw new StoreError(`${messageOf(err)} (check that the data directory is writable)`, { cause: err });
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
