import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

/** The SQLite file itself: where it lives, who may read it, and how it is tuned. */

export const SQLITE_FILE = 'pmo-guide.sqlite';
/** After a checkpoint the WAL is cut back to this, so one burst of writes does not keep the file big. */
const WAL_LIMIT_BYTES = 4 * 1024 * 1024;
/** Only the service user may read what the bot stores. */
const FILE_MODE = 0o600;
const AUTO_VACUUM_INCREMENTAL = 2;

/** The database file, created 0600; SQLite gives its -wal and -shm files the same mode. */
export function prepareFile(dataDir: string): string {
  if (dataDir === ':memory:') return dataDir;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, SQLITE_FILE);
  closeSync(openSync(file, 'a', FILE_MODE));
  // Files created by an older version (or another umask) are tightened too.
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(f)) chmodSync(f, FILE_MODE);
  }
  return file;
}

/** Connection settings; true when an existing file must be vacuumed once to switch to incremental auto-vacuum. */
export function configure(db: Database.Database, timeoutMs: number): boolean {
  db.pragma(`busy_timeout = ${timeoutMs}`);
  // Deleted rows are overwritten, so purged questions and pre-hash ids do not linger in free pages.
  db.pragma('secure_delete = ON');
  const fresh = db.pragma('page_count', { simple: true }) === 0;
  const incremental = db.pragma('auto_vacuum', { simple: true }) === AUTO_VACUUM_INCREMENTAL;
  // On a new file this applies at once; an existing one needs the VACUUM that follows.
  if (!incremental) db.pragma('auto_vacuum = INCREMENTAL');
  // WAL lets readers (stats) run while the bot writes; in-memory DBs ignore it.
  db.pragma('journal_mode = WAL');
  // Under WAL, NORMAL syncs at checkpoints instead of on every commit (the dedupe write per Slack event and
  // Teams message took ~210 µs, ~60 µs so): a power cut may lose the last commits, never corrupts the file.
  db.pragma('synchronous = NORMAL');
  db.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`);
  return !incremental && !fresh;
}

/** Rewrites the file: switches on auto-vacuum, drops what migrations deleted. Retried at the next start if busy. */
export function vacuum(db: Database.Database): void {
  try {
    db.exec('VACUUM');
  } catch {
    // Another process holds the database; nothing is lost by vacuuming next time.
  }
}
