import express from 'express';
import { mountTeams } from '../../adapters/teams/index.js';
import type { TeamsConfig } from '../../src/config.js';
import type { KnowledgeBase } from '../../src/knowledge/load.js';
import { createLogger } from '../../src/logger.js';
import { adapterDeps, listenApp, postJson } from './server.js';

/** A real Express server with the Teams adapter mounted, on a loopback port, with captured log lines. */
export interface TeamsServer {
  url: string;
  kb: KnowledgeBase;
  /** Every raw JSON log line written so far. */
  logLines: string[];
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** `appJson: false` leaves body parsing to the adapter's own route parser. */
export async function startTeamsServer(
  config: TeamsConfig,
  { appJson = true, logLines = [] }: { appJson?: boolean; logLines?: string[] } = {},
): Promise<TeamsServer> {
  const { kb, deps } = adapterDeps(createLogger('info', { write: (line: string) => void logLines.push(line) }));
  if (appJson) deps.app.use(express.json());
  await mountTeams(deps, config);
  const http = await listenApp(deps.app);
  const url = `${http.origin}/api/messages`;
  return {
    url,
    kb,
    logLines,
    async post(body, headers = {}) {
      const res = await postJson(url, body, headers);
      const text = await res.text();
      return { status: res.status, body: text ? safeJson(text) : undefined };
    },
    close: http.close,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

type Json = Record<string, unknown>;

/** The Adaptive Card attached to a posted activity. */
export function cardOf(activity: Json): Json {
  const [attachment] = (activity.attachments as Json[] | undefined) ?? [];
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') throw new Error('no adaptive card');
  return attachment.content as Json;
}

/** Visits every object in a card's body, depth first, each before what it holds. */
function visitCard(card: Json, visit: (node: Json) => void): void {
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      visit(node as Json);
      for (const value of Object.values(node)) walk(value);
    }
  };
  walk(card.body);
}

/** All TextBlock text in a card, in order, one block per line. */
export function cardText(card: Json): string {
  const texts: string[] = [];
  visitCard(card, (n) => {
    if (n.type === 'TextBlock' && typeof n.text === 'string') texts.push(n.text);
  });
  return texts.join('\n');
}

/** Every Action.Submit in a card: its title and data. */
export function cardSubmits(card: Json): { title: string; data: Json }[] {
  const found: { title: string; data: Json }[] = [];
  visitCard(card, (n) => {
    if (n.type === 'Action.Submit') found.push({ title: String(n.title), data: n.data as Json });
  });
  return found;
}

/** A card read three ways: as is, its text, and its Action.Submit buttons. */
export interface Card {
  card: Json;
  text: string;
  submits: { title: string; data: Json }[];
}

/** The Adaptive Card attached to a posted activity, with its text and buttons. */
export function readCard(activity: Json): Card {
  const card = cardOf(activity);
  return { card, text: cardText(card), submits: cardSubmits(card) };
}

/** The conversation an activity belongs to, where the bot's replies to it are posted. */
export function conversationOf(activity: Json): string {
  return (activity.conversation as { id: string }).id;
}
