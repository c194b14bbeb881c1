import type { Attachment, MessagingExtensionAttachment } from 'botbuilder';
import type { UiStrings } from '../../src/index.js';
import { leadOf, type Reply, type ReplyButton } from '../../src/index.js';

/**
 * Reply → Adaptive Card. Only presentation lives here: what to say and which
 * buttons exist was decided by the core. Version 1.4 because Teams mobile
 * renders it everywhere and nothing here needs 1.5.
 */

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const THUMBNAIL_CARD = 'application/vnd.microsoft.card.thumbnail';
const SUMMARY_MAX = 140;

type Json = Record<string, unknown>;
const BULLET = /^\s*- /;

/** Headings and labels the knowledge team owns (ui.yaml); the renderer only places them. */
export type CardStrings = Pick<UiStrings, 'relatedHeading' | 'alsoAsked' | 'didYouMean' | 'labels'>;

export interface RenderOptions {
  /** False for message-extension results: the card is sent by the user and the bot may not be there to answer clicks. */
  interactive?: boolean;
}

/**
 * Light markdown → TextBlocks. Teams markdown joins single newlines, so each
 * plain line gets its own block, and a run of "- " lines becomes one markdown
 * list (Teams and Web Chat both render "- " items separated by "\n").
 */
export function textBlocks(text: string): Json[] {
  const groups: string[][] = [];
  for (const line of text.split(/\r?\n/).map((l) => l.trimEnd())) {
    if (!line.trim()) continue;
    const last = groups.at(-1);
    if (BULLET.test(line) && last && BULLET.test(last[0] ?? '')) last.push(line.trim());
    else groups.push([BULLET.test(line) ? line.trim() : line]);
  }
  return groups.map((lines, i) => ({
    type: 'TextBlock',
    text: lines.join('\n'),
    wrap: true,
    ...(i > 0 ? { spacing: 'Small' } : {}),
  }));
}

function submit(button: ReplyButton): Json {
  const style = button.style === 'primary' ? 'positive' : button.style === 'danger' ? 'destructive' : undefined;
  // The action travels verbatim: Teams hands `data` back as activity.value on click.
  return { type: 'Action.Submit', title: button.label, data: button.action, ...(style ? { style } : {}) };
}

function buttonSection(heading: string | undefined, buttons: readonly ReplyButton[]): Json[] {
  if (buttons.length === 0) return [];
  const head = heading
    ? [{ type: 'TextBlock', text: heading, wrap: true, size: 'Small', weight: 'Bolder', spacing: 'Medium' }]
    : [];
  return [...head, { type: 'ActionSet', actions: buttons.map(submit) }];
}

/** 👍/👎 when the reply asks for them, and the "English" / 「日本語」 switch. */
function footerButtons(reply: Reply, labels: UiStrings['labels']): ReplyButton[] {
  return [...feedbackButtons(reply, labels), ...(reply.languageSwitch ? [reply.languageSwitch] : [])];
}

function feedbackButtons(reply: Reply, labels: UiStrings['labels']): ReplyButton[] {
  if (!reply.feedback) return [];
  return [
    { label: labels.helpful[reply.lang], action: reply.feedback.up },
    { label: labels.notHelpful[reply.lang], action: reply.feedback.down },
  ];
}

/** "Source: … · confidence 92%" under the answer, so readers can judge and check it. */
export function metaLine(reply: Reply, labels: UiStrings['labels']): string | undefined {
  if (!reply.source) return undefined;
  const parts = [`${labels.source[reply.lang]}: ${reply.source}`];
  if (reply.matched) parts.push(`${labels.confidence[reply.lang]}: ${Math.round(reply.confidence * 100)}%`);
  return parts.join(' · ');
}

