import type Database from 'better-sqlite3';
import type { User } from '../user.js';
import { hashUser, newSalt } from './keys.js';
import { MIGRATION_SQL, MIGRATIONS, MIGRATIONS_TABLE, migrationSql, type RowRewrite } from './migrations.js';

/**
 * Brings a SQLite file's schema up to date (migrations.ts), in one
 * transaction, and returns the salt user ids are hashed with and how many
 * rows were rewritten (the caller vacuums them away).
 */
export function migrate(db: Database.Database, configuredSalt?: string): { salt: string; converted: number } {
  const run = db.transaction(() => {
    db.exec(MIGRATIONS_TABLE);
    const applied = new Set(db.prepare(MIGRATION_SQL.appliedVersions).pluck().all() as number[]);
    // Read lazily: the settings table holding a generated salt only exists from migration 2 on.
    let salt = configuredSalt;
    const saltNow = () => {
      salt ??= storedSalt(db);
      return salt;
    };
    let converted = 0;
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      db.exec(migrationSql(m, 'sqlite'));
      for (const rw of m.rewrites ?? []) converted += rewrite(db, rw, (u) => hashUser(saltNow(), u));
      if (m.after) db.exec(m.after);
      db.prepare(MIGRATION_SQL.recordMigration).run(m.version, m.name, Date.now());
    }
    return { salt: saltNow(), converted };
  });
  // IMMEDIATE takes the write lock up front, so two processes opening a fresh
  // file at once cannot both decide a migration is pending.
  return run.immediate();
}

function storedSalt(db: Database.Database): string {
  db.prepare(MIGRATION_SQL.insertSalt).run(newSalt());
  return db.prepare(MIGRATION_SQL.getSalt).pluck().get() as string;
}

function rewrite(db: Database.Database, rw: RowRewrite, hash: (u: User) => string): number {
  const insert = db.prepare(rw.insert);
  const rows = db.prepare(rw.select).all() as Record<string, unknown>[];
  for (const row of rows) insert.run(...rw.params(row, hash));
  return rows.length;
}
