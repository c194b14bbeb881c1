import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotConnector, teamsActivity } from '../../bench/support/fakes/bot-connector.js';
import { realKnowledge } from '../helpers/knowledge.js';
import { stepOf, stepTitle, total, ui } from '../helpers/onboarding.js';
import { type OwnPostgres, ownPostgresAvailable, startOwnPostgres } from '../helpers/own-postgres.js';
import { postJson, tempDataDir } from '../helpers/server.js';
import { type Card, readCard } from '../helpers/teams.js';

/**
 * The PostgreSQL store when the database misbehaves, against the real server
 * process (`npm start`) and a PostgreSQL owned by this file: stopped and
 * restarted under onboarding traffic the process must survive and keep
 * every write it acknowledged; frozen (SIGSTOP), answers must still go out
 * within the store timeout.
 */

const STORE_TIMEOUT_MS = 500;
/** Generous: the point is "about the store timeout", not the 20 s+ a frozen database used to cost. */
const ANSWER_WITHIN_MS = 5_000;
const USERS = 6;
/** Between one user's clicks, so the walk through onboarding spans the outage. */
const PACE_MS = 120;
const entry = fileURLToPath(new URL('../../dist/adapters/server/main.js', import.meta.url));
const kb = realKnowledge();
const pmoTitle = kb.byId.get('pmo-role')?.en.title ?? 'pmo-role';
const summaryPrefix = ui.summary.en.split('{')[0] ?? '';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  process: ChildProcess;
  url: string;
  stderr(): string;
}

/** The built entry point with nothing but `env`, in a folder without a .env. */
async function spawnServer(env: Record<string, string>): Promise<Server> {
  const cwd = mkdtempSync(join(tmpdir(), 'pmo-faults-'));
  const child = spawn(process.execPath, [entry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  for (let i = 0; i < 400; i++) {
    const url = /"msg":"pmo-guide listening"/.test(stderr) ? /"url":"([^"]+)"/.exec(stderr)?.[1] : undefined;
    if (url) return { process: child, url, stderr: () => stderr };
    if (child.exitCode !== null) break;
    await sleep(25);
  }
  throw new Error(`server did not start:\n${stderr}`);
}

/** Which step a reply shows (total = the summary), and whether it was saved. */
function readStep(card: Card): { step: number | undefined; saved: boolean } {
  const header = card.text.split('\n')[0] ?? '';
  let step: number | undefined = header.startsWith(summaryPrefix) ? total : undefined;
  for (let k = 0; k < total && step === undefined; k++) if (header === stepTitle(k, 'en')) step = k;
  return { step, saved: !card.text.includes(ui.notSaved.en) };
}

