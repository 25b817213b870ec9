// A small fake of Slack on 127.0.0.1 that speaks the wire protocol the real Bolt and WebClient use:
// Web API methods (form-encoded POST /api/<method>), response_url endpoints, and a Socket Mode
// WebSocket (hello, envelopes, acks). Tests script its answers and read what it received.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export interface FakeSlackUser {
  readonly id: string;
  readonly is_admin?: boolean;
  readonly is_owner?: boolean;
}

export interface ApiCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly authorization: string | undefined;
}

/**
 * One scripted answer for the next call of a method: an HTTP 429, a Slack error, a 500, or a late
 * normal answer. `posted` (chat.postMessage): the message is stored first, as when Slack fails or
 * answers late after posting.
 */
export type Scripted = { status: 429; retryAfter: number } | { error: string } | { status: 500; posted?: boolean } | { delayMs: number };

/** A message in a channel as conversations.history returns it. */
export interface StoredSlackMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly bot_id: string;
  readonly metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface ResponseUrlPost {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

export interface SocketAck {
  readonly envelope_id: string;
  readonly payload?: Record<string, unknown>;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly users = new Map<string, FakeSlackUser>();
  /** Every message posted, in order (duplicates included: that is what tests count). */
  readonly messages: StoredSlackMessage[] = [];
  /** Seconds for message timestamps; a test may move it. */
  now: () => number = () => Date.now() / 1000;
  /** Per method, answers to give before the normal one. */
  readonly script = new Map<string, Scripted[]>();
  private server!: Server;
  private sockets!: WebSocketServer;
  private readonly acks = new Map<string, (ack: SocketAck) => void>();
  private readonly waiters: Array<() => void> = [];
  socketConnections = 0;
  /** While true, every API call is refused at the socket level (an unreachable Web API). */
  down = false;
  /** Per method, how long to take before answering (a slow platform). */
  readonly latency = new Map<string, number>();
  /**
   * Called with each chat.postMessage the fake has stored (its position among all stored messages);
   * 'hang' leaves that request unanswered (a test may kill the poster right then).
   */
  onPost?: (count: number, message: StoredSlackMessage) => 'hang' | void;

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/respond/${id}`;
  }

  messagesIn(channel: string): StoredSlackMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.sockets = new WebSocketServer({ server: this.server, path: '/socket' });
    this.sockets.on('connection', (socket) => {
      this.socketConnections++;
      socket.on('message', (data, isBinary) => {
        if (isBinary) return;
        const ack = JSON.parse(data.toString()) as SocketAck;
        this.acks.get(ack.envelope_id)?.(ack);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0FAKE' } }));
      this.notify();
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate();
    this.sockets.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves when `check` holds, re-checking after every request the fake receives. */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error('timed out waiting on the fake Slack');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Sends a slash_commands envelope down every open Socket Mode connection; resolves with the ack. */
  async sendSlashCommand(payload: Record<string, string>, envelopeId = `env-${Math.random().toString(36).slice(2)}`): Promise<SocketAck> {
    const acked = new Promise<SocketAck>((resolve) => this.acks.set(envelopeId, resolve));
    const open = [...this.sockets.clients].filter((s) => s.readyState === WebSocket.OPEN);
    if (open.length === 0) throw new Error('no Socket Mode connection is open');
    open[0]!.send(JSON.stringify({ envelope_id: envelopeId, type: 'slash_commands', payload, accepts_response_payload: true }));
    return acked;
  }

  /** Asks every client to reconnect, as Slack does when it recycles a connection. */
  recycleSockets(): void {
    for (const client of this.sockets.clients) client.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested' }));
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', 'http://fake');
    try {
      if (url.pathname.startsWith('/respond/')) {
        this.responses.push({ id: url.pathname.slice('/respond/'.length), body: JSON.parse(raw) });
        return this.json(res, 200, { ok: true });
      }
      if (!url.pathname.startsWith('/api/')) return this.json(res, 404, { ok: false, error: 'unknown_path' });
      if (this.down) {
        req.socket.destroy();
        return;
      }
      const method = url.pathname.slice('/api/'.length);
      const args = this.parseArgs(req.headers['content-type'], raw);
      this.calls.push({ method, args, authorization: req.headers.authorization });
      const scripted = this.script.get(method)?.shift();
      // Slack posts on receipt; a late or failed answer does not undo the post.
      const posted = method === 'chat.postMessage' && (!scripted || 'delayMs' in scripted || ('posted' in scripted && scripted.posted)) ? this.store(args) : undefined;
      if (posted && this.onPost?.(this.messages.length, posted) === 'hang') return;
      const delay = (this.latency.get(method) ?? 0) + (scripted && 'delayMs' in scripted ? scripted.delayMs : 0);
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      if (res.destroyed || req.socket.destroyed) return; // the client gave up (its timeout): it never hears back
      if (scripted && 'status' in scripted && scripted.status === 429) {
        res.writeHead(429, { 'retry-after': String(scripted.retryAfter), 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      }
      if (scripted && 'status' in scripted) return this.json(res, scripted.status, { ok: false, error: 'internal_error' });
      if (scripted && 'error' in scripted) return this.json(res, 200, { ok: false, error: scripted.error });
      if (posted) return this.json(res, 200, { ok: true, channel: posted.channel, ts: posted.ts, message: { type: 'message', text: posted.text, ts: posted.ts } });
      return this.json(res, 200, this.answer(method, args));
    } finally {
      this.notify();
    }
  }

  private parseArgs(type: string | undefined, raw: string): Record<string, unknown> {
    if (type?.startsWith('application/json')) return JSON.parse(raw || '{}');
    const args: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
    for (const key of ['blocks', 'attachments', 'metadata']) {
      if (typeof args[key] === 'string') args[key] = JSON.parse(args[key] as string);
    }
    return args;
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake Newsroom', user: 'newsroom', team_id: 'T0FAKE', user_id: 'U0BOT', bot_id: 'B0BOT' };
      case 'users.info': {
        const user = this.users.get(String(args.user));
        return user ? { ok: true, user: { name: user.id.toLowerCase(), is_admin: false, is_owner: false, ...user } } : { ok: false, error: 'user_not_found' };
      }
      case 'conversations.history': {
        // Newest first, after `oldest`; metadata only when asked for (include_all_metadata).
        const oldest = Number(args.oldest ?? 0);
        const withMetadata = String(args.include_all_metadata) === 'true';
        const limit = Number(args.limit ?? 100);
        const offset = Number(args.cursor ?? 0);
        const all = this.messagesIn(String(args.channel)).filter((m) => Number(m.ts) > oldest).reverse();
        const page = all.slice(offset, offset + limit).map(({ channel: _channel, metadata, ...m }) => ({ type: 'message', ...m, ...(withMetadata && metadata && { metadata }) }));
        const more = offset + limit < all.length;
        return { ok: true, messages: page, has_more: more, ...(more && { response_metadata: { next_cursor: String(offset + limit) } }) };
      }
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private store(args: Record<string, unknown>): StoredSlackMessage {
    const seconds = this.now();
    const ts = `${Math.floor(seconds)}.${String(this.messages.length + 1).padStart(6, '0')}`;
    const metadata = args.metadata as StoredSlackMessage['metadata'] | undefined;
    const message: StoredSlackMessage = { channel: String(args.channel), ts, text: String(args.text ?? ''), bot_id: 'B0BOT', ...(metadata && { metadata }) };
    this.messages.push(message);
    return message;
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
