import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';

/**
 * A loopback stand-in for Slack's Socket Mode endpoint (the URL
 * apps.connections.open hands out): it greets each client with `hello`,
 * delivers Events API envelopes as Slack does, and records the envelope ids
 * the client acknowledges.
 */
export class FakeSocketMode {
  readonly acks: string[] = [];
  private client: WebSocket | undefined;

  private constructor(private readonly server: WebSocket.Server) {
    server.on('connection', (socket: WebSocket) => {
      this.client = socket;
      socket.on('message', (data) => {
        const { envelope_id: envelopeId } = JSON.parse(String(data)) as { envelope_id?: string };
        if (envelopeId) this.acks.push(envelopeId);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP' } }));
    });
  }

  static async start(): Promise<FakeSocketMode> {
    const server = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    return new FakeSocketMode(server);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Sends an Events API body (an event_callback) in an envelope; a retry repeats the body under a new envelope. */
  deliver(body: Record<string, unknown>, envelopeId: string, retryAttempt = 0): void {
    if (!this.client) throw new Error('no Socket Mode client is connected');
    const envelope = {
      envelope_id: envelopeId,
      type: 'events_api',
      payload: body,
      accepts_response_payload: false,
      retry_attempt: retryAttempt,
      retry_reason: retryAttempt > 0 ? 'timeout' : '',
    };
    this.client.send(JSON.stringify(envelope));
  }

  async close(): Promise<void> {
    for (const socket of this.server.clients) socket.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** An event_callback body as Slack wraps an event, for workspace T0SM. */
export function eventCallback(event: Record<string, unknown>, eventId: string): Record<string, unknown> {
  return {
    token: 'legacy',
    team_id: 'T0SM',
    api_app_id: 'A0APP',
    type: 'event_callback',
    event,
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0SM', user_id: 'UBOT', is_bot: true }],
  };
}
