import { request as httpRequest } from 'node:http';
import type { Express } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../adapters/server/server.js';
import {
  type FakeConnector,
  startFakeConnector,
  teamsMessageActivity,
} from '../../bench/support/fakes/bot-connector.js';
import { defaultKnowledgeDir } from '../../src/cli/knowledge-dir.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { postJson, startServer } from '../helpers/server.js';

/** A server on 127.0.0.1:0 whose pino lines are captured for assertions. */
function start(env: NodeJS.ProcessEnv = {}, testRoutes?: (app: Express) => void) {
  return startServer(env, { testRoutes, shutdownTimeoutMs: 5000 });
}

/**
 * Sends a body without Content-Length (Transfer-Encoding: chunked), in 64 KB
 * pieces; with `end: false` the upload never finishes, like a client that
 * would stream forever.
 */
function postChunked(url: string, totalBytes: number, end = true): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      if (!end) req.destroy();
    });
    // An unfinished upload is cut by the server after its 413; only errors before a response matter.
    req.on('error', reject);
    const piece = Buffer.alloc(64 * 1024, 'a');
    for (let sent = 0; sent < totalBytes; sent += piece.length) req.write(piece);
    if (end) req.end();
  });
}

async function timedHealth(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${url}/healthz`);
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

let connector: FakeConnector;
let running: RunningServer | undefined;

beforeAll(async () => {
  connector = await startFakeConnector();
});
afterEach(async () => {
  connector.delayMs = 0;
  await running?.close();
  running = undefined;
});
afterAll(async () => {
  await connector.close();
});

describe('server with no credentials', () => {
  it('reports health with the loaded entry count, knowledge version and platform modes', async () => {
    const { server, url } = await start();
    running = server;
    const kb = loadKnowledge(defaultKnowledgeDir());
    const expected = kb.entries.length;
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      entries: expected,
      // The same files give the same version in every process: instances can be compared.
      knowledge: { version: kb.version, loadedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      platforms: { slack: 'off', teams: 'anonymous' },
    });
    expect(expected).toBeGreaterThan(0);
  });

  it('exposes Prometheus metrics including the request counter after a Teams message', async () => {
    const { server, url } = await start();
    running = server;
    const activity = teamsMessageActivity({ serviceUrl: connector.url, text: 'What is PMP?' });
    expect((await postJson(`${url}/api/messages`, activity)).status).toBe(200);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^pmo_guide_requests_total\{platform="teams",kind="[a-z_]+"\} 1$/m);
    expect(text).toMatch(/^pmo_guide_answers_total\{platform="teams",outcome="answered"\} 1$/m);
    expect((await postJson(`${url}/api/messages`, { ...activity, id: 'second' })).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(
      /^pmo_guide_answers_total\{platform="teams",outcome="answered"\} 2$/m,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('answers 404 as JSON for unknown routes', async () => {
    const { server, url } = await start();
    running = server;
    const res = await fetch(`${url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not found' });
    expect((await postJson(`${url}/nope`, { a: 1 })).status).toBe(404);
  });
});

describe('request bodies', () => {
  it('refuses a declared body over 1 MB with 413 and keeps serving', async () => {
    const { server, url } = await start();
    running = server;
    const big = JSON.stringify({ type: 'message', text: 'x'.repeat(1024 * 1024 + 10) });
    const res = await postJson(`${url}/api/messages`, big);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'request body too large' });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('counts a chunked body while streaming and refuses it past 1 MB', async () => {
    const { server, url } = await start();
    running = server;
    expect(await postChunked(`${url}/api/messages`, 1024 * 1024 + 64 * 1024)).toBe(413);
    // A route that takes no body answers without reading it, also when the upload would never end.
    expect(await postChunked(`${url}/nope`, 2 * 1024 * 1024, false)).toBe(404);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('answers 413 as soon as a chunked upload passes 1 MB, without waiting for the rest', async () => {
    const { server, url } = await start();
    running = server;
    expect(await postChunked(`${url}/api/messages`, 1024 * 1024 + 64 * 1024, false)).toBe(413);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('still accepts a chunked body under 1 MB', async () => {
    const { server, url } = await start();
    running = server;
    const body = JSON.stringify(teamsMessageActivity({ serviceUrl: connector.url, text: 'What is a PMO?' }));
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(body.slice(0, 40));
      req.end(body.slice(40));
    });
    expect(status).toBe(200);
  });

  it('refuses a compressed or non-UTF-8 Teams body with a 415 JSON error and keeps answering', async () => {
    const { server, url } = await start();
    running = server;
    const activity = JSON.stringify(teamsMessageActivity({ serviceUrl: connector.url, text: 'What is a PMO?' }));
    const gzipped = await postJson(`${url}/api/messages`, activity, { 'content-encoding': 'gzip' });
    expect(gzipped.status).toBe(415);
    expect(await gzipped.json()).toEqual({ error: 'invalid request body' });
    const latin1 = await postJson(`${url}/api/messages`, activity, {
      'content-type': 'application/json; charset=latin1',
    });
    expect(latin1.status).toBe(415);
    expect((await postJson(`${url}/api/messages`, activity)).status).toBe(200);
  });

  it('answers malformed JSON with a 400 JSON error and no stack trace', async () => {
    const { server, url } = await start();
    running = server;
    const res = await postJson(`${url}/api/messages`, '{"type": "message", "text": ');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: 'malformed JSON body' });
    expect(text).not.toMatch(/\bat \S+ \(|node_modules|SyntaxError/);
  });
});

describe('unexpected errors', () => {
  it('answers 500 without details, logs the error and stays up', async () => {
    const { server, url, lines } = await start({}, (app) => {
      app.get('/test/throw', () => {
        throw new Error('boom: secret detail');
      });
      app.get('/test/reject', async () => {
        await Promise.resolve();
        throw new Error('async boom');
      });
    });
    running = server;
    for (const path of ['/test/throw', '/test/reject']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'internal error' });
      expect(text).not.toContain('boom');
    }
    const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'unhandled error while serving a request');
    expect(errors.map((e) => e.err.message)).toEqual(['boom: secret detail', 'async boom']);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

describe('graceful close', () => {
  it('lets an in-flight request finish, then stops accepting connections', async () => {
    let entered: () => void = () => {};
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const { server, url } = await start({}, (app) => {
      app.get('/test/slow', async (_req, res) => {
        entered();
        await new Promise((r) => setTimeout(r, 400));
        res.json({ done: true });
      });
    });
    const slow = fetch(`${url}/test/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await inHandler;
    const closed = server.close();
    expect(await slow).toEqual({ status: 200, body: { done: true } });
    await closed;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});

describe('Teams traffic', () => {
  it('keeps /healthz responsive while a 40,000-character message is processed', async () => {
    const { server, url } = await start();
    running = server;
    connector.delayMs = 600;
    const activity = teamsMessageActivity({ serviceUrl: connector.url, text: 'プロジェクト管理'.repeat(5000) });
    expect((activity.text as string).length).toBe(40_000);
    let teamsDone = false;
    const teams = postJson(`${url}/api/messages`, activity).then((r) => {
      teamsDone = true;
      return r.status;
    });
    // One health check races the upload and parsing, one runs while the reply is in flight.
    const early = await timedHealth(url);
    await connector.nextActivity();
    const late = await timedHealth(url);
    expect(teamsDone).toBe(false);
    for (const check of [early, late]) {
      expect(check.status).toBe(200);
      expect(check.ms).toBeLessThan(250);
    }
    expect(await teams).toBe(200);
  });
});
