import { chmodSync, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeBotConnector, teamsActivity } from '../../bench/support/fakes/bot-connector.js';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/store.js';
import { postJson, startServer, type TestServer, tempDataDir } from '../helpers/server.js';
import { forEachEngine, type Storage, sqliteEngine } from '../helpers/store-engines.js';

/**
 * What a stranger can make the database hold. Event ids (Slack) and activity
 * ids (Teams) are chosen by the client; without limits, 187 Teams requests
 * with 900 KB ids once added 294 MB to SQLite, for good.
 */

const MB = 1024 * 1024;
const T0 = new Date('2025-04-01T09:00:00Z');
const TTL_MS = 60_000;
const IDS = 10_000;
const LONG = 'x'.repeat(10_000);

async function claimLongIds(store: Store): Promise<void> {
  for (let i = 0; i < IDS; i++) {
    if (!(await store.claimDelivery(`${LONG}${i}`, TTL_MS, T0))) throw new Error(`id ${i} was not new`);
  }
}

forEachEngine('Long client ids', (engine) => {
  let storage: Storage;
  let store: Store;
  beforeEach(async () => {
    storage = await engine.create();
    store = await storage.open();
  });
  afterEach(async () => {
    await store.close();
    await storage.teardown();
  });

  it(`stores ${IDS.toLocaleString('en')} ids of 10 KB each in a bounded amount of space`, async () => {
    const before = await storage.size();
    await claimLongIds(store);
    const grown = await storage.size();
    // 100 MB of ids; a fixed-length hash per id keeps it near 1 MB.
    expect(grown - before).toBeLessThan(3 * MB);
    // Still one answer per id: the hash recognises a retry.
    expect(await store.claimDelivery(`${LONG}17`, TTL_MS, T0)).toBe(false);
    expect(await store.claimDelivery(`${LONG}${IDS}`, TTL_MS, T0)).toBe(true);
  }, 120_000);
});

describe('SQLite file', () => {
  let storage: Storage;
  let store: Store | undefined;
  beforeEach(async () => {
    storage = await sqliteEngine.create();
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await storage.teardown();
  });

  it('shrinks again once the ids have expired', async () => {
    store = await storage.open();
    const empty = await storage.size();
    await claimLongIds(store);
    // ~220 KB: a delivery is a 64-bit id and an expiry (schema 5).
    expect(await storage.size()).toBeGreaterThan(empty + 128 * 1024);
    // The next claim after expiry prunes the expired ids and hands their pages back.
    await store.claimDelivery('later', TTL_MS, new Date(T0.getTime() + 10 * TTL_MS));
    expect(await storage.size()).toBeLessThan(empty + 48 * 1024);
  }, 120_000);
});

describe('SQLite database files', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDataDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const modeOf = (file: string) => statSync(file).mode & 0o777;

  it('are readable by the service user only', async () => {
    const store = await openSqliteStore(join(dir, 'data'));
    await store.startOnboarding({ platform: 'slack', workspaceId: 'T1', userId: 'U1' }, T0);
    const file = join(dir, 'data', SQLITE_FILE);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      expect(existsSync(f), f).toBe(true);
      expect(modeOf(f), f).toBe(0o600);
    }
    await store.close();
    expect(modeOf(join(dir, 'data'))).toBe(0o700);
  });

  it('are tightened to 0600 and switched to incremental auto-vacuum when an older version made them', async () => {
    const file = join(dir, SQLITE_FILE);
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE leftover (x TEXT)');
    old.close();
    chmodSync(file, 0o644);
    const store = await openSqliteStore(dir);
    await store.close();
    expect(modeOf(file)).toBe(0o600);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    db.close();
  });
});

describe('Teams activity ids over HTTP', () => {
  let connector: FakeBotConnector;
  let running: TestServer;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDataDir();
    connector = await FakeBotConnector.start();
    running = await startServer({ DATA_DIR: dataDir }, { log: 'silent' });
  });
  afterAll(async () => {
    await running?.server.close();
    await connector?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const dbBytes = () => {
    const file = join(dataDir, SQLITE_FILE);
    const db = new Database(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return statSync(file).size;
  };

  it('takes a fixed amount of space per activity, however long its id, and answers a resent one once', async () => {
    const url = `${running.url}/api/messages`;
    const before = dbBytes();
    const conversation = { id: 'a:long-ids', conversationType: 'personal', tenantId: 'tenant-1' };
    // 8 KB: the reply goes to a URL that names the activity, and the connector must still accept that URL.
    const idOf = (i: number) => `${i}-${'y'.repeat(8_000)}`;
    const send = (i: number) =>
      postJson(url, { ...teamsActivity(connector.serviceUrl, { id: idOf(i), conversation }), text: 'what is a PMO?' });
    for (let i = 0; i < 50; i++) expect((await send(i)).status).toBe(200);
    expect((await send(0)).status).toBe(200);
    expect(connector.to('a:long-ids')).toHaveLength(50);
    // 400 KB of ids went in; the store kept a fixed few dozen bytes for each.
    expect(dbBytes() - before).toBeLessThan(64 * 1024);
  });
});
