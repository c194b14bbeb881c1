import { expect, it } from 'vitest';
import { hashUser, MAX_STORED_NAME, MAX_STORED_TEXT } from '../../src/store/keys.js';
import { MIGRATIONS, MIGRATIONS_TABLE, migrationSql } from '../../src/store/migrations.js';
import type { User } from '../../src/user.js';
import { forEachEngine, freshStorage } from '../helpers/store-engines.js';

/**
 * docs/deploy.md promises that user ids are stored only as salted hashes.
 * These tests read the database directly, as someone holding a copy of it
 * would, and check the promise for every table.
 */

const SALT = 'privacy-test-salt';
const T0 = new Date('2025-04-01T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const alice: User = { platform: 'slack', workspaceId: 'T-PRIVATE-WS', userId: 'U-PRIVATE-ALICE' };
const bob: User = { platform: 'teams', workspaceId: 'tenant-private', userId: '29:private-bob' };
const RAW_IDS = [alice.userId, alice.workspaceId, bob.userId, bob.workspaceId];

forEachEngine('Stored user ids', (engine) => {
  const { storage, open } = freshStorage(engine);

  it('keeps no raw platform id in any table, and one salted hash per user across onboarding and analytics', async () => {
    const store = await open({ salt: SALT });
    await store.startOnboarding(alice, T0);
    await store.recordCheckAnswer(alice, 0, 1, true, at(1));
    await store.moveOnboarding(alice, 0, 1, { completed: false, now: at(2) });
    await store.startOnboarding(bob, T0);
    const question = { text: 'wifi?', normalized: 'wifi', lang: 'en' as const, bestGuess: null, confidence: 0.1 };
    await store.recordQuestion({ ...question, user: alice, matched: false, at: T0 });
    await store.recordFeedback({ user: alice, entryId: 'pmo-role', helpful: true, lang: 'en', at: T0 });
    // Closing commits what SQLite writes in batches off the reply path.
    await store.close();

    const dump = await storage().dump();
    for (const id of RAW_IDS) expect(dump).not.toContain(id);
    for (const table of ['onboarding', 'onboarding_answers', 'questions', 'feedback']) {
      const rows = await storage().sql(`SELECT user_hash FROM ${table} WHERE user_hash = ?`, [hashUser(SALT, alice)]);
      expect(rows.length, table).toBeGreaterThan(0);
    }
  });

  it('converts progress saved by an older version to the salted hash, leaving no raw id behind', async () => {
    await storage().script(MIGRATIONS_TABLE);
    const [initial] = MIGRATIONS;
    if (!initial) throw new Error('no initial migration');
    await storage().script(migrationSql(initial, engine.dialect));
    await storage().sql('INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, ?, 0)', [initial.name]);
    const insertProgress = 'INSERT INTO onboarding VALUES (?, ?, ?, ?, ?, ?)';
    await storage().sql(insertProgress, ['slack', alice.workspaceId, alice.userId, 2, T0.getTime(), null]);
    await storage().sql(insertProgress, ['teams', bob.workspaceId, bob.userId, 6, T0.getTime(), at(3).getTime()]);
    const insertAnswer = 'INSERT INTO onboarding_answers VALUES (?, ?, ?, ?, ?, ?, ?)';
    await storage().sql(insertAnswer, ['slack', alice.workspaceId, alice.userId, 1, 3, 1, at(5).getTime()]);
    await storage().sql(insertAnswer, ['teams', bob.workspaceId, bob.userId, 0, 0, 0, at(2).getTime()]);

    const store = await open({ salt: SALT });
    expect(await store.getOnboarding(alice)).toEqual({
      step: 2,
      startedAt: T0,
      completedAt: null,
      answers: [{ step: 1, choice: 3, correct: true }],
    });
    expect(await store.getOnboarding(bob)).toMatchObject({ step: 6, completedAt: at(3) });
    const dump = await storage().dump();
    for (const id of RAW_IDS) expect(dump).not.toContain(id);
    // Retention counts from each user's last action: Bob's completion (3 min), Alice's answer (5 min).
    expect(await store.purge(at(4))).toBe(2);
    expect(await store.getOnboarding(bob)).toBeNull();
    expect(await store.getOnboarding(alice)).toMatchObject({ step: 2 });
  });

  it('without ANALYTICS_SALT keeps one generated salt in the database, so progress survives restarts', async () => {
    const first = await open();
    await first.startOnboarding(alice, T0);
    await first.close();
    const [a, b] = await Promise.all([open(), open()]);
    expect(await a.getOnboarding(alice)).toMatchObject({ step: 0 });
    expect(await b.getOnboarding(alice)).toMatchObject({ step: 0 });
    const salts = await storage().sql('SELECT value FROM store_settings');
    expect(salts).toHaveLength(1);
    expect(String(salts[0]?.value)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('with ANALYTICS_SALT keeps no salt in the database, and another salt does not find the user', async () => {
    const store = await open({ salt: SALT });
    await store.startOnboarding(alice, T0);
    expect(await storage().sql('SELECT * FROM store_settings')).toEqual([]);
    const other = await open({ salt: 'another-salt' });
    expect(await other.getOnboarding(alice)).toBeNull();
  });

  it('caps every client string it stores', async () => {
    const store = await open({ salt: SALT });
    // NUL is refused by PostgreSQL's TEXT; it must not cost the whole question.
    const huge = `Q\u0000${'あ'.repeat(100_000)}`;
    const long = 'e'.repeat(10_000);
    const question = { lang: 'en' as const, confidence: 0.1, matched: false, at: T0 };
    await store.recordQuestion({ ...question, user: alice, text: huge, normalized: huge, bestGuess: long });
    await store.recordFeedback({ user: alice, entryId: long, helpful: true, lang: 'en', at: T0 });
    await store.close();

    const [q] = await storage().sql('SELECT text, normalized, best_guess FROM questions');
    expect(String(q?.text)).toBe(`Q${'あ'.repeat(MAX_STORED_TEXT - 1)}`);
    expect(String(q?.normalized)).toHaveLength(MAX_STORED_TEXT);
    expect(String(q?.best_guess)).toHaveLength(MAX_STORED_NAME);
    const [f] = await storage().sql('SELECT entry_id FROM feedback');
    expect(String(f?.entry_id)).toHaveLength(MAX_STORED_NAME);
  });
});
