import type { types } from '@slack/bolt';
import type { UiStrings } from '../../src/index.js';
import { deepFreeze, leadOf, PRODUCT_NAME, type Reply, type ReplyButton } from '../../src/index.js';
import { escapeMrkdwn, splitText, toMrkdwn, truncate } from './text.js';

/** Block Kit limits we must respect; Slack rejects the whole message when one is exceeded. */
export const LIMITS = {
  actionsPerBlock: 25,
  buttonText: 75,
  buttonValue: 2000,
  sectionText: 3000,
  fieldText: 2000,
  headerText: 150,
  contextText: 2000,
  blocksPerMessage: 50,
  blocksPerView: 100,
  fallbackText: 3000,
} as const;

/** Every button we render has an action_id under this prefix, so one listener handles them all. */
export const ACTION_PREFIX = 'pmo:';
export const SHARE_ACTION_ID = 'pmo:share';
export const LANGUAGE_ACTION_ID = 'pmo:language';
export const FEEDBACK_ACTION_IDS = { up: 'pmo:feedback:up', down: 'pmo:feedback:down' } as const;

/** Every word the renderer adds to a reply comes from the knowledge's ui.yaml, in the reply's language. */
export type SlackStrings = Pick<UiStrings, 'relatedHeading' | 'alsoAsked' | 'didYouMean' | 'labels'>;

export interface RenderOptions {
  /** Headings above follow-ups and suggestions, the source line's and the buttons' labels. */
  ui: SlackStrings;
  /** Only the asker sees the message (a `/pmo` reply): offer to share it when the reply says how. */
  ephemeral?: boolean | undefined;
}

export interface SlackMessage {
  /** Plain fallback for notifications and clients that cannot show blocks. */
  text: string;
  blocks: types.KnownBlock[];
}

/** Hands out action_ids that are unique within one message or view, as Slack requires. */
export class ButtonIds {
  private n = 0;
  next(): string {
    return `${ACTION_PREFIX}btn:${this.n++}`;
  }
}

export function renderButton(button: ReplyButton, actionId: string): types.Button | undefined {
  const value = JSON.stringify(button.action);
  // A cut JSON value could never be parsed back, so an oversized one is dropped instead.
  if (value.length > LIMITS.buttonValue) return undefined;
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: truncate(button.label, LIMITS.buttonText), emoji: true },
    value,
    ...(button.style ? { style: button.style } : {}),
  };
}

export function actionsBlocks(buttons: readonly ReplyButton[], ids: ButtonIds): types.ActionsBlock[] {
  const elements = buttons.flatMap((b) => renderButton(b, ids.next()) ?? []);
  const blocks: types.ActionsBlock[] = [];
  for (let i = 0; i < elements.length; i += LIMITS.actionsPerBlock) {
    blocks.push({ type: 'actions', elements: elements.slice(i, i + LIMITS.actionsPerBlock) });
  }
  return blocks;
}

export function headerBlock(text: string): types.HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true } };
}

function contextBlock(mrkdwn: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.contextText) }] };
}

export function textBlocks(text: string): types.SectionBlock[] {
  return splitText(toMrkdwn(text), LIMITS.sectionText).map((chunk) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: chunk },
  }));
}

/** "Source: … · confidence 92%" under an answer, so users can judge and look it up. */
export function sourceLine(reply: Reply, labels: UiStrings['labels']): string | undefined {
  if (!reply.source) return undefined;
  const confidence = `${labels.confidence[reply.lang]} ${Math.round(reply.confidence * 100)}%`;
  return `${labels.source[reply.lang]}: ${escapeMrkdwn(reply.source)} · ${confidence}`;
}

function buttonGroup(buttons: readonly ReplyButton[], heading: string | undefined, ids: ButtonIds): types.KnownBlock[] {
  if (buttons.length === 0) return [];
  const actions = actionsBlocks(buttons, ids);
  return heading && actions.length > 0 ? [contextBlock(escapeMrkdwn(heading)), ...actions] : actions;
}

/** Share, 👍/👎 and the language switch sit together at the end, with fixed action_ids. */
function footerBlock(reply: Reply, options: RenderOptions): types.ActionsBlock[] {
  const { labels } = options.ui;
  const { lang } = reply;
  const buttons: [ReplyButton, string][] = [];
  if (options.ephemeral && reply.share) {
    buttons.push([{ label: labels.share[lang], action: reply.share, style: 'primary' }, SHARE_ACTION_ID]);
  }
  if (reply.feedback) {
    buttons.push([{ label: labels.helpfulIcon[lang], action: reply.feedback.up }, FEEDBACK_ACTION_IDS.up]);
    buttons.push([{ label: labels.notHelpfulIcon[lang], action: reply.feedback.down }, FEEDBACK_ACTION_IDS.down]);
  }
  if (reply.languageSwitch) buttons.push([reply.languageSwitch, LANGUAGE_ACTION_ID]);
  const elements = buttons.flatMap(([button, id]) => renderButton(button, id) ?? []);
  return elements.length > 0 ? [{ type: 'actions', elements }] : [];
}

