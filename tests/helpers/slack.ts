import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import express from 'express';
import { expect } from 'vitest';
import { mountSlack } from '../../adapters/slack/index.js';
import { FakeSlack, type RecordedCall } from '../../bench/support/fakes/slack-api.js';
import type { KnowledgeBase } from '../../src/knowledge/load.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { type ReplyAction, ReplyActionSchema } from '../../src/reply.js';
import { adapterDeps, listenApp, startServer, type TestServer, type TestServerOptions } from './server.js';
import { type ClickOptions, clickButton, type SlackTarget, slashCommand } from './slack-sign.js';

export const TEST_BOT_TOKEN = 'xoxb-test-0000-secret-token';
export const TEST_SIGNING_SECRET = 'test-signing-secret-8f3a1c';

/** Where signed test requests for the adapter at `eventsUrl` go, with response_urls served by `fake`. */
export function slackTarget(fake: FakeSlack, eventsUrl: string): SlackTarget {
  return { eventsUrl, secret: TEST_SIGNING_SECRET, responseUrl: (id) => fake.responseUrl(id) };
}

/** The pieces of a running test server with the Slack adapter mounted. */
export interface SlackStack {
  fake: FakeSlack;
  kb: KnowledgeBase;
  /** POST target: http://127.0.0.1:PORT/slack/events */
  eventsUrl: string;
  /** For the request builders in slack-sign.ts. */
  target: SlackTarget;
  /** Every pino line written so far, parsed. */
  logLines: () => Record<string, unknown>[];
  rawLog: () => string;
  close: () => Promise<void>;
}

export interface StackOptions {
  /**
   * Read bodies before the adapter, as the production server does (it keeps
   * `req.rawBody` for Bolt); otherwise Bolt reads the request stream itself.
   */
  preParse?: boolean;
}

function keepRawBody(req: IncomingMessage, _res: ServerResponse, buf: Buffer): void {
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = buf;
}

/** A debug-level logger whose JSON lines (one per write) are kept for assertions. */
export function captureLogs(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, logger: createLogger('debug', sink) };
}

/** An Express app with the real knowledge, Bot, Telemetry and duplicate checks, and mountSlack on it. */
export async function startSlackStack(options: StackOptions = {}): Promise<SlackStack> {
  const fake = await FakeSlack.start();
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const { kb, deps } = adapterDeps(createLogger('debug', sink));
  if (options.preParse) {
    deps.app.use(express.json({ verify: keepRawBody }), express.urlencoded({ extended: false, verify: keepRawBody }));
  }
  const mounted = await mountSlack(deps, {
    botToken: TEST_BOT_TOKEN,
    signingSecret: TEST_SIGNING_SECRET,
    apiUrl: fake.apiUrl,
  });
  const http = await listenApp(deps.app);
  const eventsUrl = `${http.origin}/slack/events`;
  return {
    fake,
    kb,
    eventsUrl,
    target: slackTarget(fake, eventsUrl),
    logLines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    rawLog: () => lines.join('\n'),
    close: async () => {
      await mounted.stop();
      await http.close();
      await fake.close();
    },
  };
}

/** The whole server with Slack over HTTP against `fake`, and where to send it signed requests. */
export async function startSlackServer(
  fake: FakeSlack,
  env: NodeJS.ProcessEnv = {},
  options: TestServerOptions = {},
): Promise<TestServer & { target: SlackTarget }> {
  const running = await startServer(
    { SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, ...env },
    options,
  );
  return { ...running, target: slackTarget(fake, `${running.url}/slack/events`) };
}

/** All text in a block list (sections, headers, context, button labels), for `toContain` checks. */
export function blocksText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') out.push(value);
        else walk(value);
      }
    }
  };
  walk(blocks);
  return out.join('\n');
}

export interface RenderedButton {
  action_id: string;
  value?: string;
  text: { text: string };
}

export function buttonsOf(blocks: unknown): RenderedButton[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.flatMap((b: { type?: string; elements?: RenderedButton[] }) =>
    b.type === 'actions' ? (b.elements ?? []) : [],
  );
}

/** The text of a message's header block. */
export function headerOf(blocks: unknown): string | undefined {
  const header = (blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'header');
  return header?.text?.text;
}

/** The action a button carries, parsed; undefined when its value is not a valid action. */
export function actionOf(button: RenderedButton): ReplyAction | undefined {
  const parsed = ReplyActionSchema.safeParse(JSON.parse(button.value ?? 'null'));
  return parsed.success ? parsed.data : undefined;
}

/** A button from a message's blocks whose action matches, with its value exactly as rendered, to click. */
export function actionButton(blocks: unknown, matches: (action: ReplyAction) => boolean) {
  const found = buttonsOf(blocks).find((b) => {
    const action = actionOf(b);
    return action !== undefined && matches(action);
  });
  if (!found?.value) throw new Error(`no such button in:\n${blocksText(blocks)}`);
  return { actionId: found.action_id, value: found.value };
}

/** The per-request telemetry lines (msg "request") logged so far. */
export function requestLines(stack: SlackStack): Record<string, unknown>[] {
  return stack.logLines().filter((l) => l.msg === 'request');
}

/** `/pmo <text>` as `user`: the blocks of the ephemeral answer. */
export async function slashBlocks(target: SlackTarget, text: string, user: string): Promise<unknown[]> {
  const res = await slashCommand(target, text, user);
  expect(res.status).toBe(200);
  return (res.json as { blocks?: unknown[] }).blocks ?? [];
}

/** Clicks a button on an ephemeral message and returns what the bot then posted to the click's response_url. */
export async function clickEphemeral(
  fake: FakeSlack,
  target: SlackTarget,
  click: Omit<ClickOptions, 'container'>,
): Promise<RecordedCall> {
  const seen = fake.calls.length;
  const res = await clickButton(target, { ...click, container: 'ephemeral' });
  expect(res.status).toBe(200);
  return fake.nextCall('response_url', seen);
}
