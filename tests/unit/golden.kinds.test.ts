import { describe, expect, it } from 'vitest';
import { renderReply } from '../../adapters/slack/render.js';
import { renderCard } from '../../adapters/teams/render.js';
import { Bot } from '../../src/bot/bot.js';
import { formatReply } from '../../src/cli/format.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { Reply } from '../../src/reply.js';
import { decideLanguage } from '../../src/text/language.js';
import { copyKnowledge, editYaml, entryOf, realKnowledge } from '../helpers/knowledge.js';

/**
 * Golden table by kind of message, as people type them in chat: long,
 * mixed-language, kana variants, typos, comparisons, details the guide does
 * not give, small talk. None of these questions is one of the knowledge's
 * example questions.
 */
type Expect =
  | { answer: string; shortHas?: string }
  | { compare: [string, string] }
  | { notCovered: string | null }
  | { declined: 'out-of-scope' | 'unclear' }
  | { smalltalk: true };

const GOLDEN: [kind: string, question: string, expected: Expect][] = [
  [
    'long',
    '来週から新しい案件に入ります。メンバーも初対面なんですが、PMとしてチームを作るとき最初に何を考えればいいですか?',
    { answer: 'pm-duty-team-building' },
  ],
  [
    'long',
    "I'm new here and my manager told me I'll be helping the PMO. Before I start, what does a PMO administrator actually do all day?",
    { answer: 'pmo-administrator' },
  ],
  // The asking sentence says only "which skill"; the context says what the trouble is.
  [
    'long',
    'I am a PM and my budget keeps running over every quarter. Which skill should I work on?',
    { answer: 'skill-cost-management' },
  ],
  // The asking sentence names only the PM; the context names which part of the PM's work.
  [
    'long',
    'Planning is done and the build is underway. What is a PM supposed to keep managing from now on?',
    { answer: 'pm-duty-execution' },
  ],
  // An entry about one broad role gives way to its counterpart about the role the question names.
  ['named', "What's the typical career path for people in a PMO?", { answer: 'career-pmo' }],
  // Advice asked; the context names a detail (where it is recognised) that one listed certification alone holds.
  [
    'advice',
    'My clients are spread across several countries. What qualification should I aim for?',
    { answer: 'cert-pmp' },
  ],
  ['advice', 'Most of my stakeholders are overseas. Which certification would you suggest?', { answer: 'cert-pmp' }],
  ['advice', '外資系で働くならどの資格がいい?', { answer: 'cert-pmp' }],
  // The asking sentence asks for skills; the context's talk of promotion does not make it a career question.
  [
    'long',
    'I hope to move up to PM within a year. My lead asked for a growth plan. What skills should I focus on?',
    { answer: 'overview-pm-skills' },
  ],
  // "Is that true?" asks about what the context said: the message is read whole.
  [
    'long',
    'People say project management jobs will shrink because of AI. Is that true for PMs and PMOs?',
    { answer: 'outlook' },
  ],
  ['mixed', 'PMO managerのroleって?', { answer: 'pmo-manager' }],
  ['mixed', 'PMOアドミンの仕事 in short?', { answer: 'pmo-administrator' }],
  ['variant', 'まねーじゃーとえきすぱーと', { answer: 'pmo-expert' }],
  ['typo', 'pmo admn tasks?', { answer: 'pmo-administrator' }],
  // Names PJM-A alone; the certification overview listing it must not win by a hair.
  ['named', 'アソシエイト認定資格ってPMO向けなの?', { answer: 'cert-pjm-a' }],
  ['advice', 'how do i become a pmo', { answer: 'overview-pmo-skills' }],
  ['precise', 'IPAのPM試験の合格率は?', { answer: 'cert-ipa-pm', shortHas: '14%' }],
  ['precise', 'whats the pass rate for the IPA PM exam in Japan', { answer: 'cert-ipa-pm', shortHas: '14%' }],
  ['precise', 'PMPの受験資格を教えて', { answer: 'cert-pmp', shortHas: '研修' }],
  ['precise', 'PMO Specialistって何レベルある?', { answer: 'cert-pmo-s', shortHas: '★★★' }],
  ['precise', 'In how many countries is the PMP recognised?', { answer: 'cert-pmp', shortHas: '180' }],
  [
    'comparison',
    'Is a PMO expert more senior than a PMO administrator?',
    { compare: ['pmo-expert', 'pmo-administrator'] },
  ],
  ['comparison', '転職に強いのはIPAの試験とPMPのどっち?', { compare: ['cert-ipa-pm', 'cert-pmp'] }],
  ['comparison', 'PJM-A or PMP for a beginner?', { compare: ['cert-pjm-a', 'cert-pmp'] }],
  [
    'comparison',
    "What's the difference between PM career paths and PMO career paths?",
    { compare: ['career-pm', 'career-pmo'] },
  ],
  // A career's end point (career-pm's names) against a PMO role, asked as careers: the two careers.
  [
    'comparison',
    'program manager or PMO manager: which career suits me more?',
    { compare: ['career-pm', 'career-pmo'] },
  ],
  ['comparison', 'PMO-S or PMP for a PMO career?', { compare: ['cert-pmo-s', 'cert-pmp'] }],
  // "My manager" is someone's boss, not a third PMO role beside the two compared.
  [
    'comparison',
    'My manager and I disagree: is the PMO expert or the PMO administrator in charge of the reports?',
    { compare: ['pmo-expert', 'pmo-administrator'] },
  ],
  // The broad roles compared on an aspect no entry holds per role: the overview of that kind answers.
  ['comparison', 'Compare the PM and the PMO path in terms of certifications.', { answer: 'overview-certifications' }],
  ['comparison', 'PMとPMOの違いを資格の面から教えて', { answer: 'overview-certifications' }],
  ['comparison', 'Career-wise, is PMO a dead end compared with PM?', { compare: ['career-pmo', 'career-pm'] }],
  // Names as people write them: another article ("forming the team"), the gerund ("managing progress").
  [
    'comparison',
    'Should a PM do the goal setting before forming the team?',
    { compare: ['pm-duty-objectives', 'pm-duty-team-building'] },
  ],
  [
    'comparison',
    'Is managing progress harder than cost management for a PM?',
    { compare: ['skill-progress-management', 'skill-cost-management'] },
  ],
  [
    'comparison',
    'プロジェクト実行中にPMOエキスパートとPMの役割分担は?',
    { compare: ['pm-duty-execution', 'pmo-expert'] },
  ],
  ['comparison', 'PMとPMOの違いってざっくり言うと?', { answer: 'pm-vs-pmo' }],
  // A broad role with one of its own duties or skills asks about that duty, not to compare.
  ['named', "What is the PM's role in the project's execution phase?", { answer: 'pm-duty-execution' }],
  ['comparison', 'Is goal setting done by the PM or by the sponsor?', { answer: 'pm-duty-objectives' }],
  // Three topics one overview lists are asked of the overview.
  ['comparison', 'admin, expert and manager in a PMO: how do they split the work?', { answer: 'overview-pmo-roles' }],
  // The two broad roles compared on one named topic: that topic's entry answers for both.
  ['comparison', 'PMとPMOで、コミュニケーション能力の使い方は違うの?', { answer: 'skill-communication' }],
  ['comparison', 'Does documentation matter differently for a PM versus a PMO?', { answer: 'skill-documentation' }],
  // The matcher reading "the PMO vs a PMO role type" as PM vs PMO still agrees it is a comparison.
  ['comparison', 'Is a PMO manager the same as the PMO itself?', { compare: ['pmo-manager', 'pmo-role'] }],
  // A broad role asked to be no more than one of its parts: the role's own entry, not a comparison.
  ['comparison', 'Is a PMO just admin work or more?', { answer: 'pmo-role' }],
  ['comparison', 'PMOってただのアドミンなの?それとも違う?', { answer: 'pmo-role' }],
  ['not covered', 'How long does a PMP certification stay valid?', { notCovered: 'cert-pmp' }],
  ['not covered', 'IPAの試験は年に何回ありますか?', { notCovered: 'cert-ipa-pm' }],
  ['not covered', 'Is there a student discount for the PMO Specialist exam?', { notCovered: 'cert-pmo-s' }],
  ['not covered', 'PJM-Aの試験時間は?', { notCovered: 'cert-pjm-a' }],
  // "How much does … matter" asks how important, not what it costs; "how much does … cost" still does.
  ['named', 'How much does documentation matter for a PMO?', { answer: 'skill-documentation' }],
  ['not covered', 'How much does PMO Specialist cost?', { notCovered: 'cert-pmo-s' }],
  ['not covered', 'PMPって自宅からオンラインで受けられる?', { notCovered: 'cert-pmp' }],
  ['not covered', 'How much does a PMO manager earn?', { notCovered: 'pmo-manager' }],
  ['not covered', 'What does a Scrum Master do?', { notCovered: null }],
  ['not covered', 'RACIの作り方', { notCovered: null }],
  ['not covered', 'Which school should I use to prepare for PMP?', { notCovered: 'cert-pmp' }],
  ['not covered', 'PMPはPMBOKの第何版がベース?', { notCovered: 'cert-pmp' }],
  ['not covered', 'How big should a PMO team be?', { notCovered: 'pmo-role' }],
  // The entry gives the ★ level's question count; another level's is not in the guide.
  ['not covered', 'PMO-S ★★★ exam: number of questions?', { notCovered: 'cert-pmo-s' }],
  ['precise', 'PMOスペシャリスト★の問題数は?', { answer: 'cert-pmo-s', shortHas: '50' }],
  ['out of scope', 'how do I book a meeting room', { declined: 'out-of-scope' }],
  ['out of scope', 'Where do I submit my timesheet?', { declined: 'out-of-scope' }],
  ['out of scope', 'VPNにつながりません', { declined: 'out-of-scope' }],
  ['small talk', 'thanks!', { smalltalk: true }],
  ['small talk', 'ありがとう', { smalltalk: true }],
  ['small talk', 'you rock, thanks!', { smalltalk: true }],
  ['small talk', 'またよろしくお願いいたします', { smalltalk: true }],
  ['small talk', 'ok', { smalltalk: true }],
  ['small talk', '👍', { smalltalk: true }],
  ['small talk', 'お疲れさまです', { smalltalk: true }],
  ['small talk', "cheers, that's helpful", { smalltalk: true }],
  ['small talk', 'yep, makes sense', { smalltalk: true }],
  // The opening before a hyphen: folding drops the hyphen, so the whole reads "thanksalot".
  ['small talk', 'thanks-alot', { smalltalk: true }],
  ['small talk', 'thx!! 🙏', { smalltalk: true }],
  ['small talk', 'hello? you there?', { smalltalk: true }],
  ['small talk', '🙇‍♂️', { smalltalk: true }],
  ['small talk', '承知しました、助かります', { smalltalk: true }],
  ['small talk', 'もしもし、いますか?', { smalltalk: true }],
  ['out of scope', 'Teams keeps crashing when I join a call', { declined: 'out-of-scope' }],
  // Opens with へ, which alone is small talk (へー): not a word boundary in Japanese.
  ['out of scope', 'ヘッドセットのマイクが使えない', { declined: 'out-of-scope' }],
  // Small talk followed by a remark that asks nothing and names nothing of the guide.
  ['small talk', "great, I'll pass this on to my team", { smalltalk: true }],
  ['small talk', 'ありがとうございます、チームにも共有しておきます', { smalltalk: true }],
  ['long', 'thanks! and how is a PMO expert different from a PMO manager?', { compare: ['pmo-expert', 'pmo-manager'] }],
  ['typo', 'ok, pmo expert duties', { answer: 'pmo-expert' }],
  // An advice question naming no topic: the context picks among what its best entry lists.
  ['advice', 'I enjoy building spreadsheets and crunching numbers. Which PMO job fits me?', { answer: 'pmo-expert' }],
  // "that position" points at the topic the context named last, not at every one it named.
  [
    'long',
    'I started as a PMO admin. Now my lead says I should become a PMO manager. What does that position involve?',
    { answer: 'pmo-manager' },
  ],
  // Lowercase "pmos" after a plural word is PMOs; beside a certification word it is PMO-S.
  ['casual', 'what kind of documents do pmos write', { answer: 'skill-documentation' }],
  ['casual', 'is pmos hard to pass?', { answer: 'cert-pmo-s' }],
  // Ranking words compare two topics of one kind, not a broad role with a topic.
  ['comparison', 'PMP better than IPA for a PM in Japan?', { compare: ['cert-pmp', 'cert-ipa-pm'] }],
  ['comparison', 'IPAとPMP、難しいのは?', { compare: ['cert-ipa-pm', 'cert-pmp'] }],
  ['mixed', 'how do I get better at コスト管理 as a PM', { answer: 'skill-cost-management' }],
  // The matcher answering PM vs PMO agrees with comparing an aspect (careers) of the two.
  ['comparison', 'long term, is consulting open to PMs or only to PMOs?', { compare: ['career-pm', 'career-pmo'] }],
  // Topic names in the other language are read in the message's own too.
  ['mixed', 'progress managementってPMに必要?', { answer: 'skill-progress-management' }],
  ['mixed', 'documentation skillってPMOに必要?', { answer: 'skill-documentation' }],
  ['mixed', 'チームビルディング as a PM', { answer: 'pm-duty-team-building' }],
  // Asking for the step after a topic one has: that topic's `next:` answers, not the topic itself.
  ['advice', 'Got my PJM-A certificate last month, what is the next step?', { answer: 'cert-pmo-s' }],
  ['advice', 'PJM-Aに合格しました。次のステップとしておすすめの資格は?', { answer: 'cert-pmo-s' }],
  ['advice', "I've been a PMO expert for a while. How do I move up?", { answer: 'career-pmo' }],
  // A broad role named alone with a next-step word: the role's own next step (next: career-pm).
  ['advice', "After a few big projects, what's next for a project manager?", { answer: 'career-pm' }],
  ['advice', 'I want to level up in PMO certs. Which one has several levels?', { answer: 'cert-pmo-s' }],
  ['advice', 'I love dashboards and spotting trends in data. Which PMO job is for me?', { answer: 'pmo-expert' }],
  [
    'advice',
    'I enjoy coaching people and setting direction. Which PMO position would suit me?',
    { answer: 'pmo-manager' },
  ],
  ['advice', "I'm a PMO expert and want to run the whole PMO one day. What's the path?", { answer: 'career-pmo' }],
  [
    'advice',
    'Finance says my project burns money too fast. What PM skill am I missing?',
    { answer: 'skill-cost-management' },
  ],
  ['advice', 'PMOマネージャーのその先にはどんなキャリアがある?', { answer: 'career-pmo' }],
  // Choosing between the two sides the best entry compares: not one side's aspect the context reads as.
  [
    'advice',
    "Our firm's career program asks me to pick the PM track or the PMO track. How do I decide which one fits me?",
    { answer: 'pm-vs-pmo' },
  ],
  // "next" in a detail question is the detail's: the topic named is the one it is asked of.
  ['near-domain', 'When is the next PJM-A exam?', { notCovered: 'cert-pjm-a' }],
];

