import { expect, it } from 'vitest';
import { DeliveryGuard } from '../../src/deliveries.js';
import { hashKey } from '../../src/store/keys.js';
import { MIGRATIONS, MIGRATIONS_TABLE, migrationSql } from '../../src/store/migrations.js';
import { forEachEngine, freshStorage } from '../helpers/store-engines.js';

const NOW = Date.now();

forEachEngine('Upgrading a database', (engine) => {
  const { storage, open } = freshStorage(engine);

  /** The schema as `version` left it, without its rows. */
  async function schemaOf(version: number): Promise<void> {
    await storage().script(MIGRATIONS_TABLE);
    for (const m of MIGRATIONS.filter((m) => m.version <= version)) {
      await storage().script(migrationSql(m, engine.dialect));
      if (m.after) await storage().script(m.after);
      await storage().sql('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)', [
        m.version,
        m.name,
      ]);
    }
  }

  /** The schema as version 3 left it, with a live and an expired delivery recorded under the old table name. */
  async function version3(): Promise<void> {
    await schemaOf(3);
    const insert = 'INSERT INTO slack_events (event_id, expires_at) VALUES (?, ?)';
    await storage().sql(insert, [hashKey('EvLive'), NOW + 60_000]);
    await storage().sql(insert, [hashKey('EvOld'), NOW - 1]);
  }

  it('keeps the deliveries recorded before the table was renamed: a retry of a live one is still refused', async () => {
    await version3();
    const store = await open();
    // Loaded at start (one instance) or claimed one by one (several): both find the old rows.
    const loaded = new DeliveryGuard({ store, now: () => NOW });
    await loaded.load();
    const claiming = new DeliveryGuard({ store, shared: true, now: () => NOW });
    for (const guard of [loaded, claiming]) {
      expect(await guard.firstDelivery('EvLive')).toBe(false);
      expect(await guard.firstDelivery('EvOld')).toBe(true);
    }
    const dump = await storage().dump();
    expect(dump).toContain('["deliveries"');
    expect(dump).not.toContain('["slack_events"');
  });

  it('carries live deliveries over to 64-bit ids, bare keys from before hashing included', async () => {
    await schemaOf(4);
    const insert = 'INSERT INTO deliveries (delivery_key, expires_at) VALUES (?, ?)';
    await storage().sql(insert, [hashKey('EvHashed'), NOW + 60_000]);
    await storage().sql(insert, ['EvBare', NOW + 60_000]);
    const store = await open();
    const claiming = new DeliveryGuard({ store, shared: true, now: () => NOW });
    expect(await claiming.firstDelivery('EvHashed')).toBe(false);
    expect(await claiming.firstDelivery('EvBare')).toBe(false);
    expect(await claiming.firstDelivery('EvNew')).toBe(true);
    const dump = await storage().dump();
    expect(dump).toContain('"key_id"');
    expect(dump).not.toContain(hashKey('EvHashed'));
  });
});
