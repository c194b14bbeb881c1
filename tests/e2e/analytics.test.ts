import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../adapters/server/server.js';
import { FEEDBACK_ACTION_IDS } from '../../adapters/slack/render.js';
import { escapeMrkdwn } from '../../adapters/slack/text.js';
import { FakeSlack } from '../../bench/support/fakes/slack-api.js';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/sqlite.js';
import type { FeedbackTally, QuestionGroup } from '../../src/store/store.js';
import { realKnowledge } from '../helpers/knowledge.js';
import { tempDataDir } from '../helpers/server.js';
import { blocksText, buttonsOf, clickEphemeral, slashBlocks, startSlackServer } from '../helpers/slack.js';
import { type SlackTarget, sendEvent } from '../helpers/slack-sign.js';

/**
 * Analytics end to end: a scripted Slack session against the real server
 * (SQLite in a temp DATA_DIR), then the `pmo-guide stats` CLI reading the
 * same file, `/pmo stats` for admins only, salted user hashes on disk, and
 * the retention purge at start-up.
 */

const execFileAsync = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const kb = realKnowledge();

const ALICE = 'U0ALICERAWID';
const BOB = 'U0BOBRAWID';
const ADMIN = 'U0ADMINRAWID';
const WIFI = "what's the wifi password?";
const ROOM = 'how do I book a meeting room';

let fake: FakeSlack;
let server: RunningServer | undefined;
let dataDir: string;
let target: SlackTarget;

async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const running = await startSlackServer(
    fake,
    { ANALYTICS_SALT: 'analytics-test-salt', ADMIN_USER_IDS: ADMIN, ...env },
    { log: 'silent' },
  );
  target = running.target;
  return running.server;
}

/** `/pmo <text>`: the blocks of the ephemeral answer. */
const ask = (text: string, user: string): Promise<unknown[]> => slashBlocks(target, text, user);

/** A question in the bot's DM, answered with chat.postMessage. */
async function askInDm(text: string, user: string): Promise<void> {
  const seen = fake.calls.length;
  const res = await sendEvent(target, { type: 'message', channel_type: 'im', channel: `D-${user}`, user, text });
  expect(res.status).toBe(200);
  await fake.nextCall('chat.postMessage', seen);
}

/** Clicks 👍 or 👎 under an answer and waits for the thanks (posted once the vote is saved). */
async function vote(blocks: unknown[], user: string, helpful: boolean): Promise<void> {
  const actionId = helpful ? FEEDBACK_ACTION_IDS.up : FEEDBACK_ACTION_IDS.down;
  const pressed = buttonsOf(blocks).find((b) => b.action_id === actionId);
  if (!pressed?.value) throw new Error(`no ${actionId} button under:\n${blocksText(blocks)}`);
  const thanks = await clickEphemeral(fake, target, { actionId, value: pressed.value, user });
  expect(blocksText(thanks.body.blocks)).toContain(escapeMrkdwn(kb.ui.feedbackThanks.en.trim()));
}

async function stats(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, ['bin/pmo-guide.js', 'stats', ...args], {
    cwd: root,
    // DATABASE_URL blank so a developer's own setting (or .env) cannot point the CLI elsewhere.
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
  });
  return stdout;
}

const title = (id: string) => kb.byId.get(id)?.en.title ?? id;

