import { describe, expect, it } from 'vitest';
import { Telemetry } from '../../adapters/shared/telemetry.js';
import { createLogger } from '../../src/logger.js';
import type { Reply } from '../../src/reply.js';

function recorded() {
  const lines: string[] = [];
  const telemetry = new Telemetry(createLogger('info', { write: (line: string) => void lines.push(line) }));
  return { telemetry, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), raw: lines };
}

const answer = { kind: 'answer', intent: 'pmo-role', matched: true, confidence: 0.9 } as Reply;

describe('per-request telemetry', () => {
  it('logs one line per request with its platform, kind, time and outcome, each field once', () => {
    const { telemetry, lines, raw } = recorded();
    telemetry.record({ platform: 'slack', kind: 'mention', ms: 1.234, reply: answer });
    telemetry.record({ platform: 'teams', kind: 'message', ms: 2, reply: undefined });
    telemetry.record({ platform: 'slack', kind: 'command', ms: 3 });
    expect(lines()).toMatchObject([
      { msg: 'request', app: 'pmo-guide', platform: 'slack', kind: 'mention', ms: 1.23, intent: 'pmo-role' },
      { msg: 'request', platform: 'teams', kind: 'message', ms: 2, intent: null, matched: null, confidence: null },
      { msg: 'request', platform: 'slack', kind: 'command', ms: 3 },
    ]);
    expect(lines()[0]).toMatchObject({ matched: true, confidence: 0.9 });
    for (const line of raw) expect(line.match(/"platform"/g)).toHaveLength(1);
  });

  it('counts requests and answers by platform and kind for /metrics', async () => {
    const { telemetry } = recorded();
    for (let i = 0; i < 3; i++) telemetry.record({ platform: 'slack', kind: 'command', ms: 1, reply: answer });
    telemetry.record({ platform: 'teams', kind: 'message', ms: 1 });
    const text = await telemetry.registry.metrics();
    expect(text).toContain('pmo_guide_requests_total{platform="slack",kind="command"} 3');
    expect(text).toContain('pmo_guide_requests_total{platform="teams",kind="message"} 1');
    expect(text).toContain('pmo_guide_answers_total{platform="slack",outcome="answered"} 3');
    expect(text).toContain('pmo_guide_request_duration_seconds_count{platform="slack",kind="command"} 3');
  });
});
