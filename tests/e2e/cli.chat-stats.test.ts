import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root, workspace } from '../helpers/cli.js';
import { realKnowledge } from '../helpers/knowledge.js';

/**
 * The terminal chat and `stats` as a newcomer meets them (issue 11), over
 * real processes: a quiet start, buttons that keep their numbers, typos that
 * are not questions, and a report in the reader's language.
 */

const kb = realKnowledge();
const ui = kb.ui;

/** A newcomer's working copy: `.env` copied from the template, as the README says. */
function newcomer(): string {
  const cwd = workspace();
  copyFileSync(join(root, '.env.example'), join(cwd, '.env'));
  return cwd;
}

/** Each reply the chat printed, after the greeting (replies follow the "> " prompt). */
function replies(stdout: string): string[] {
  return stdout.split('\n> ').slice(1);
}

describe('pmo-guide chat', () => {
  it('starts with the template .env and prints no warning: ANALYTICS_SALT unset is not the terminal user’s concern', () => {
    const run = cli(['chat'], { cwd: newcomer(), input: 'what does a PMO do?\n' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('ANALYTICS_SALT');
  });

  it('gives Next the same number on every answered onboarding step, and titles `onboard status` as progress', () => {
    // onboard → answer step 1 → Next → answer step 2 → status
    const run = cli(['chat'], { cwd: newcomer(), input: 'onboard\n1\n1\n1\nonboard status\n' });
    const [step1, answered1, step2, answered2, status] = replies(run.stdout);
    expect(step1).toContain(ui.onboarding.skip.en);
    for (const answered of [answered1, answered2]) {
      expect(answered).toContain(`[1] ${ui.onboarding.next.en}`);
    }
    // Step 2 has a Back button too; it comes after Next, not before it.
    expect(answered2).toContain(`[2] ${ui.onboarding.back.en}`);
    expect(step2).toMatch(/Step 2\//);
    expect(status?.trimStart().split('\n')[0]).toBe(ui.onboarding.progress.en);
    expect(status).not.toContain(ui.onboarding.start.en);
  });

  it('answers a number no button has with a hint, and does not record it as an unanswered question', () => {
    const cwd = newcomer();
    const run = cli(['chat'], { cwd, input: 'what does a PMO do?\n99\n' });
    expect(replies(run.stdout)[1]).toContain('There is no [99]');
    const stats = JSON.parse(cli(['stats', '--json'], { cwd }).stdout) as { unanswered: { example: string }[] };
    expect(stats.unanswered.map((q) => q.example)).not.toContain('99');
  });

  it('lists stats in help, and points a terminal user to `pmo-guide stats`', () => {
    const run = cli(['chat'], { cwd: newcomer(), input: 'help\nstats\n' });
    const [help, stats] = replies(run.stdout);
    expect(help).toContain('`stats');
    expect(stats).toContain(ui.stats.deniedTerminal.en);
  });
});

describe('pmo-guide stats', () => {
  it('reports in Japanese throughout with --lang ja', () => {
    const cwd = newcomer();
    cli(['chat'], { cwd, input: "what's the weather tomorrow\nonboard\n1\n" });
    const run = cli(['stats', '--lang', 'ja'], { cwd });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('ナレッジ分析(直近7日間)');
    expect(run.stdout).toContain("1回「what's the weather tomorrow」(英語、");
    expect(run.stdout).toContain('開始 1人、完了 0人');
    expect(run.stdout).toContain('ステップ1: 1問中');
    // No English left over, and no raw period.
    expect(run.stdout).not.toMatch(/started|completed|best guess|right\b|7d/);
  });

  it('follows the terminal’s language when --lang is not given', () => {
    const run = cli(['stats'], { cwd: newcomer(), env: { LANG: 'ja_JP.UTF-8' } });
    expect(run.stdout).toContain('直近7日間');
  });
});
