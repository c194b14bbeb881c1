import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileRow } from '../../src/store/conversations.js';
import { PROFILE_RECHECK_MS, ProfileRows } from '../../src/store/sqlite-profiles.js';

/**
 * Profile rows are reused between reads, and another connection's commit is
 * noticed at the first read once PROFILE_RECHECK_MS has passed since the
 * last check: what a user switched in another process shows within that.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function twoConnections() {
  const dir = mkdtempSync(join(tmpdir(), 'pmo-rows-'));
  dirs.push(dir);
  const file = join(dir, 'p.sqlite');
  const mine = new Database(file);
  mine.pragma('journal_mode = WAL');
  mine.exec('CREATE TABLE user_profiles (user_hash TEXT PRIMARY KEY, lang TEXT)');
  const other = new Database(file);
  const setLang = (db: Database.Database, lang: string) =>
    db.prepare('INSERT OR REPLACE INTO user_profiles (user_hash, lang) VALUES (?, ?)').run('u1', lang);
  const read = (u: string) =>
    mine.prepare('SELECT lang FROM user_profiles WHERE user_hash = ?').get(u) as ProfileRow | undefined;
  let now = 1_000;
  const rows = new ProfileRows(mine, read, () => now);
  return { rows, setLang, mine, other, later: (ms: number) => (now += ms) };
}

describe('profile rows reused between checks of other connections', () => {
  it("shows another connection's change at the first read once the recheck interval has passed", () => {
    const { rows, setLang, other, later } = twoConnections();
    expect(rows.row('u1')).toBeUndefined();
    setLang(other, 'ja');
    later(PROFILE_RECHECK_MS - 1);
    expect(rows.row('u1')).toBeUndefined();
    later(1);
    expect(rows.row('u1')?.lang).toBe('ja');
    setLang(other, 'en');
    later(PROFILE_RECHECK_MS);
    expect(rows.row('u1')?.lang).toBe('en');
  });

  it("shows this connection's own write at once, without waiting for a recheck", () => {
    const { rows, setLang, other, mine, later } = twoConnections();
    setLang(other, 'ja');
    expect(rows.row('u1')?.lang).toBe('ja');
    setLang(mine, 'en');
    rows.wrote();
    later(1);
    expect(rows.row('u1')?.lang).toBe('en');
  });

  it('keeps no stale row when a read in between found nothing new', () => {
    const { rows, setLang, other, later } = twoConnections();
    setLang(other, 'ja');
    expect(rows.row('u1')?.lang).toBe('ja');
    later(PROFILE_RECHECK_MS);
    expect(rows.row('u1')?.lang).toBe('ja');
    setLang(other, 'en');
    later(PROFILE_RECHECK_MS);
    expect(rows.row('u1')?.lang).toBe('en');
  });
});
