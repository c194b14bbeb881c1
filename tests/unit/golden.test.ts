import { describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot/bot.js';
import { decideLanguage } from '../../src/text/language.js';
import { realKnowledge } from '../helpers/knowledge.js';

/**
 * Golden table: what a user asks → the entry that must answer it (null: the
 * bot must say it does not know rather than guess). Phrasings deliberately
 * differ from the knowledge's own example questions.
 */
const GOLDEN: [question: string, expected: string | null][] = [
  ['what does a PMO expert do?', 'pmo-expert'],
  ['PMPの受験資格は?', 'cert-pmp'],
  ['PMとPMOの違いは?', 'pm-vs-pmo'],
  ['ＰＭＯって何?', 'pmo-role'],
  ['プロマネって何をする人?', 'pm-role'],
  ['PMOアドミンの仕事', 'pmo-administrator'],
  ['PMOマネジャーは何を管理するの', 'pmo-manager'],
  ['ｴｷｽﾊﾟｰﾄの役割', 'pmo-expert'],
  ['プロジェクトマネージャ試験の合格率', 'cert-ipa-pm'],
  ['PJM-Aは何問?', 'cert-pjm-a'],
  ['PMOスペシャリストのレベル', 'cert-pmo-s'],
  ['which certifications are useful for PMO work?', 'overview-certifications'],
  ['how many countries recognise the PMP', 'cert-pmp'],
  ['what skills does a project manager need', 'overview-pm-skills'],
  ['PMOに必要なスキル一覧', 'overview-pmo-skills'],
  ['cost management skills for a PM', 'skill-cost-management'],
  ['文書作成能力はなぜPMOに必要?', 'skill-documentation'],
  ['career path of a PMO', 'career-pmo'],
  ['PMのキャリアパス', 'career-pm'],
  ['is there a future for PMs and PMOs?', 'outlook'],
  ['what kinds of PMO roles exist', 'overview-pmo-roles'],
  ['how does the PM set the project goal', 'pm-duty-objectives'],
  ['how many questions does the PJM-A certificaton have', 'cert-pjm-a'],
  ['pmo adminstrator duties', 'pmo-administrator'],
  // Newcomers, however they are called, are the entry-level certification's readers.
  ['which cert fits a newbie in a PMO?', 'cert-pjm-a'],
  ['good qualification for people just starting out in project support offices?', 'cert-pjm-a'],
  // Getting ready before joining is a question about skills, not about what the PMO is.
  ['What should I get good at before joining a PMO?', 'overview-pmo-skills'],
  // What success should look like is the project's goal.
  ['How does a PM decide what success looks like for a project?', 'pm-duty-objectives'],
  // An office job in someone's background is not the PMO administrator.
  ['I came from an admin assistant job. Which PMO role should I start in?', 'career-pmo'],
  ['sales admin here, how do I become a PMO admin?', 'pmo-administrator'],
  // Out of scope: must not be answered with some random entry.
  ["what's the weather in Osaka tomorrow", null],
  ['今日のランチどこ行く?', null],
  ['what is the wifi password', null],
  ['経費精算システムのパスワードを忘れました', null],
  ['how do I reverse a list in python', null],
  ['asdfghjkl', null],
  ['', null],
];

describe('golden questions', () => {
  const bot = new Bot({ kb: realKnowledge() });

  it.each(GOLDEN)('%j → %s', (question, expected) => {
    const { reply } = bot.ask(question, decideLanguage({ text: question }));
    expect(reply.matched ? reply.intent : null).toBe(expected);
  });

  it('answers in the language of the question', () => {
    const ja = bot.ask('PMOエキスパートとは', 'ja').reply;
    const en = bot.ask('PMO expert', 'en').reply;
    expect(ja.text).toBe(realKnowledge().byId.get('pmo-expert')?.ja.answer.trim());
    expect(en.text).toBe(realKnowledge().byId.get('pmo-expert')?.en.answer.trim());
  });

  it('falls back honestly: says it cannot answer, what it covers, and offers at most three close entries', () => {
    const kb = realKnowledge();
    for (const q of ['PMO office room number', 'hmm, what about that one?', 'asdfghjkl']) {
      const { reply } = bot.ask(q, 'en');
      expect([reply.kind, reply.matched, reply.title]).toEqual(['fallback', false, kb.ui.cannotAnswer.en]);
      expect(reply.text).toContain(kb.ui.scope.en.trim());
      expect(reply.suggestions.length).toBeLessThanOrEqual(3);
      for (const s of reply.suggestions) {
        expect(s.action.type === 'ask' && kb.byId.has(s.action.entryId)).toBe(true);
      }
    }
  });

  it('keeps confidence in 0..1 and higher for a clear question than for a vague one', () => {
    const clear = bot.ask('What is the pass rate of the IPA project manager exam?', 'en').reply.confidence;
    const vague = bot.ask('project stuff', 'en').reply.confidence;
    expect(clear).toBeGreaterThan(vague);
    expect(clear).toBeLessThanOrEqual(1);
    expect(vague).toBeGreaterThanOrEqual(0);
  });
});
