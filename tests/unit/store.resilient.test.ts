import { describe, expect, it } from 'vitest';
import { DeliveryGuard } from '../../src/deliveries.js';
import { StoreError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { resilientStore } from '../../src/store/resilient.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';

/**
 * The wrapper every server and CLI store goes through. A database that
 * stops answering must cost a reply at most the store timeout, and then
 * nothing at all for a while; the PostgreSQL fault tests show the same with
 * a real frozen server, these run everywhere.
 */

const user = { platform: 'slack' as const, workspaceId: 'T1', userId: 'U1' };
const logger = createLogger('silent');

/** A working in-memory store whose calls can be made to hang, counting the calls that reached it. */
async function freezable() {
  const real = await openSqliteStore(':memory:');
  const state = { frozen: false, calls: 0 };
  const store = new Proxy(real, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || key === 'close') return value;
      return (...args: unknown[]) => {
        state.calls += 1;
        return state.frozen ? new Promise(() => {}) : value.apply(target, args);
      };
    },
  }) as Store;
  return { store, state };
}

describe('resilient store', () => {
  it('rejects a call the database does not answer in time, then skips the database for a while', async () => {
    const { store, state } = await freezable();
    const resilient = resilientStore(async () => store, 'sqlite', { timeoutMs: 100, logger });
    await resilient.startOnboarding(user, new Date());
    state.frozen = true;
    await expect(resilient.getOnboarding(user)).rejects.toBeInstanceOf(StoreError);
    const reached = state.calls;
    await expect(resilient.moveOnboarding(user, 0, 1, { completed: false, now: new Date() })).rejects.toThrow(
      /unavailable/,
    );
    expect(state.calls).toBe(reached);
    await resilient.close();
  });

  it('answers from an engine that answers inline (SQLite) without a deadline, and still rejects its errors as StoreError', async () => {
    const real = await openSqliteStore(':memory:');
    const resilient = resilientStore(async () => real, 'sqlite', { timeoutMs: 100, logger, answersInline: true });
    await resilient.startOnboarding(user, new Date());
    expect(await resilient.getOnboarding(user)).toMatchObject({ step: 0, answers: [] });
    await real.close();
    const failed = resilient.getOnboarding(user);
    await expect(failed).rejects.toBeInstanceOf(StoreError);
  });

  it('lets the duplicate check fall back to memory when the database hangs', async () => {
    const { store, state } = await freezable();
    const resilient = resilientStore(async () => store, 'postgres', { timeoutMs: 100, logger });
    const deliveries = new DeliveryGuard({ store: resilient, shared: true, logger });
    state.frozen = true;
    expect(await deliveries.firstDelivery('Ev1')).toBe(true);
    expect(await deliveries.firstDelivery('Ev1')).toBe(false);
    expect(await deliveries.firstDelivery('Ev2')).toBe(true);
  });

  it('reports a database that cannot be opened as StoreError, and tries again later', async () => {
    let attempts = 0;
    const resilient = resilientStore(
      async () => {
        attempts += 1;
        throw new Error('connection refused');
      },
      'postgres',
      { timeoutMs: 1000, logger },
    );
    await expect(resilient.getOnboarding(user)).rejects.toBeInstanceOf(StoreError);
    await expect(resilient.getOnboarding(user)).rejects.toBeInstanceOf(StoreError);
    expect(attempts).toBe(1);
  });
});
