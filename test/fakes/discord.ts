// A small Discord on 127.0.0.1 for tests and benchmarks: the REST routes the bot calls and a JSON
// gateway (HELLO, IDENTIFY/READY, heartbeat ACK, RESUME), one port for both. Field choices follow
// ../shared/design/PLATFORM-NOTES.md. It records every request and gateway frame so tests can
// assert on the exact bodies the real discord.js client sends.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export const BOT_USER_ID = '1000000000000000001';
export const APPLICATION_ID = '1000000000000000002';
export const GUILD_ID = '1000000000000000003';
export const CHANNEL_ID = '1000000000000000004';

export interface RecordedRequest {
  readonly method: string;
  /** The path after /api/v10, still URL-encoded ("@original" arrives as %40original). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: any;
  /** performance.now() when the body had fully arrived. */
  readonly receivedAt: number;
}

export interface GatewayFrame {
  readonly shard: number;
  readonly op: number;
  readonly d: any;
}

export interface ScriptedResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

interface Session {
  readonly id: string;
  readonly shard: [number, number];
  socket: WebSocket;
  seq: number;
}

export interface FakeDiscordOptions {
  /** The token the fake accepts (`Authorization: Bot <token>`, IDENTIFY token). */
  readonly token?: string;
  /** What GET /gateway/bot recommends. */
  readonly shards?: number;
  readonly heartbeatIntervalMs?: number;
  /** Keep every request in `requests` (default). Benchmarks turn it off so the fake stays cheap. */
  readonly keepRequests?: boolean;
}

let snowflakeCounter = 0n;
/** Unique, numeric, increasing ids: discord.js reads timestamps out of snowflakes. */
export function snowflake(): string {
  snowflakeCounter += 1n;
  return ((BigInt(Date.now() - 1420070400000) << 22n) + (snowflakeCounter % 4096n)).toString();
}

