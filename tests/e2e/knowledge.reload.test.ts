import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../bench/support/fakes/slack-api.js';
import { copyKnowledge, editYaml, newEntry } from '../helpers/knowledge.js';
import { type TestServer, tempDataDir } from '../helpers/server.js';
import { blocksText, slashBlocks, startSlackServer } from '../helpers/slack.js';
import type { SlackTarget } from '../helpers/slack-sign.js';

/** Polls until `check` passes: a reload happens a debounce after the write, on its own schedule. */
async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Health {
  knowledge: { version: string; loadedAt: string };
}

describe('hot reload of the knowledge under a running server', () => {
  let fake: FakeSlack;
  let running: TestServer & { target: SlackTarget };
  let dir: string;
  const cert = () => slashBlocks(running.target, 'cert', 'U-RELOAD').then(blocksText);
  const health = () => fetch(`${running.url}/healthz`).then((r) => r.json() as Promise<Health>);
  const metrics = () => fetch(`${running.url}/metrics`).then((r) => r.text());
  const reloadLogs = () =>
    running.lines.map((l) => JSON.parse(l) as { msg: string }).filter((l) => l.msg.startsWith('knowledge reload'));

  beforeAll(async () => {
    dir = copyKnowledge();
    fake = await FakeSlack.start();
    running = await startSlackServer(fake, { KNOWLEDGE_DIR: dir });
  });

  afterAll(async () => {
    await running.server.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers from an edited file without a restart, and /healthz reports the new version', async () => {
    const before = await health();
    expect(before.knowledge.version).toMatch(/^[0-9a-f]{16}$/);
    expect(await cert()).not.toContain('CAPM');
    editYaml(dir, 'entries/certifications.yaml', (doc) => {
      doc.addIn(['entries'], newEntry('cert-capm', { ja: 'CAPM', en: 'CAPM' }, { commands: ['cert capm'] }));
    });
    const listed = await eventually(cert, (text) => text.includes('CAPM'));
    expect(listed).toContain('CAPM');
    const after = await health();
    expect(after.knowledge.version).not.toBe(before.knowledge.version);
    expect(Date.parse(after.knowledge.loadedAt)).toBeGreaterThan(Date.parse(before.knowledge.loadedAt));
    expect(await metrics()).toMatch(/pmo_guide_knowledge_reloads_total\{result="reloaded"\} [1-9]/);
  });

  it('reloads at once when asked (SIGHUP), and reports unchanged files as such', () => {
    expect(running.server.knowledge.reload('SIGHUP')).toBe('unchanged');
  });

  it('keeps answering from the last good knowledge after a broken edit, with one clear log line', async () => {
    const version = (await health()).knowledge.version;
    const file = join(dir, 'entries/basics.yaml');
    const good = readFileSync(file, 'utf8');
    const broken = `${good}\n\tbroken: [\n`;
    writeFileSync(file, broken);
    await eventually(metrics, (text) => /reloads_total\{result="failed"\} [1-9]/.test(text));
    // The same mistake saved again is not logged again.
    writeFileSync(file, broken);
    await eventually(metrics, (text) => /reloads_total\{result="failed"\} [2-9]/.test(text));
    expect(await cert()).toContain('CAPM');
    expect((await health()).knowledge.version).toBe(version);
    const failures = reloadLogs().filter((l) => l.msg.startsWith('knowledge reload failed'));
    expect(failures).toHaveLength(1);
    expect(failures[0]?.msg).toContain('entries/basics.yaml › line');
    // Fixed again: the same content as the knowledge in use, so nothing is rebuilt.
    writeFileSync(file, good);
    const settled = await eventually(metrics, (text) => /reloads_total\{result="unchanged"\} [1-9]/.test(text));
    expect(settled).toMatch(/reloads_total\{result="unchanged"\} [1-9]/);
    expect((await health()).knowledge.version).toBe(version);
  });
});

describe('SIGHUP to the server process', () => {
  it('reloads the knowledge at once, before the watcher would', async () => {
    const dir = copyKnowledge();
    const entry = fileURLToPath(new URL('../../dist/adapters/server/main.js', import.meta.url));
    const env = {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: tempDataDir(),
      KNOWLEDGE_DIR: dir,
    };
    const child = spawn(process.execPath, [entry], { env });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const logged = (msg: string) =>
      eventually(
        async () => stderr,
        (text) => text.includes(msg),
      );
    try {
      await logged('pmo-guide listening');
      editYaml(dir, 'entries/certifications.yaml', (doc) => {
        doc.addIn(['entries'], newEntry('cert-capm', { ja: 'CAPM', en: 'CAPM' }, { commands: ['cert capm'] }));
      });
      child.kill('SIGHUP');
      await logged('knowledge reloaded');
      const line = stderr.split('\n').find((l) => l.includes('knowledge reloaded')) ?? '{}';
      expect(JSON.parse(line)).toMatchObject({ reason: 'SIGHUP', entries: 28 });
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