/** A comparison's two sides as two columns, each its title over its short answer. */
function comparisonColumns(reply: Reply): Json[] {
  if (!reply.sides) return [];
  const column = (side: { title: string; short: string }): Json => ({
    type: 'Column',
    width: 'stretch',
    items: [
      { type: 'TextBlock', text: side.title, weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: side.short, wrap: true, spacing: 'Small' },
    ],
  });
  return [{ type: 'ColumnSet', columns: reply.sides.map(column), spacing: 'Medium' }];
}

/** The answer's body: a comparison's columns, or the lead sentence in bold and then the full entry. */
function bodyOf(reply: Reply): Json[] {
  if (reply.kind === 'comparison' && reply.sides) return comparisonColumns(reply);
  const lead = leadOf(reply);
  const head = lead ? [{ type: 'TextBlock', text: lead, weight: 'Bolder', wrap: true }] : [];
  return [...head, ...textBlocks(reply.text)];
}

function suggestionHeading(reply: Reply, ui: CardStrings): string | undefined {
  if (reply.kind === 'answer') return ui.alsoAsked[reply.lang];
  return reply.reason === 'unclear' ? ui.didYouMean[reply.lang] : undefined;
}

export function renderCard(reply: Reply, ui: CardStrings, options: RenderOptions = {}): Json {
  const interactive = options.interactive ?? true;
  const meta = metaLine(reply, ui.labels);
  const title = reply.title.trim()
    ? [{ type: 'TextBlock', text: reply.title, weight: 'Bolder', size: 'Medium', wrap: true }]
    : [];
  // "About PMP:" first, so a follow-up read against the wrong topic shows at once.
  const about = reply.context ? [{ type: 'TextBlock', text: reply.context.line, isSubtle: true, wrap: true }] : [];
  const body: Json[] = [
    ...about,
    ...title,
    ...bodyOf(reply),
    ...(meta ? [{ type: 'TextBlock', text: meta, isSubtle: true, size: 'Small', wrap: true, spacing: 'Medium' }] : []),
  ];
  if (interactive) {
    body.push(
      ...buttonSection(suggestionHeading(reply, ui), reply.suggestions),
      ...buttonSection(undefined, reply.actions),
      ...buttonSection(ui.relatedHeading[reply.lang], reply.followUps),
      ...buttonSection(undefined, footerButtons(reply, ui.labels)),
    );
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    lang: reply.lang,
    msteams: { width: 'Full' },
    body,
  };
}

/** One line for notifications and clients that cannot show cards. */
export function summaryLine(reply: Reply): string {
  const titled = ['answer', 'comparison', 'list', 'onboarding'].includes(reply.kind);
  const firstLine = reply.text.split('\n').find((l) => l.trim()) ?? reply.title;
  const line = (titled ? reply.title : firstLine)
    .replace(/^\s*-\s+/, '')
    .replaceAll('`', '')
    .trim();
  return line.length > SUMMARY_MAX ? `${line.slice(0, SUMMARY_MAX - 1)}…` : line;
}

export function cardAttachment(card: Json): Attachment {
  return { contentType: ADAPTIVE_CARD, content: card };
}

/** The outgoing message activity: the card plus a plain summary. */
export function renderActivity(
  reply: Reply,
  ui: CardStrings,
): { type: 'message'; text: string; summary: string; attachments: Attachment[] } {
  const summary = summaryLine(reply);
  return { type: 'message', text: summary, summary, attachments: [cardAttachment(renderCard(reply, ui))] };
}

/** A message-extension result: the card inserted on pick, and the list row Teams shows while searching. */
export function extensionAttachment(reply: Reply, ui: CardStrings): MessagingExtensionAttachment {
  const firstLine = reply.text.split('\n').find((l) => l.trim()) ?? '';
  return {
    contentType: ADAPTIVE_CARD,
    content: renderCard(reply, ui, { interactive: false }),
    preview: { contentType: THUMBNAIL_CARD, content: { title: reply.title, text: firstLine.replace(/^\s*-\s+/, '') } },
  };
}