/** The notification text: title and answer without markup, escaped like any mrkdwn. */
export function fallbackText(reply: Reply): string {
  const untitled = reply.kind === 'notice' || reply.kind === 'smalltalk';
  const lead = leadOf(reply);
  const plain = (untitled ? reply.text : [reply.title, lead, reply.text].filter(Boolean).join('\n')).trim();
  // Slack refuses a message with neither text nor blocks, so this is never empty.
  return truncate(escapeMrkdwn(plain || reply.title.trim() || PRODUCT_NAME), LIMITS.fallbackText);
}

/** The heading above a reply's suggestions: "also" beside an answer, "did you mean" after a miss, none otherwise. */
function suggestionHeading(reply: Reply, ui: SlackStrings): string | undefined {
  if (reply.kind === 'answer') return ui.alsoAsked[reply.lang];
  return reply.reason === 'unclear' ? ui.didYouMean[reply.lang] : undefined;
}

/** The sentence that answers the question, in bold above the full entry. */
function leadBlocks(reply: Reply): types.SectionBlock[] {
  const lead = leadOf(reply);
  return lead ? textBlocks(`*${escapeMrkdwn(lead)}*`).slice(0, 1) : [];
}

/** A comparison's two sides side by side: one field each, title in bold over its short answer. */
function comparisonBlocks(reply: Reply): types.SectionBlock[] {
  if (!reply.sides) return [];
  const fields = reply.sides.map((side) => ({
    type: 'mrkdwn' as const,
    text: truncate(`*${escapeMrkdwn(side.title)}*\n${escapeMrkdwn(side.short)}`, LIMITS.fieldText),
  }));
  return [{ type: 'section', fields }];
}

function bodyBlocks(reply: Reply, room: number): types.KnownBlock[] {
  if (reply.kind === 'comparison' && reply.sides) return comparisonBlocks(reply);
  const lead = leadBlocks(reply);
  // Long text gives way first, so the buttons always survive the 50-block limit.
  return [...lead, ...textBlocks(reply.text).slice(0, Math.max(1, room - lead.length))];
}

/**
 * A Reply's blocks: title, answer, source, buttons and feedback, with at most
 * `room` blocks. Buttons take their action_ids from `ids`, so a view showing
 * a reply among other buttons (App Home) keeps every id unique.
 */
export function replyBlocks(reply: Reply, options: RenderOptions, ids: ButtonIds, room: number): types.KnownBlock[] {
  const source = sourceLine(reply, options.ui.labels);
  const footer = footerBlock(reply, options);
  const buttons = [
    ...buttonGroup(reply.suggestions, suggestionHeading(reply, options.ui), ids),
    ...buttonGroup(reply.followUps, options.ui.relatedHeading[reply.lang], ids),
    ...buttonGroup(reply.actions, undefined, ids),
  ];
  // A plain acknowledgement ("thanks for your feedback") reads better without a big header.
  const plain = reply.kind === 'notice' || reply.kind === 'smalltalk' || !reply.title.trim();
  // "About PMP:" first, so a follow-up read against the wrong topic shows at once.
  const about = reply.context ? [contextBlock(escapeMrkdwn(reply.context.line))] : [];
  const head = [...about, ...(plain ? [] : [headerBlock(reply.title)])];
  const fixed = head.length + (source ? 1 : 0) + buttons.length + footer.length;
  const body = bodyBlocks(reply, room - fixed);
  const blocks = [...head, ...body, ...(source ? [contextBlock(source)] : []), ...buttons, ...footer];
  return blocks.slice(0, room);
}

/** A Reply as a Block Kit message, within Slack's limits. */
export function renderReply(reply: Reply, options: RenderOptions): SlackMessage {
  const blocks = replyBlocks(reply, options, new ButtonIds(), LIMITS.blocksPerMessage);
  return { text: fallbackText(reply), blocks };
}

const renderedShared = new WeakMap<Reply, { options: RenderOptions; message: SlackMessage }>();

/**
 * renderReply, drawn once for a reply the core shares between requests (a
 * knowledge command's, frozen so it cannot change) and reused while the
 * strings it was drawn with stay the same; the drawing is shared and frozen
 * in turn. Any other reply is drawn anew.
 */
export function renderShared(reply: Reply, options: RenderOptions): SlackMessage {
  if (!Object.isFrozen(reply)) return renderReply(reply, options);
  const kept = renderedShared.get(reply);
  if (kept && kept.options.ui === options.ui && kept.options.ephemeral === options.ephemeral) return kept.message;
  const message = deepFreeze(renderReply(reply, options));
  renderedShared.set(reply, { options, message });
  return message;
}
