import type Database from 'better-sqlite3';
import { remember } from '../text/memo.js';
import type { ProfileRow } from './conversations.js';

/** Profile rows kept between other connections' commits; past this the memo starts over (src/text/memo.ts). */
const ROWS_KEPT = 2000;
/** The cached "no profile yet": undefined in a Map reads as a miss. */
const NO_ROW = null;

/**
 * How long a `PRAGMA data_version` answer is trusted: as long as a second
 * process's topic takes to be committed (sqlite-batch.ts), so a profile
 * another process changed shows no later than its topics do.
 */
export const PROFILE_RECHECK_MS = 50;

/**
 * User profile rows as this connection last read them, for as long as no
 * other connection has committed to the file. Whether one has, SQLite tells
 * (`PRAGMA data_version` changes exactly when another connection commits),
 * but asking starts a read transaction: file locks, two system calls, ~12 µs
 * of a `/pmo` command under load. So it is asked again only once
 * PROFILE_RECHECK_MS has passed: another process's language switch or purge
 * shows within 50 ms (a person types slower), this process's own at once.
 * SQLite serves one instance (docs/deploy.md); the other processes are the
 * CLI's. This connection's own writes do not move data_version, so its
 * store calls `wrote()` after each write that may touch profiles.
 */
export class ProfileRows {
  private readonly rows = new Map<string, ProfileRow | typeof NO_ROW>();
  private readonly dataVersion: Database.Statement;
  private seenVersion: unknown;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    db: Database.Database,
    private readonly read: (userHash: string) => ProfileRow | undefined,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  /** The user's row (undefined: none), read again if another connection committed before the last check. */
  row(userHash: string): ProfileRow | undefined {
    const now = this.clock();
    if (now - this.checkedAt >= PROFILE_RECHECK_MS) this.checkVersion(now);
    return remember(this.rows, ROWS_KEPT, userHash, (u) => this.read(u) ?? NO_ROW) ?? undefined;
  }

  private checkVersion(now: number): void {
    const version = this.dataVersion.get();
    this.checkedAt = now;
    if (version === this.seenVersion) return;
    this.rows.clear();
    this.seenVersion = version;
  }

  /** This connection wrote (a profile, a purge): what it kept may be stale. */
  wrote(): void {
    this.rows.clear();
  }
}
