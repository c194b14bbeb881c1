import type Database from 'better-sqlite3';
import { remember } from '../text/memo.js';
import type { ProfileRow } from './conversations.js';

/** Profile rows kept between other connections' commits; past this the memo starts over (src/text/memo.ts). */
const ROWS_KEPT = 2000;
/** The cached "no profile yet": undefined in a Map reads as a miss. */
const NO_ROW = null;

/**
 * User profile rows as this connection last read them, for as long as no
 * other connection has committed to the file. Every message still asks
 * SQLite whether one has (`PRAGMA data_version`, which changes exactly when
 * another connection commits), so another process's language switch or
 * purge shows at the next message as before; what it saves is the row
 * lookup, which under load cost a `/pmo` command ~10 µs, the check ~5.
 * This connection's own writes do not move data_version, so its store calls
 * `wrote()` after each write that may touch profiles.
 */
export class ProfileRows {
  private readonly rows = new Map<string, ProfileRow | typeof NO_ROW>();
  private readonly dataVersion: Database.Statement;
  private seenVersion: unknown;

  constructor(
    db: Database.Database,
    private readonly read: (userHash: string) => ProfileRow | undefined,
  ) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  /** The user's row (undefined: none), read again if any other connection committed since the last call. */
  row(userHash: string): ProfileRow | undefined {
    const version = this.dataVersion.get();
    if (version !== this.seenVersion) {
      this.rows.clear();
      this.seenVersion = version;
    }
    return remember(this.rows, ROWS_KEPT, userHash, (u) => this.read(u) ?? NO_ROW) ?? undefined;
  }

  /** This connection wrote (a profile, a purge): what it kept may be stale. */
  wrote(): void {
    this.rows.clear();
  }
}