const kb = realKnowledge();
const bot = new Bot({ kb });
const ask = (q: string) => bot.ask(q, decideLanguage({ text: q })).reply;

function check(reply: Reply, expected: Expect): void {
  if ('answer' in expected) {
    expect([reply.kind, reply.matched, reply.intent]).toEqual(['answer', true, expected.answer]);
    if (expected.shortHas) expect(reply.short).toContain(expected.shortHas);
  } else if ('compare' in expected) {
    expect(reply.kind).toBe('comparison');
    expect(reply.intents).toEqual(expected.compare);
    expect(reply.sides?.map((s) => s.intent)).toEqual(expected.compare);
  } else if ('notCovered' in expected) {
    expect([reply.matched, reply.reason]).toEqual([false, 'not-covered']);
    const offered = reply.suggestions.map((s) => (s.action.type === 'ask' ? s.action.entryId : null));
    expect(offered).toEqual(expected.notCovered ? [expected.notCovered] : []);
  } else if ('declined' in expected) {
    expect([reply.kind, reply.matched, reply.reason]).toEqual(['fallback', false, expected.declined]);
  } else {
    expect([reply.kind, reply.matched]).toEqual(['smalltalk', false]);
  }
}

describe('golden messages by kind', () => {
  it.each(GOLDEN)('%s: %j', (_kind, question, expected) => {
    check(ask(question), expected);
  });

  it('replies in the main language of a mixed message', () => {
    expect(ask('PMO managerのroleって?').lang).toBe('ja');
    expect(ask('what is the PMOスペシャリスト cert?').lang).toBe('en');
  });

  it('leads a general question with the entry opening and a precise one with the sentence that answers it', () => {
    const general = ask('what is PMP?');
    const precise = ask('PMP eligibility requirements?');
    expect(entryOf(kb, 'cert-pmp').en.answer.startsWith(general.short ?? '?')).toBe(true);
    expect(precise.short).not.toBe(general.short);
    expect(entryOf(kb, 'cert-pmp').en.answer).toContain(precise.short);
    expect(precise.short?.toLowerCase()).toContain('experience');
  });

  it('never shows an empty "did you mean"', () => {
    for (const q of ['asdfghjkl', 'how do I book a meeting room', 'What does a Scrum Master do?']) {
      const reply = ask(q);
      const rendered = JSON.stringify(renderReply(reply, { ui: kb.ui }).blocks);
      if (reply.suggestions.length === 0) expect(rendered).not.toContain(kb.ui.didYouMean.en);
      expect(reply.title).not.toBe(kb.ui.didYouMean.en);
    }
  });
});