beforeAll(async () => {
  fake = await FakeSlack.start();
  dataDir = tempDataDir();
  server = await startServer({ DATA_DIR: dataDir });

  // The scripted session: two questions the bot cannot answer (one of them asked twice,
  // by two people on two paths), two it answers, and three votes.
  await ask(WIFI, ALICE);
  await askInDm(WIFI, BOB);
  await ask(ROOM, ALICE);
  const pmo = await ask('what is a PMO?', ALICE);
  const pm = await ask('what does a PM do?', BOB);
  expect(blocksText(pmo)).toContain(title('pmo-role'));
  expect(blocksText(pm)).toContain(title('pm-role'));
  await vote(pmo, ALICE, true);
  await vote(pmo, BOB, false);
  await vote(pm, BOB, true);
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('analytics over Slack', () => {
  it('`pmo-guide stats --json` groups the unanswered questions and tallies the votes', async () => {
    const report = JSON.parse(await stats('--json', '--since', '1d')) as {
      engine: string;
      unanswered: QuestionGroup[];
      lowConfidence: QuestionGroup[];
      feedback: FeedbackTally[];
    };
    expect(report.engine).toBe('sqlite');
    expect(report.unanswered.map((g) => [g.example, g.count])).toEqual([
      [WIFI, 2],
      [ROOM, 1],
    ]);
    // Confident answers are not questions to work on.
    expect(JSON.stringify(report.lowConfidence)).not.toMatch(/what is a PMO|what does a PM do/);
    expect(report.feedback).toEqual([
      { entryId: 'pmo-role', up: 1, down: 1 },
      { entryId: 'pm-role', up: 1, down: 0 },
    ]);
  });

  it('the human-readable `pmo-guide stats` names the questions and the answers voted on', async () => {
    const text = await stats('--since', '1d');
    expect(text).toContain(kb.ui.stats.unanswered.en);
    expect(text).toContain(`2× "${WIFI}"`);
    expect(text).toContain(`1× "${ROOM}"`);
    expect(text).toContain(kb.ui.stats.feedback.en);
    expect(text).toContain(`${title('pmo-role')}: 👍 1 / 👎 1`);
    expect(text).toContain(`${title('pm-role')}: 👍 1 / 👎 0`);
  });

  it('`/pmo stats` is refused to a non-admin and shows the report to an admin', async () => {
    const denied = blocksText(await ask('stats', ALICE));
    // The refusal says how to become an admin: the user's own id, as ADMIN_USER_IDS spells it.
    expect(denied).toContain(escapeMrkdwn(kb.ui.stats.denied.en.replace('{id}', `slack:${ALICE}`)));
    expect(denied).toContain('ADMIN_USER_IDS');
    expect(denied).not.toContain(WIFI);

    const report = blocksText(await ask('stats', ADMIN));
    expect(report).toContain(kb.ui.stats.title.en.replace('{since}', 'last 7 days'));
    expect(report).toContain(`2× "${WIFI}"`);
    expect(report).toContain(`${escapeMrkdwn(title('pmo-role'))}: 👍 1 / 👎 1`);
  });

  it('stores only salted user hashes in the question and feedback rows', () => {
    const db = new Database(join(dataDir, SQLITE_FILE), { readonly: true, fileMustExist: true });
    try {
      const questions = db.prepare('SELECT * FROM questions').all() as { user_hash: string }[];
      const feedback = db.prepare('SELECT * FROM feedback').all() as { user_hash: string }[];
      expect(questions).toHaveLength(3);
      expect(feedback).toHaveLength(3);
      const dump = JSON.stringify([questions, feedback]);
      for (const id of [ALICE, BOB, ADMIN]) expect(dump).not.toContain(id);
      for (const row of [...questions, ...feedback]) expect(row.user_hash).toMatch(/^[0-9a-f]{32}$/);
      // Alice and Bob stay distinguishable (one vote each) without being identifiable.
      expect(new Set(questions.map((q) => q.user_hash)).size).toBe(2);
      expect(new Set(feedback.map((f) => f.user_hash)).size).toBe(2);
    } finally {
      db.close();
    }
  });
});

describe('analytics retention', () => {
  it('purges rows older than RETENTION_DAYS at start-up and keeps recent ones', async () => {
    const dir = tempDataDir();
    const now = Date.now();
    const old = new Date(now - 3 * 86_400_000);
    const store = await openSqliteStore(dir);
    const alice = { platform: 'slack' as const, workspaceId: 'T1', userId: 'U-A' };
    const bob = { ...alice, userId: 'U-B' };
    const question = {
      user: alice,
      normalized: 'old question',
      lang: 'en' as const,
      bestGuess: null,
      confidence: 0.1,
      matched: false,
    };
    await store.recordQuestion({ ...question, text: 'an old question', at: old });
    await store.recordQuestion({ ...question, text: 'a recent question', normalized: 'recent', at: new Date(now) });
    await store.recordFeedback({ user: alice, entryId: 'pmo-role', helpful: false, lang: 'en', at: old });
    await store.recordFeedback({ user: bob, entryId: 'pmo-role', helpful: true, lang: 'en', at: new Date() });
    await store.close();

    const running = await startServer({ DATA_DIR: dir, RETENTION_DAYS: '1' });
    try {
      const db = new Database(join(dir, SQLITE_FILE), { readonly: true, fileMustExist: true });
      try {
        expect(db.prepare('SELECT text FROM questions').pluck().all()).toEqual(['a recent question']);
        expect(db.prepare('SELECT helpful FROM feedback').pluck().all()).toEqual([1]);
      } finally {
        db.close();
      }
    } finally {
      await running.close();
    }
  });
});
