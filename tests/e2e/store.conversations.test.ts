import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { ConversationKey, Store } from '../../src/store/store.js';
import type { User } from '../../src/user.js';
import { forEachEngine, type Storage } from '../helpers/store-engines.js';

/** Conversation topics and user profiles, on every engine: expiry, isolation, retention and hashing. */

const T0 = new Date('2025-04-01T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const TTL = 30 * 60_000;
const alice: User = { platform: 'slack', workspaceId: 'T-CONV-WS', userId: 'U-CONV-ALICE' };
const bob: User = { platform: 'teams', workspaceId: 'tenant-conv', userId: '29:conv-bob' };
const thread = (user: User, conversationId: string): ConversationKey => ({ ...user, conversationId });

forEachEngine('Conversation topics and profiles', (engine) => {
  let storage: Storage;
  let store: Store;
  beforeEach(async () => {
    storage = await engine.create();
    store = await storage.open({ salt: 'conv-salt' });
  });
  afterEach(async () => {
    await store.close();
    await storage.teardown();
  });

  it('keeps a topic per user and conversation until it expires, and forgets it on request', async () => {
    const here = thread(alice, 'D1:1700000000.000100');
    await store.setContext(here, { entryId: 'cert-pmp', details: ['eligibility'], at: T0 }, TTL);
    expect(await store.getContext(here, at(29))).toEqual({ entryId: 'cert-pmp', details: ['eligibility'], at: T0 });
    expect(await store.getContext(here, at(31))).toBeNull();
    expect(await store.getContext(thread(alice, 'D1:other-thread'), at(1))).toBeNull();
    expect(await store.getContext(thread(bob, 'D1:1700000000.000100'), at(1))).toBeNull();
    await store.setContext(here, { entryId: 'cert-ipa-pm', details: [], at: at(5) }, TTL);
    expect(await store.getContext(here, at(34))).toMatchObject({ entryId: 'cert-ipa-pm', details: [] });
    await store.setContext(here, null, TTL);
    expect(await store.getContext(here, at(6))).toBeNull();
  });

  it('a second instance on the same database reads the topic the first one set', async () => {
    const other = await storage.open({ salt: 'conv-salt' });
    try {
      const here = thread(bob, 'a:conversation-1');
      await store.setContext(here, { entryId: 'pmo-expert', details: [], at: T0 }, TTL);
      // SQLite commits topics in batches within BATCH_EVERY_MS; PostgreSQL at once.
      await vi.waitFor(
        async () => expect(await other.getContext(here, at(1))).toMatchObject({ entryId: 'pmo-expert' }),
        {
          timeout: 2000,
        },
      );
    } finally {
      await other.close();
    }
  });

  it('reads a topic back at once, a cleared one too, and keeps it across a restart', async () => {
    const here = thread(alice, 'a:follow-up');
    await store.setContext(here, { entryId: 'pmo-role', details: ['skills'], at: T0 }, TTL);
    expect(await store.getContext(here, at(1))).toMatchObject({ entryId: 'pmo-role', details: ['skills'] });
    await store.setContext(here, null, TTL);
    expect(await store.getContext(here, at(2))).toBeNull();
    await store.setContext(here, { entryId: 'pmo-expert', details: [], at: at(3) }, TTL);
    await store.close();
    store = await storage.open({ salt: 'conv-salt' });
    expect(await store.getContext(here, at(4))).toMatchObject({ entryId: 'pmo-expert' });
  });

  it('remembers the preferred language and the last question separately', async () => {
    expect(await store.getProfile(alice)).toEqual({ lang: null, lastQuestion: null });
    await store.updateProfile(alice, { lang: 'ja' }, T0);
    const lastQuestion = {
      text: '合格率は?',
      lang: 'ja' as const,
      context: { entryId: 'cert-pmp', details: [] },
      at: at(1),
    };
    await store.updateProfile(alice, { lastQuestion }, at(1));
    expect(await store.getProfile(alice)).toEqual({ lang: 'ja', lastQuestion });
    await store.updateProfile(alice, { lang: 'en' }, at(2));
    expect((await store.getProfile(alice)).lastQuestion?.text).toBe('合格率は?');
    expect(await store.getProfile(bob)).toEqual({ lang: null, lastQuestion: null });
  });

  it('purges expired topics and the profiles of users inactive past retention', async () => {
    await store.setContext(thread(alice, 'c1'), { entryId: 'cert-pmp', details: [], at: T0 }, TTL);
    await store.setContext(thread(bob, 'c2'), { entryId: 'cert-pmp', details: [], at: at(20) }, TTL);
    await store.updateProfile(alice, { lang: 'ja' }, T0);
    await store.updateProfile(bob, { lang: 'en' }, at(60));
    expect(await store.purge(at(45))).toBe(2);
    expect(await store.getProfile(alice)).toEqual({ lang: null, lastQuestion: null });
    expect((await store.getProfile(bob)).lang).toBe('en');
    expect(await store.getContext(thread(bob, 'c2'), at(46))).not.toBeNull();
  });

  it('stores neither platform ids nor conversation ids, only hashes', async () => {
    await store.setContext(
      thread(alice, 'C-SECRET-CHANNEL:1700000000.1'),
      { entryId: 'cert-pmp', details: [], at: T0 },
      TTL,
    );
    await store.updateProfile(alice, { lang: 'ja' }, T0);
    const dump = await storage.dump();
    for (const raw of [alice.userId, alice.workspaceId, 'C-SECRET-CHANNEL']) expect(dump).not.toContain(raw);
  });
});
