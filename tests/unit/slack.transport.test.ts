import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { leanFetch } from '../../adapters/slack/transport.js';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A loopback stand-in for slack.com/api that records each request and answers with `respond`. */
async function fakeApi(respond: (res: ServerResponse) => void): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      respond(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, seen, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const okJson = (res: ServerResponse) => {
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('X-OAuth-Scopes', 'chat:write, users:read');
  res.end(JSON.stringify({ ok: true, ts: '1.000100', channel: 'C1' }));
};
const message = {
  channel: 'C1',
  thread_ts: '1.000001',
  text: 'PMO とは？ A PMO backs up the PM 👍',
  blocks: JSON.stringify([{ type: 'section', text: { type: 'mrkdwn', text: '"quoted" & 100% <ok>' } }]),
};

async function client(respond: (res: ServerResponse) => void, fetch?: webApi.FetchFunction) {
  const api = await fakeApi(respond);
  servers.push(api.server);
  const options = {
    slackApiUrl: api.url,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: webApi.LogLevel.ERROR,
  };
  return { api, web: new webApi.WebClient('xoxb-test', fetch ? { ...options, fetch } : options) };
}

describe('the Slack Web API transport (leanFetch)', () => {
  it('sends Slack the same request as the default fetch and returns its answer', async () => {
    const lean = await client(okJson, leanFetch);
    const standard = await client(okJson);
    const result = await lean.web.chat.postMessage(message);
    await standard.web.chat.postMessage(message);
    expect(result.ok).toBe(true);
    expect(result.ts).toBe('1.000100');
    expect(result.response_metadata?.scopes).toEqual(['chat:write', 'users:read']);
    const [sent] = lean.api.seen;
    const [reference] = standard.api.seen;
    expect(sent?.body).toBe(reference?.body);
    expect(sent?.url).toBe('/api/chat.postMessage');
    expect(sent?.method).toBe('POST');
    expect(sent?.headers.authorization).toBe('Bearer xoxb-test');
    expect(sent?.headers['content-type']).toBe(reference?.headers['content-type']);
  });

  it('reports a rate limit with its Retry-After', async () => {
    const { web } = await client((res) => {
      res.writeHead(429, { 'Retry-After': '7' }).end('slow down');
    }, leanFetch);
    await expect(web.chat.postMessage(message)).rejects.toMatchObject({
      code: webApi.ErrorCode.RateLimitedError,
      retryAfter: 7,
    });
  });

  it('turns a server error and a redirect into errors instead of answers', async () => {
    const failing = await client((res) => res.writeHead(500).end('boom'), leanFetch);
    await expect(failing.web.chat.postMessage(message)).rejects.toMatchObject({
      code: webApi.ErrorCode.HTTPError,
      statusCode: 500,
    });
    const redirecting = await client((res) => res.writeHead(302, { Location: 'http://127.0.0.1:1/' }).end(), leanFetch);
    await expect(redirecting.web.chat.postMessage(message)).rejects.toMatchObject({ statusCode: 302 });
  });

  it('reports Slack being unreachable as a request error', async () => {
    const { web, api } = await client(okJson, leanFetch);
    await new Promise((resolve) => api.server.close(resolve));
    servers.length = 0;
    await expect(web.chat.postMessage(message)).rejects.toMatchObject({ code: webApi.ErrorCode.RequestError });
  });
});
