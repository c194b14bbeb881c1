import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Conversations } from '../../src/bot/conversation.js';
import { createLogger } from '../../src/logger.js';
import { resilientStore } from '../../src/store/resilient.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.js';
import { PROFILE_RECHECK_MS } from '../../src/store/sqlite-profiles.js';

/**
 * With SQLite the profile is read on the spot (no promise layers), and a
 * row read earlier is reused only while this connection has not written and
 * no other connection had committed at the last check: this process's own
 * switch and purge show at the next message, another process's within
 * PROFILE_RECHECK_MS, and a failing read falls back to memory.
 */

const user = { platform: 'slack' as const, workspaceId: 'T1', userId: 'U1' };
const dirs: string[] = [];
/** As long as another process's change may take to show. */
const pastRecheck = () => new Promise((resolve) => setTimeout(resolve, PROFILE_RECHECK_MS + 5));
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function twoConnections(): Promise<{ other: SqliteStore; mine: SqliteStore; conversations: Conversations }> {
  const dir = mkdtempSync(join(tmpdir(), 'pmo-profile-'));
  dirs.push(dir);
  const other = await openSqliteStore(dir);
  const mine = await openSqliteStore(dir);
  const store = resilientStore(async () => mine, 'sqlite', {
    timeoutMs: 1000,
    logger: createLogger('silent'),
    answersInline: true,
  });
  return { other, mine, conversations: new Conversations({ store }) };
}

describe('the profile read on the spot (SQLite)', () => {
  it("sees another process's language change and the purge within the recheck interval", async () => {
    const { other, mine, conversations } = await twoConnections();
    expect(await conversations.preferredLanguage(user)).toBeUndefined();
    await other.updateProfile(user, { lang: 'ja' }, new Date());
    await pastRecheck();
    expect(await conversations.preferredLanguage(user)).toBe('ja');
    await other.updateProfile(user, { lang: 'en' }, new Date());
    await pastRecheck();
    expect(await conversations.preferredLanguage(user)).toBe('en');
    await other.purge(new Date(Date.now() + 60_000));
    await pastRecheck();
    expect(await conversations.preferredLanguage(user)).toBeUndefined();
    await Promise.all([other.close(), mine.close()]);
  });

  it("sees this process's own switch and purge at once, between reads of an unchanged profile", async () => {
    const { other, mine, conversations } = await twoConnections();
    await other.updateProfile(user, { lang: 'ja' }, new Date());
    expect(await conversations.preferredLanguage(user)).toBe('ja');
    expect(await conversations.preferredLanguage(user)).toBe('ja');
    // Written through this connection: SQLite's data_version does not move for it.
    await mine.updateProfile(user, { lang: 'en' }, new Date());
    expect(await conversations.preferredLanguage(user)).toBe('en');
    await mine.purge(new Date(Date.now() + 60_000));
    expect(mine.getProfileNow(user)).toEqual({ lang: null, lastQuestion: null });
    // And a switch by another process after this one read the profile again.
    await other.updateProfile(user, { lang: 'ja' }, new Date());
    await pastRecheck();
    expect(await conversations.preferredLanguage(user)).toBe('ja');
    await Promise.all([other.close(), mine.close()]);
  });

  it("sees another process's last question", async () => {
    const { other, mine, conversations } = await twoConnections();
    const at = new Date();
    await other.updateProfile(user, { lastQuestion: { text: 'what is a PMO', lang: 'en', context: null, at } }, at);
    await pastRecheck();
    expect(await conversations.lastQuestion(user)).toEqual({ text: 'what is a PMO', lang: 'en', context: null, at });
    await Promise.all([other.close(), mine.close()]);
  });

  it('falls back to what this process remembers when the database fails, without throwing', async () => {
    const { other, mine, conversations } = await twoConnections();
    await conversations.setPreferredLanguage(user, 'ja');
    await mine.close();
    expect(await conversations.preferredLanguage(user)).toBe('ja');
    await other.close();
  });
});
