import pg from 'pg';
import type { User } from '../user.js';
import { hashUser, newSalt } from './keys.js';
import { MIGRATION_SQL, MIGRATIONS, MIGRATIONS_TABLE, migrationSql, type RowRewrite } from './migrations.js';
import type { Param } from './rows.js';

/**
 * Connections to PostgreSQL that survive the server going away or freezing:
 * every client has an 'error' listener (an EventEmitter without one throws
 * and kills the process), and every statement, connect and wait for a free
 * client is bounded by the store timeout.
 */

export type Queryable = pg.Pool | pg.PoolClient;

export interface ConnectionSettings {
  url: string;
  /** Schema to use instead of the server's search_path. */
  schema?: string | undefined;
  timeoutMs: number;
  poolSize: number;
}

/** Extra time the client gives the server to cancel a slow statement itself, which keeps the connection usable. */
const CLIENT_GRACE_MS = 500;
/** A migration may rewrite every onboarding row, or wait for another instance's; it is no chat reply. */
const MIGRATION_TIMEOUT_MS = 10 * 60_000;
// Keyed by schema so separate schemas (e.g. parallel test runs) migrate independently.
const MIGRATION_LOCK = `SELECT pg_advisory_xact_lock(hashtext('pmo-guide:migrations:' || COALESCE(current_schema(), '')))`;

const ignore = (): void => {};

function clientConfig(s: ConnectionSettings, statementMs: number): pg.ClientConfig {
  return {
    connectionString: s.url,
    // For the pool this also bounds the wait for a free client when all are busy.
    connectionTimeoutMillis: s.timeoutMs,
    // Server side: a slow statement is cancelled and the connection stays usable.
    statement_timeout: statementMs,
    // Client side: a server that stopped answering altogether (frozen, cut off) costs the connection instead.
    query_timeout: statementMs + CLIENT_GRACE_MS,
    // Notices a peer that vanished without closing the connection.
    keepAlive: true,
    options: s.schema ? `-c search_path=${s.schema}` : undefined,
  };
}

export function createPool(s: ConnectionSettings): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(s, s.timeoutMs), max: s.poolSize });
  // An idle client dying (server restart) is reported on the pool...
  pool.on('error', ignore);
  // ...a checked-out one on itself. The pool takes its own listener off while a client is
  // lent out, so each gets a permanent one; the query in flight still fails with the error.
  pool.on('connect', (client) => client.on('error', ignore));
  return pool;
}

/**
 * Runs `fn` in a transaction on one pooled client. A statement the server
 * refused is rolled back and the client reused; after a timeout or a lost
 * connection the client is discarded, since a ROLLBACK would only wait out
 * another timeout.
 */
export async function transaction<T>(pool: pg.Pool, begin: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    broken ??= await rollback(client, err);
    throw err;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

/** Undefined when the connection is healthy again, else why it must be discarded. */
async function rollback(client: pg.PoolClient, err: unknown): Promise<Error | undefined> {
  if (!(err instanceof pg.DatabaseError)) return err instanceof Error ? err : new Error(String(err));
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/**
 * Brings the schema up to date on a connection of its own (no short
 * timeouts), and returns the salt for user hashes: the configured one, or
 * the one kept in the database.
 */
export async function migrate(s: ConnectionSettings, configuredSalt?: string): Promise<string> {
  const client = new pg.Client(clientConfig(s, MIGRATION_TIMEOUT_MS));
  client.on('error', ignore);
  await client.connect();
  try {
    await client.query('BEGIN');
    // Lock first: two instances starting at once would otherwise race on
    // CREATE TABLE and both apply the same migration.
    await client.query(MIGRATION_LOCK);
    await client.query(MIGRATIONS_TABLE);
    const salt = await applyPending(client, configuredSalt);
    await client.query('COMMIT');
    return salt;
  } finally {
    // Without a COMMIT, ending the session rolls the transaction back.
    await client.end().catch(ignore);
  }
}

async function applyPending(c: pg.Client, configuredSalt?: string): Promise<string> {
  const { rows } = await c.query<{ version: number }>(MIGRATION_SQL.appliedVersions);
  const applied = new Set(rows.map((r) => Number(r.version)));
  // Read lazily: the settings table holding a generated salt only exists from migration 2 on.
  let salt = configuredSalt;
  const saltNow = async () => {
    salt ??= await storedSalt(c);
    return salt;
  };
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    await c.query(migrationSql(m, 'postgres'));
    if (m.rewrites?.length) {
      const s = await saltNow();
      for (const rw of m.rewrites) await rewrite(c, rw, (u) => hashUser(s, u));
    }
    if (m.after) await c.query(m.after);
    await c.query(toPg(MIGRATION_SQL.recordMigration), [m.version, m.name, Date.now()]);
  }
  return saltNow();
}

async function storedSalt(c: pg.Client): Promise<string> {
  await c.query(toPg(MIGRATION_SQL.insertSalt), [newSalt()]);
  const { rows } = await c.query<{ value: string }>(MIGRATION_SQL.getSalt);
  const value = rows[0]?.value;
  if (!value) throw new Error('store_settings has no user_hash_salt');
  return value;
}

async function rewrite(c: pg.Client, rw: RowRewrite, hash: (u: User) => string): Promise<void> {
  const { rows } = await c.query<Record<string, unknown>>(rw.select);
  const insert = toPg(rw.insert);
  for (const row of rows) await c.query(insert, rw.params(row, hash));
}

const pgSql = new Map<string, string>();
/** Rewrites the shared `?` placeholders to PostgreSQL's `$1, $2, …`. */
export function toPg(sql: string): string {
  let out = pgSql.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    pgSql.set(sql, out);
  }
  return out;
}

export async function rows<T extends pg.QueryResultRow>(db: Queryable, sql: string, params: Param[]): Promise<T[]> {
  return (await db.query<T>(toPg(sql), params)).rows;
}

export async function count(db: Queryable, sql: string, params: Param[]): Promise<number> {
  return (await db.query(toPg(sql), params)).rowCount ?? 0;
}
