import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DELIVERY_WINDOW_MS, DeliveryGuard, deliveryKey } from '../../src/deliveries.js';
import { hashKey } from '../../src/store/keys.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';

const stores: Store[] = [];

/** A real SQLite file, so a second store on it plays a restarted process. */
async function sqliteIn(dir: string): Promise<Store> {
  const store = await openSqliteStore(dir);
  stores.push(store);
  return store;
}

/** Counts the database round trips the guard makes. */
function counting(store: Store): { store: Store; calls: () => number } {
  let calls = 0;
  const counted = {
    claimDelivery: (...args: Parameters<Store['claimDelivery']>) => {
      calls += 1;
      return store.claimDelivery(...args);
    },
    saveDeliveries: (...args: Parameters<Store['saveDeliveries']>) => {
      calls += 1;
      return store.saveDeliveries(...args);
    },
    liveDeliveries: (...args: Parameters<Store['liveDeliveries']>) => store.liveDeliveries(...args),
  } as Store;
  return { store: counted, calls: () => calls };
}

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe('duplicate deliveries', () => {
  it('answers each key once, and a repeat without asking the store', async () => {
    const { store, calls } = counting(await sqliteIn(mkdtempSync(join(tmpdir(), 'pmo-deliv-'))));
    const guard = new DeliveryGuard({ store });
    expect(await guard.firstDelivery('Ev1')).toBe(true);
    const afterFirst = calls();
    expect(await guard.firstDelivery('Ev1')).toBe(false);
    expect(calls()).toBe(afterFirst);
    expect(await guard.firstDelivery('Ev2')).toBe(true);
  });

  it('forgets a key once the window has passed', async () => {
    let now = 1_000_000;
    const guard = new DeliveryGuard({ now: () => now });
    expect(await guard.firstDelivery('Ev1')).toBe(true);
    now += DELIVERY_WINDOW_MS - 1;
    expect(await guard.firstDelivery('Ev1')).toBe(false);
    now += DELIVERY_WINDOW_MS + 1;
    expect(await guard.firstDelivery('Ev1')).toBe(true);
  });

  it('treats concurrent copies of one delivery as one', async () => {
    const guard = new DeliveryGuard({ store: await sqliteIn(':memory:') });
    const results = await Promise.all(Array.from({ length: 5 }, () => guard.firstDelivery('Ev1')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('writes new keys in a batch off the reply path, and a restart loads them and refuses a retry from memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmo-deliv-'));
    const first = counting(await sqliteIn(dir));
    const guard = new DeliveryGuard({ store: first.store });
    await guard.load();
    expect(await guard.firstDelivery('Ev1')).toBe(true);
    expect(await guard.firstDelivery('Ev2')).toBe(true);
    expect(first.calls()).toBe(0);
    await guard.flush();
    expect(first.calls()).toBe(1);
    const second = counting(await sqliteIn(dir));
    const restarted = new DeliveryGuard({ store: second.store });
    await restarted.load();
    expect(await restarted.firstDelivery('Ev1')).toBe(false);
    expect(await restarted.firstDelivery('Ev3')).toBe(true);
    expect(second.calls()).toBe(0);
  });

  it('checks new keys against the store when the earlier ones could not be loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmo-deliv-'));
    const guard = new DeliveryGuard({ store: await sqliteIn(dir) });
    await guard.load();
    await guard.firstDelivery('Ev1');
    await guard.flush();
    const store = await sqliteIn(dir);
    const unreadable = { ...counting(store).store, liveDeliveries: () => Promise.reject(new Error('timeout')) };
    const restarted = new DeliveryGuard({ store: unreadable });
    await restarted.load();
    expect(await restarted.firstDelivery('Ev1')).toBe(false);
    expect(await restarted.firstDelivery('Ev2')).toBe(true);
  });

  it('lets only one of several instances sharing a store answer a delivery', async () => {
    const shared = await sqliteIn(mkdtempSync(join(tmpdir(), 'pmo-deliv-')));
    const instances = [0, 1, 2].map(() => new DeliveryGuard({ store: shared, shared: true }));
    await Promise.all(instances.map((g) => g.load()));
    const results = await Promise.all(instances.map((g) => g.firstDelivery('Ev1')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('asks the store again for keys it had to forget while they were live', async () => {
    const guard = new DeliveryGuard({ store: await sqliteIn(':memory:'), maxEntries: 2 });
    await guard.load();
    for (const id of ['Ev1', 'Ev2', 'Ev3']) expect(await guard.firstDelivery(id)).toBe(true);
    expect(await guard.firstDelivery('Ev1')).toBe(false);
  });

  it('answers rather than stays silent when the store fails', async () => {
    const failing = {
      claimDelivery: () => Promise.reject(new Error('database down')),
      saveDeliveries: () => Promise.reject(new Error('database down')),
      liveDeliveries: () => Promise.reject(new Error('database down')),
    };
    const guard = new DeliveryGuard({ store: failing });
    await guard.load();
    expect(await guard.firstDelivery('Ev1')).toBe(true);
    expect(await guard.firstDelivery('Ev1')).toBe(false);
    await expect(guard.flush()).resolves.toBeUndefined();
  });

  it('stores a key as the SHA-256 of it, as rows written by earlier versions hold it', () => {
    for (const key of ['Ev1', 'teams:19:abc:1', 'x'.repeat(10_000)]) {
      expect(hashKey(key)).toBe(createHash('sha256').update(key).digest('hex').slice(0, 32));
    }
  });

  it('keeps the key scheme apart per source', () => {
    expect(deliveryKey.slackEvent('Ev1')).not.toBe(deliveryKey.teamsActivity('', 'Ev1'));
    const signature = 'a'.repeat(64);
    expect(deliveryKey.slackRequest(signature)).toBe(deliveryKey.slackRequest(signature));
    expect(deliveryKey.slackRequest(signature)).not.toBe(deliveryKey.slackEvent(signature));
  });
});