describe('what an editor adds is answered, with no code change', () => {
  it('answers the PMP fee once the PMP entry states it, and says "not covered" before', () => {
    expect(ask('How much does the PMP exam cost?').reason).toBe('not-covered');
    const dir = copyKnowledge();
    editYaml(dir, 'entries/certifications.yaml', (doc) => {
      const path = ['entries', 1, 'en', 'answer'];
      doc.setIn(path, `${String(doc.getIn(path))}- The exam fee is 575 USD for non-members\n`);
    });
    const edited = new Bot({ kb: loadKnowledge(dir) });
    const { reply } = edited.ask('How much does the PMP exam cost?', 'en');
    expect([reply.matched, reply.intent]).toEqual([true, 'cert-pmp']);
    expect(reply.short).toContain('575 USD');
  });
});

describe('rendered on every surface', () => {
  const precise = ask('IPAのPM試験の合格率は?');
  const notCovered = ask('How long does a PMP certification stay valid?');
  const comparison = ask('PJM-A or PMP for a beginner?');
  const smallTalk = ask('thanks!');
  const slackText = (reply: Reply) => renderReply(reply, { ui: kb.ui }).blocks.map((b) => JSON.stringify(b));

  it('Slack: the precise sentence is the first section, a comparison is one section of two fields', () => {
    const [, first] = renderReply(precise, { ui: kb.ui }).blocks;
    expect(first).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(JSON.stringify(first)).toContain('14%');
    const blocks = renderReply(comparison, { ui: kb.ui }).blocks;
    const fields = blocks.find((b) => b.type === 'section' && 'fields' in b && b.fields);
    expect(fields && 'fields' in fields ? fields.fields?.length : 0).toBe(2);
    expect(JSON.stringify(fields)).toContain(entryOf(kb, 'cert-pjm-a').en.title);
  });

  it('Slack: not covered says so and offers the topic; small talk is one plain section', () => {
    const blocks = slackText(notCovered).join('\n');
    expect(blocks).toContain(kb.ui.notCoveredTitle.en);
    expect(blocks).toContain(entryOf(kb, 'cert-pmp').en.title);
    const talk = renderReply(smallTalk, { ui: kb.ui }).blocks;
    expect(talk.map((b) => b.type)).toEqual(['section']);
  });

  it('Teams: the precise sentence is the first TextBlock after the title, a comparison is a ColumnSet', () => {
    const body = renderCard(precise, kb.ui).body as { type: string; text?: string }[];
    expect(body[1]?.type).toBe('TextBlock');
    expect(body[1]?.text).toContain('14%');
    const columns = (renderCard(comparison, kb.ui).body as { type: string; columns?: unknown[] }[]).find(
      (b) => b.type === 'ColumnSet',
    );
    expect(columns?.columns).toHaveLength(2);
    const talk = renderCard(smallTalk, kb.ui).body as { text?: string }[];
    expect(talk.map((b) => b.text)).toEqual([smallTalk.text]);
  });

  it('Teams: not covered names the topic and offers its entry as a button', () => {
    const card = JSON.stringify(renderCard(notCovered, kb.ui));
    expect(card).toContain(kb.ui.notCoveredTitle.en);
    expect(card).toContain('"entryId":"cert-pmp"');
  });

  it('CLI: the precise sentence is the first line', () => {
    expect(formatReply(precise).split('\n')[0]).toContain('14%');
    expect(formatReply(notCovered)).toContain(kb.ui.notCoveredTitle.en);
    expect(formatReply(smallTalk)).toBe(smallTalk.text);
  });
});