export class FakeDiscord extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  readonly frames: GatewayFrame[] = [];
  /** Live sessions by shard id (the latest socket that identified or resumed for that shard). */
  readonly sessions = new Map<number, Session>();
  private readonly sessionsById = new Map<string, Session>();
  private readonly pendingCallbacks = new Map<string, (r: RecordedRequest) => void>();
  private readonly scripts: { method: string; path: RegExp; responses: ScriptedResponse[] }[] = [];
  private readonly token: string;
  private readonly shardCount: number;
  private readonly heartbeatIntervalMs: number;
  private readonly keepRequests: boolean;
  private port = 0;

  private constructor(
    private readonly http: Server,
    private readonly gateway: WebSocketServer,
    options: FakeDiscordOptions,
  ) {
    super();
    this.setMaxListeners(0);
    this.token = options.token ?? 'fake-token';
    this.shardCount = options.shards ?? 1;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.keepRequests = options.keepRequests ?? true;
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const http = createServer();
    const gateway = new WebSocketServer({ server: http });
    const fake = new FakeDiscord(http, gateway, options);
    http.on('request', (req, res) => void fake.onRequest(req, res));
    gateway.on('connection', (socket) => fake.onConnection(socket));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    fake.port = (http.address() as AddressInfo).port;
    return fake;
  }

  /** What DISCORD_API_URL / rest.api should be. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The next requests matching method + path get these answers, in order, before the defaults. */
  script(method: string, path: RegExp, ...responses: ScriptedResponse[]): void {
    this.scripts.push({ method, path, responses: [...responses] });
  }

  /** Resolves with the first request (already recorded or still to come) that matches. */
  waitForRequest(match: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitFor('request', this.requests, match, timeoutMs);
  }

  waitForFrame(match: (f: GatewayFrame) => boolean, timeoutMs = 5000): Promise<GatewayFrame> {
    return this.waitFor('frame', this.frames, match, timeoutMs);
  }

  /** Resolves once `count` shards have identified (or resumed). */
  async waitForSessions(count: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sessions.size < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.sessions.size} of ${count} shards connected`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Sends a dispatch event to the shard that owns the guild (Discord's (guild_id >> 22) % shards). */
  dispatch(t: string, d: any, guildId: string = GUILD_ID): number {
    const shard = Number((BigInt(guildId) >> 22n) % BigInt(this.shardCount));
    const session = this.sessions.get(shard);
    if (!session || session.socket.readyState !== WebSocket.OPEN) throw new Error(`no open session for shard ${shard}`);
    session.seq += 1;
    const sentAt = performance.now();
    session.socket.send(JSON.stringify({ op: 0, t, s: session.seq, d }));
    return sentAt;
  }

  /** Sends INTERACTION_CREATE; returns when it was sent and the callback that answers it. */
  interact(interaction: any): { sentAt: number; callback: Promise<RecordedRequest> } {
    // Looked up by path when the request arrives: benchmarks send thousands, a scan each would skew them.
    const callback = new Promise<RecordedRequest>((resolve, reject) => {
      const path = `/interactions/${interaction.id}/${interaction.token}/callback`;
      const timer = setTimeout(() => {
        this.pendingCallbacks.delete(path);
        reject(new Error(`no callback for interaction ${interaction.data?.name} within 5000 ms`));
      }, 5000);
      this.pendingCallbacks.set(path, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    const sentAt = this.dispatch('INTERACTION_CREATE', interaction, interaction.guild_id ?? GUILD_ID);
    return { sentAt, callback };
  }

  /** Closes a shard's socket the way a dropped connection looks (a resumable close code). */
  dropGateway(shard = 0, code = 4000): void {
    this.sessions.get(shard)?.socket.close(code, 'dropped by the fake');
  }

  async close(): Promise<void> {
    for (const client of this.gateway.clients) client.terminate();
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private waitFor<T>(event: string, seen: T[], match: (x: T) => boolean, timeoutMs: number): Promise<T> {
    const found = seen.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off(event, listener);
        reject(new Error(`the fake Discord saw no matching ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (x: T) => {
        if (!match(x)) return;
        clearTimeout(timer);
        this.off(event, listener);
        resolve(x);
      };
      this.on(event, listener);
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname.replace(/^\/api\/v\d+/, ''),
      query: url.searchParams,
      headers: req.headers,
      body: raw && req.headers['content-type']?.includes('json') ? JSON.parse(raw) : raw,
      receivedAt: performance.now(),
    };
    if (this.keepRequests) this.requests.push(recorded);
    if (recorded.method === 'POST') {
      this.pendingCallbacks.get(recorded.path)?.(recorded);
      this.pendingCallbacks.delete(recorded.path);
    }
    this.emit('request', recorded);
    const { status, body, headers } = this.answer(recorded);
    res.writeHead(status, { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  private answer(r: RecordedRequest): ScriptedResponse {
    const script = this.scripts.find((s) => s.method === r.method && s.path.test(r.path) && s.responses.length > 0);
    if (script) return script.responses.shift()!;
    const authorized = r.headers.authorization === `Bot ${this.token}`;
    const unauthorized = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    let m: RegExpExecArray | null;
    if (r.method === 'GET' && r.path === '/gateway/bot') {
      if (!authorized) return unauthorized;
      return {
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: this.shardCount,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 16 },
        },
      };
    }
    if (r.method === 'GET' && r.path === '/applications/@me') {
      return authorized ? { status: 200, body: { id: APPLICATION_ID, name: 'Newsroom', flags: 0 } } : unauthorized;
    }
    if (r.method === 'PUT' && (m = /^\/applications\/(\d+)\/(?:guilds\/\d+\/)?commands$/.exec(r.path))) {
      if (!authorized) return unauthorized;
      const list = Array.isArray(r.body) ? r.body : [];
      return { status: 200, body: list.map((c: any) => ({ ...c, id: snowflake(), application_id: m![1], version: snowflake() })) };
    }
    if (r.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(r.path)) return { status: 204 };
    if (r.method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\/%40original$/.test(r.path)) {
      return { status: 200, body: this.message(CHANNEL_ID, r.body) };
    }
    if (r.method === 'DELETE' && /^\/webhooks\/\d+\/[^/]+\/messages\/%40original$/.test(r.path)) return { status: 204 };
    if (r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path)) return { status: 200, body: this.message(CHANNEL_ID, r.body) };
    if (r.method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(r.path))) {
      if (!authorized) return unauthorized;
      return { status: 200, body: this.message(m[1]!, r.body) };
    }
    return { status: 404, body: { message: `404: Not Found (the fake has no ${r.method} ${r.path})`, code: 0 } };
  }

  private message(channelId: string, body: any): unknown {
    return {
      id: snowflake(),
      channel_id: channelId,
      author: { id: BOT_USER_ID, username: 'newsroom', discriminator: '0', avatar: null, bot: true },
      content: body?.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body?.embeds ?? [],
      pinned: false,
      type: 0,
      flags: body?.flags ?? 0,
    };
  }

  private onConnection(socket: WebSocket): void {
    let shard = 0;
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { op: number; d: any };
      const session = [...this.sessions.values()].find((s) => s.socket === socket);
      shard = session?.shard[0] ?? frame.d?.shard?.[0] ?? shard;
      const recorded: GatewayFrame = { shard, op: frame.op, d: frame.d };
      this.frames.push(recorded);
      this.emit('frame', recorded);
      if (frame.op === 1) socket.send(JSON.stringify({ op: 11 }));
      else if (frame.op === 2) this.identify(socket, frame.d);
      else if (frame.op === 6) this.resume(socket, frame.d);
    });
  }

  private identify(socket: WebSocket, d: any): void {
    if (d?.token !== this.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    const shard: [number, number] = d.shard ?? [0, 1];
    const session: Session = { id: snowflake(), shard, socket, seq: 1 };
    this.sessions.set(shard[0], session);
    this.sessionsById.set(session.id, session);
    socket.send(
      JSON.stringify({
        op: 0,
        t: 'READY',
        s: 1,
        d: {
          v: 10,
          user: { id: BOT_USER_ID, username: 'newsroom', discriminator: '0', avatar: null, bot: true, flags: 0 },
          guilds: [],
          session_id: session.id,
          resume_gateway_url: this.gatewayUrl,
          application: { id: APPLICATION_ID, flags: 0 },
          shard,
        },
      }),
    );
  }

  private resume(socket: WebSocket, d: any): void {
    const session = this.sessionsById.get(d?.session_id);
    if (!session || d.token !== this.token) {
      socket.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    session.socket = socket;
    session.seq += 1;
    this.sessions.set(session.shard[0], session);
    socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: session.seq, d: {} }));
  }
}