describe.skipIf(!ownPostgresAvailable)(
  ownPostgresAvailable
    ? 'Store contract on PostgreSQL: the database stops, restarts and freezes'
    : 'Store contract on PostgreSQL: stop, restart, freeze (skipped: no PostgreSQL binaries here)',
  () => {
    let pg: OwnPostgres;
    let connector: FakeBotConnector;
    let server: Server;
    const dataDir = tempDataDir();

    beforeAll(async () => {
      pg = await startOwnPostgres('faults');
      connector = await FakeBotConnector.start();
      server = await spawnServer({
        DATABASE_URL: pg.url,
        DATA_DIR: dataDir,
        ANALYTICS_SALT: 'faults-salt',
        STORE_TIMEOUT_MS: String(STORE_TIMEOUT_MS),
      });
    });

    afterAll(async () => {
      pg?.thaw();
      server?.process.kill('SIGTERM');
      await connector?.close();
      await pg?.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** One Teams message or click from `user`, and the card the bot posted back. */
    async function send(user: string, fields: Record<string, unknown>): Promise<Card> {
      const conversation = { id: `a:${user}`, conversationType: 'personal', tenantId: 'tenant-1' };
      const from = { id: `29:${user}`, aadObjectId: user, name: user };
      const before = connector.to(conversation.id).length;
      const res = await postJson(`${server.url}/api/messages`, {
        ...teamsActivity(connector.serviceUrl, { from, conversation }),
        ...fields,
      });
      const posted = connector.to(conversation.id)[before];
      if (res.status !== 200 || !posted) throw new Error(`${user}: HTTP ${res.status}, reply posted: ${!!posted}`);
      return readCard(posted.body);
    }

    /** Walks `user` through onboarding until told to stop, checking that saved progress never goes back. */
    interface Traffic {
      stop: boolean;
      /** Per user, the furthest step a saved reply showed. */
      saved: Map<string, number>;
      unsaved: number;
      /** The first failure (no reply, or saved progress going back); stops all traffic. */
      error?: unknown;
    }

    async function walk(user: string, traffic: Traffic): Promise<void> {
      try {
        await walkOnce(user, traffic);
      } catch (error) {
        traffic.error ??= error;
        traffic.stop = true;
      }
    }

    async function walkOnce(user: string, traffic: Traffic): Promise<void> {
      let card = await send(user, { text: 'onboard' });
      while (!traffic.stop) {
        card = await send(user, nextMove(card, note(user, card, traffic)));
        await sleep(PACE_MS);
      }
    }

    /** Records what a reply shows; throws if saved progress went back. True when the walk is over. */
    function note(user: string, card: Card, traffic: Traffic): boolean {
      const { step, saved } = readStep(card);
      if (!saved) traffic.unsaved += 1;
      if (!saved || step === undefined) return false;
      const acked = traffic.saved.get(user) ?? -1;
      if (step < acked) throw new Error(`${user}: saved step ${acked} came back as ${step}`);
      traffic.saved.set(user, step);
      return step === total;
    }

    /** Next, or the right answer, on a step; a plain question once finished; `onboard` to find the way back. */
    function nextMove(card: Card, finished: boolean): Record<string, unknown> {
      if (finished) return { text: 'what is a PMO?' };
      const onboard = card.submits.map((s) => s.data).filter((d) => d.type === 'onboard');
      const click =
        onboard.find((d) => d.op === 'next') ??
        onboard.find((d) => d.op === 'answer' && d.choice === stepOf(Number(d.step)).answer);
      return click ? { value: click } : { text: 'onboard' };
    }

    it('survives a restart of the database under onboarding traffic and keeps every acknowledged step', async () => {
      const traffic: Traffic = { stop: false, saved: new Map<string, number>(), unsaved: 0 };
      const users = Array.from({ length: USERS }, (_, i) => `restart-${i}`);
      const walking = Promise.all(users.map((u) => walk(u, traffic)));
      await sleep(800);
      await pg.stop();
      await sleep(1500);
      await pg.start();
      const restarted = new Map(traffic.saved);
      // Traffic goes on until every user has had progress saved again since the restart.
      const waiting = () => !traffic.stop && users.some((u) => traffic.saved.get(u) === restarted.get(u));
      for (let i = 0; i < 200 && waiting(); i++) await sleep(100);
      traffic.stop = true;
      await walking;

      expect(server.stderr()).not.toMatch(/Unhandled 'error' event|uncaughtException/);
      expect(server.process.exitCode).toBeNull();
      expect(traffic.error).toBeUndefined();
      expect(traffic.unsaved).toBeGreaterThan(0);
      for (const user of users) {
        const now = readStep(await send(user, { text: 'onboard' }));
        expect(now.saved, user).toBe(true);
        expect(now.step ?? -1, user).toBeGreaterThanOrEqual(traffic.saved.get(user) ?? 0);
        expect(traffic.saved.get(user) ?? 0, user).toBeGreaterThan(0);
      }
    }, 60_000);

    it('answers within the store timeout while the database is frozen, and saves again once it thaws', async () => {
      expect(readStep(await send('stall-0', { text: 'onboard' })).saved).toBe(true);
      const took: number[] = [];
      const timed = async (user: string, fields: Record<string, unknown>) => {
        const started = Date.now();
        const card = await send(user, fields);
        took.push(Date.now() - started);
        return card;
      };
      pg.freeze();
      try {
        // Spread over more than the store's 5 s pause, so calls that really wait on the database are included.
        for (let i = 0; i < 7; i++) {
          expect((await timed(`stall-${i}`, { text: 'what is a PMO?' })).text).toContain(pmoTitle);
          await sleep(1000);
        }
        const together = await Promise.all([1, 2, 3].map((i) => timed(`stall-c${i}`, { text: 'what is a PMO?' })));
        for (const card of together) expect(card.text).toContain(pmoTitle);
        const onboarding = readStep(await timed('stall-0', { text: 'onboard' }));
        expect(onboarding.saved).toBe(false);
        expect(Math.max(...took)).toBeLessThan(ANSWER_WITHIN_MS);
      } finally {
        pg.thaw();
      }
      let saved = false;
      for (let i = 0; i < 40 && !saved; i++) {
        saved = readStep(await send('stall-0', { text: 'onboard' })).saved;
        if (!saved) await sleep(500);
      }
      expect(saved).toBe(true);
      expect(server.process.exitCode).toBeNull();
    }, 60_000);
  },
);
