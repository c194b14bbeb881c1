import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { deliveryId } from '../../src/store/keys.js';
import { openStore } from '../../src/store/open.js';
import { SQLITE_FILE } from '../../src/store/sqlite.js';
import type { QuestionRecord, Store } from '../../src/store/store.js';
import type { User } from '../../src/user.js';
import { closedPort } from '../helpers/postgres.js';
import { type Engine, forEachEngine, type Storage } from '../helpers/store-engines.js';

/** One behavioural contract, run against every engine (see helpers/store-engines.ts). */

const T0 = new Date('2025-04-01T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const DAY = 24 * 60;
const alice: User = { platform: 'slack', workspaceId: 'T1', userId: 'U1' };
const bob: User = { platform: 'teams', workspaceId: 'tenant-1', userId: 'U1' };
const carol: User = { platform: 'slack', workspaceId: 'T1', userId: 'U3' };

function question(over: Partial<QuestionRecord>): QuestionRecord {
  return {
    user: alice,
    text: 'What is a PMO?',
    normalized: 'what is pmo',
    lang: 'en',
    bestGuess: null,
    confidence: 0.1,
    matched: false,
    at: T0,
    ...over,
  };
}

function contract(engine: Engine): void {
  let storage: Storage;
  let opened: Store[];
  let store: Store;
  const open = async () => {
    const s = await storage.open();
    opened.push(s);
    return s;
  };

  beforeEach(async () => {
    storage = await engine.create();
    opened = [];
    store = await open();
  });
  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await storage.teardown();
  });

  it('has no progress for a user who never started', async () => {
    expect(await store.getOnboarding(alice)).toBeNull();
    expect(await store.moveOnboarding(alice, 0, 1, { completed: false, now: T0 })).toBe(false);
  });

  it('moves the walkthrough forward and records completion', async () => {
    expect(await store.startOnboarding(alice, T0)).toEqual({ step: 0, startedAt: T0, completedAt: null, answers: [] });
    expect(await store.moveOnboarding(alice, 0, 1, { completed: false, now: at(1) })).toBe(true);
    expect(await store.moveOnboarding(alice, 1, 2, { completed: true, now: at(2) })).toBe(true);
    expect(await store.getOnboarding(alice)).toEqual({ step: 2, startedAt: T0, completedAt: at(2), answers: [] });
  });

  it('restart resets step, answers and completion', async () => {
    await store.startOnboarding(alice, T0);
    await store.recordCheckAnswer(alice, 0, 2, true, at(1));
    await store.moveOnboarding(alice, 0, 3, { completed: true, now: at(2) });
    expect(await store.startOnboarding(alice, at(10))).toEqual({
      step: 0,
      startedAt: at(10),
      completedAt: null,
      answers: [],
    });
    expect(await store.getOnboarding(alice)).toEqual({ step: 0, startedAt: at(10), completedAt: null, answers: [] });
    // After a restart the check can be answered again.
    expect(await store.recordCheckAnswer(alice, 0, 1, false, at(11))).toBe(true);
  });

  it('keeps progress across closing and reopening the store', async () => {
    await store.startOnboarding(alice, T0);
    await store.moveOnboarding(alice, 0, 2, { completed: false, now: at(1) });
    await store.recordCheckAnswer(alice, 1, 3, true, at(1));
    await store.close();
    const reopened = await open();
    expect(await reopened.getOnboarding(alice)).toEqual({
      step: 2,
      startedAt: T0,
      completedAt: null,
      answers: [{ step: 1, choice: 3, correct: true }],
    });
  });

  it('ignores a stale button: an old fromStep does not move the walkthrough', async () => {
    await store.startOnboarding(alice, T0);
    expect(await store.moveOnboarding(alice, 0, 1, { completed: false, now: at(1) })).toBe(true);
    expect(await store.moveOnboarding(alice, 0, 1, { completed: false, now: at(2) })).toBe(false);
    expect(await store.moveOnboarding(alice, 3, 9, { completed: true, now: at(3) })).toBe(false);
    expect(await store.getOnboarding(alice)).toMatchObject({ step: 1, completedAt: null });
  });

  it('lets exactly one of two instances move the same step at once', async () => {
    const other = await open();
    await store.startOnboarding(alice, T0);
    const results = await Promise.all(
      [store, other, store, other].map((s, i) => s.moveOnboarding(alice, 0, i + 1, { completed: false, now: at(1) })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await other.getOnboarding(alice))?.step).toBe(results.indexOf(true) + 1);
  });

  it('keeps users apart by platform and workspace', async () => {
    await store.startOnboarding(alice, T0);
    await store.moveOnboarding(alice, 0, 4, { completed: false, now: at(1) });
    expect(await store.getOnboarding(bob)).toBeNull();
    expect(await store.getOnboarding({ ...alice, workspaceId: 'T2' })).toBeNull();
  });

  it('counts a check answered twice only once', async () => {
    await store.startOnboarding(alice, T0);
    expect(await store.recordCheckAnswer(alice, 1, 2, true, at(1))).toBe(true);
    expect(await store.recordCheckAnswer(alice, 1, 0, false, at(2))).toBe(false);
    await store.startOnboarding(bob, T0);
    await store.recordCheckAnswer(bob, 1, 0, false, at(3));
    expect((await store.getOnboarding(alice))?.answers).toEqual([{ step: 1, choice: 2, correct: true }]);
    const { onboarding } = await store.stats(T0);
    expect(onboarding).toEqual({ started: 2, completed: 0, checks: [{ step: 1, answered: 2, correct: 1 }] });
  });

  it('counts one feedback vote per user and entry, and lets it change', async () => {
    const vote = { user: alice, entryId: 'pmo-role', helpful: true, lang: 'ja' as const, at: T0 };
    await store.recordFeedback(vote);
    await store.recordFeedback({ ...vote, at: at(1) });
    await store.recordFeedback({ ...vote, user: bob, helpful: false });
    await store.recordFeedback({ ...vote, entryId: 'wbs' });
    expect((await store.stats(T0)).feedback).toEqual([
      { entryId: 'pmo-role', up: 1, down: 1 },
      { entryId: 'wbs', up: 1, down: 0 },
    ]);
    await store.recordFeedback({ ...vote, helpful: false, at: at(2) });
    expect((await store.stats(T0)).feedback[0]).toEqual({ entryId: 'pmo-role', up: 0, down: 2 });
  });

  it('claims an event id exactly once across concurrent callers and instances', async () => {
    const other = await open();
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store).claimDelivery('Ev1', 60_000, T0)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.claimDelivery('Ev2', 60_000, T0)).toBe(true);
  });

  it('saves a batch of new deliveries so that a later claim of any of them is refused', async () => {
    await store.saveDeliveries(['Ev1', 'Ev2', 'Ev2'].map(deliveryId), 60_000, T0);
    const other = await open();
    expect(await other.claimDelivery('Ev2', 60_000, at(0.5))).toBe(false);
    expect(await store.claimDelivery('Ev1', 60_000, at(0.5))).toBe(false);
    expect(await store.claimDelivery('Ev3', 60_000, at(0.5))).toBe(true);
    // Expired after the window, like a claimed one.
    expect(await store.claimDelivery('Ev1', 60_000, at(1))).toBe(true);
  });

  it('lists the live deliveries under the very ids memory uses, so a restarted process refuses their retries', async () => {
    // Enough keys that some ids are negative and most exceed 2^53: a rounded id would no longer match.
    const keys = Array.from({ length: 40 }, (_, i) => `Ev${i}`);
    await store.saveDeliveries(keys.slice(0, 20).map(deliveryId), 60_000, T0);
    for (const key of keys.slice(20)) await store.claimDelivery(key, 60_000, T0);
    const live = await (await open()).liveDeliveries(at(0.5));
    expect(new Set(live.map((d) => d.keyId))).toEqual(new Set(keys.map(deliveryId)));
    expect(live.some((d) => d.keyId.startsWith('-'))).toBe(true);
    expect(await store.liveDeliveries(at(1))).toEqual([]);
  });

  it('lets an expired event id be claimed again, but not a live one', async () => {
    expect(await store.claimDelivery('Ev1', 60_000, T0)).toBe(true);
    expect(await store.claimDelivery('Ev1', 60_000, new Date(T0.getTime() + 59_999))).toBe(false);
    expect(await store.claimDelivery('Ev1', 60_000, at(1))).toBe(true);
    expect(await store.claimDelivery('Ev1', 60_000, at(1.5))).toBe(false);
  });

  it('groups questions in stats by normalized text, most frequent first', async () => {
    const charter = { normalized: 'charter', lang: 'en' as const };
    const texts = ['How to write a charter?', 'how to write a charter', 'Charter how?'];
    await store.recordQuestion(question({ ...charter, text: texts[0], confidence: 0.2, at: at(-2 * DAY) }));
    await store.recordQuestion(question({ ...charter, text: texts[0], confidence: 0.2 }));
    await store.recordQuestion(question({ ...charter, text: texts[1], confidence: 0.3, bestGuess: 'charter-101' }));
    await store.recordQuestion(question({ ...charter, text: texts[2], confidence: 0.4, at: at(5) }));
    await store.recordQuestion(question({ text: 'WBSとは', normalized: 'wbs', lang: 'ja' }));
    for (let i = 0; i < 25; i++) await store.recordQuestion(question({ text: `x${i}`, normalized: `x-${i}` }));
    await store.recordQuestion(question({ normalized: 'risk', matched: true, confidence: 0.5, bestGuess: 'risk' }));
    await store.recordQuestion(question({ normalized: 'risk', matched: true, confidence: 0.55, bestGuess: 'risk' }));
    await store.recordQuestion(question({ normalized: 'pmo', matched: true, confidence: 0.9 }));

    const stats = await store.stats(T0);
    expect(stats.unanswered).toHaveLength(20);
    const [top, second] = stats.unanswered;
    expect(top).toMatchObject({ normalized: 'charter', lang: 'en', count: 3, bestGuess: 'charter-101' });
    expect(texts).toContain(top?.example);
    expect(top?.avgConfidence).toBeCloseTo(0.3);
    expect(second).toMatchObject({ normalized: 'wbs', example: 'WBSとは', lang: 'ja', count: 1, bestGuess: null });
    expect(stats.lowConfidence).toHaveLength(1);
    expect(stats.lowConfidence[0]).toMatchObject({ normalized: 'risk', count: 2, bestGuess: 'risk' });
    expect(stats.lowConfidence[0]?.avgConfidence).toBeCloseTo(0.525);
  });

  it('purges old analytics rows and keeps recent ones', async () => {
    await store.recordQuestion(question({ at: at(-40 * DAY) }));
    await store.recordQuestion(question({ at: at(-31 * DAY) }));
    await store.recordQuestion(question({ at: at(-1) }));
    const vote = { user: alice, entryId: 'old', helpful: true, lang: 'en' as const, at: at(-35 * DAY) };
    await store.recordFeedback(vote);
    await store.recordFeedback({ ...vote, entryId: 'new', at: T0 });

    expect(await store.purge(at(-30 * DAY))).toBe(3);
    expect(await store.purge(at(-30 * DAY))).toBe(0);
    const stats = await store.stats(new Date(0));
    expect(stats.unanswered).toEqual([expect.objectContaining({ normalized: 'what is pmo', count: 1 })]);
    expect(stats.feedback).toEqual([{ entryId: 'new', up: 1, down: 0 }]);
  });

  it('purges the onboarding progress of users inactive past retention, and only theirs', async () => {
    // Alice stopped 40 days ago; Bob started as long ago but answered yesterday; Carol moved 10 days ago.
    await store.startOnboarding(alice, at(-40 * DAY));
    await store.recordCheckAnswer(alice, 0, 1, true, at(-39 * DAY));
    await store.startOnboarding(bob, at(-40 * DAY));
    await store.recordCheckAnswer(bob, 0, 2, false, at(-1 * DAY));
    await store.startOnboarding(carol, at(-40 * DAY));
    await store.moveOnboarding(carol, 0, 1, { completed: false, now: at(-10 * DAY) });

    expect(await store.purge(at(-30 * DAY))).toBe(2);
    expect(await store.getOnboarding(alice)).toBeNull();
    expect(await store.getOnboarding(bob)).toMatchObject({ step: 0, answers: [{ step: 0, choice: 2 }] });
    expect(await store.getOnboarding(carol)).toMatchObject({ step: 1 });
    // A walkthrough started again after the purge begins from scratch.
    expect(await store.recordCheckAnswer(alice, 0, 0, false, T0)).toBe(true);
  });

  it('brings up two instances starting at once on an empty database', async () => {
    const fresh = await engine.create();
    try {
      const [a, b] = await Promise.all([fresh.open(), fresh.open()]);
      opened.push(a, b);
      await a.startOnboarding(alice, T0);
      expect((await b.getOnboarding(alice))?.startedAt).toEqual(T0);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await fresh.teardown();
    }
  });

  it('rejects with StoreError once closed, instead of crashing', async () => {
    await store.close();
    await expect(store.startOnboarding(alice, T0)).rejects.toBeInstanceOf(StoreError);
    await expect(store.claimDelivery('Ev1', 1000, T0)).rejects.toBeInstanceOf(StoreError);
  });
}

forEachEngine('Store contract', contract);

describe('openStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pmo-open-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses a SQLite file in the data directory when no database URL is set', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const store = await openStore({ dataDir, databaseUrl: '  ' });
    expect(store.engine).toBe('sqlite');
    await store.close();
    expect(existsSync(join(dataDir, SQLITE_FILE))).toBe(true);
  });

  it('fails fast with a StoreError and no password for an unreachable PostgreSQL', async () => {
    const url = `postgres://pmo:s3cret-Pa55@127.0.0.1:${await closedPort()}/pmo`;
    const started = Date.now();
    const err = await openStore({ dataDir: dir, databaseUrl: url }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err).toBeInstanceOf(StoreError);
    const message = (err as StoreError).message;
    expect(message).toMatch(/PostgreSQL/);
    expect(message).toContain('127.0.0.1');
    expect(message).not.toContain('s3cret-Pa55');
  });

  it('reports an unusable data directory as a StoreError', async () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    await expect(openStore({ dataDir: join(file, 'data') })).rejects.toBeInstanceOf(StoreError);
  });
});
