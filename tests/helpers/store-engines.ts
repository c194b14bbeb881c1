import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import type { Dialect } from '../../src/store/migrations.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/sqlite.js';
import type { Store, StoreOptions } from '../../src/store/store.js';
import { pgUrl, requirePostgresInCI } from './postgres.js';

/**
 * Every store suite runs against every engine. An "engine" here is a fresh,
 * empty storage location that can be opened several times, the way two bot
 * instances (or a restart) would open it, and looked at directly, the way an
 * operator (or an attacker with a copy of the database) would.
 */
export interface Storage {
  open(opts?: StoreOptions): Promise<Store>;
  /** One statement on the same database, outside any store; the rows of a SELECT. */
  sql(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Several statements, no parameters (e.g. an old migration). */
  script(text: string): Promise<void>;
  /** Bytes the stored data takes on disk. */
  size(): Promise<number>;
  /** Every row of every table, as JSON: what a copy of the database would give away. */
  dump(): Promise<string>;
  teardown(): Promise<void>;
}

export interface Engine {
  name: string;
  dialect: Dialect;
  create(): Promise<Storage>;
}

export const sqliteEngine: Engine = {
  name: 'SQLite',
  dialect: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'pmo-store-'));
    const file = join(dir, SQLITE_FILE);
    const withDb = <T>(fn: (db: Database.Database) => T): T => {
      const db = new Database(file, { timeout: 5000 });
      try {
        return fn(db);
      } finally {
        db.close();
      }
    };
    return {
      open: (opts) => openSqliteStore(dir, opts),
      sql: async (text, params = []) =>
        withDb((db) => {
          const stmt = db.prepare(text);
          if (stmt.reader) return stmt.all(...params) as Record<string, unknown>[];
          stmt.run(...params);
          return [];
        }),
      script: async (text) => withDb((db) => void db.exec(text)),
      async size() {
        // What a checkpoint leaves: the main file, plus a WAL it could not empty.
        withDb((db) => db.pragma('wal_checkpoint(TRUNCATE)'));
        return [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
      },
      dump: async () =>
        withDb((db) => {
          const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
          return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).all()]));
        }),
      teardown: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

export function postgresEngine(url: string): Engine {
  return {
    name: 'PostgreSQL',
    dialect: 'postgres',
    async create() {
      // A fresh schema per test keeps runs independent without touching other data.
      const schema = `pmo_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.query(`SET search_path TO ${schema}`);
      return {
        open: (opts) => openPostgresStore(url, { schema, poolSize: 4, ...opts }),
        sql: async (text, params = []) => (await admin.query(toDollars(text), params)).rows,
        script: async (text) => void (await admin.query(text)),
        async size() {
          const { rows } = await admin.query<{ n: string }>(
            `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS n FROM pg_class c
              JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind = 'r'`,
            [schema],
          );
          return Number(rows[0]?.n ?? 0);
        },
        async dump() {
          const { rows } = await admin.query<{ name: string }>(
            'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1',
            [schema],
          );
          // One at a time: a pg client queues concurrent queries, and pg deprecates that (a warning in npm test).
          const tables: [string, unknown[]][] = [];
          for (const { name } of rows) tables.push([name, (await admin.query(`SELECT * FROM "${name}"`)).rows]);
          return JSON.stringify(tables);
        },
        async teardown() {
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
        },
      };
    },
  };
}

/** Tests write `?` placeholders for both engines. */
function toDollars(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/**
 * Declares `suite` once per engine: SQLite always, PostgreSQL with
 * TEST_DATABASE_URL (reported as skipped without it, and failing in CI).
 */
export function forEachEngine(title: string, suite: (engine: Engine) => void): void {
  describe(`${title}: SQLite`, () => suite(sqliteEngine));
  describe.skipIf(!pgUrl)(
    pgUrl ? `${title}: PostgreSQL` : `${title}: PostgreSQL (skipped: TEST_DATABASE_URL not set)`,
    () => suite(postgresEngine(pgUrl ?? '')),
  );
  requirePostgresInCI(`${title}: PostgreSQL in CI`);
}

/**
 * A fresh storage on `engine` for each test, and `open` for stores on it that
 * are all closed afterwards (a failing close must not hide the test's own result).
 */
export function freshStorage(engine: Engine): {
  storage: () => Storage;
  open: (opts?: StoreOptions) => Promise<Store>;
} {
  let current: Storage | undefined;
  let opened: Store[] = [];
  beforeEach(async () => {
    current = await engine.create();
    opened = [];
  });
  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
    await current?.teardown();
  });
  const storage = () => {
    if (!current) throw new Error('freshStorage: used outside a test');
    return current;
  };
  const open = async (opts?: StoreOptions) => {
    const store = await storage().open(opts);
    opened.push(store);
    return store;
  };
  return { storage, open };
}
