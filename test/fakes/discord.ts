// A small Discord on 127.0.0.1 for tests and benchmarks: the REST routes the bot calls here, and a
// JSON gateway (./discord-gateway.ts) on the same port. Field choices follow
// ../shared/design/PLATFORM-NOTES.md. It records every request and gateway frame so tests can
// assert on the exact bodies the real discord.js client sends.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { FakeGateway, type FakeGuild, type GatewayFrame } from './discord-gateway';

export type { GatewayFrame } from './discord-gateway';

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

export interface ScriptedResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Create the message first, as Discord does when it fails after storing it (a 500 or a late answer). */
  readonly created?: boolean;
  /** Answer this long after the request arrived (past the client's timeout, it never sees the answer). */
  readonly delayMs?: number;
}

/** A message the fake created, as GET would return it, plus the nonce it was created with. */
export interface StoredMessage {
  readonly id: string;
  readonly channelId: string;
  readonly nonce?: string | number;
  /** Date.now() at creation: enforce_nonce looks back NONCE_WINDOW_MS from here. */
  readonly createdAt: number;
  readonly body: any;
}

/** Discord documents "the past few minutes" for enforce_nonce; the fake uses five. */
export const NONCE_WINDOW_MS = 5 * 60_000;

export interface FakeDiscordOptions {
  /** The token the fake accepts (`Authorization: Bot <token>`, IDENTIFY token). */
  readonly token?: string;
  /** What GET /gateway/bot recommends. */
  readonly shards?: number;
  readonly heartbeatIntervalMs?: number;
  /** Guilds the bot is in (default none): READY lists them, then one GUILD_CREATE each. */
  readonly guilds?: readonly FakeGuild[];
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
  /** Every message created in a channel, in order (duplicates included: that is what tests count). */
  readonly messages: StoredMessage[] = [];
  private readonly pendingCallbacks = new Map<string, (r: RecordedRequest) => void>();
  private readonly scripts: { method: string; path: RegExp; responses: ScriptedResponse[] }[] = [];
  private readonly token: string;
  private readonly shardCount: number;
  private readonly keepRequests: boolean;
  private readonly gateway: FakeGateway;
  private port = 0;

  private constructor(
    private readonly http: Server,
    options: FakeDiscordOptions,
  ) {
    super();
    this.setMaxListeners(0);
    this.token = options.token ?? 'fake-token';
    this.shardCount = options.shards ?? 1;
    this.keepRequests = options.keepRequests ?? true;
    this.gateway = new FakeGateway(new WebSocketServer({ server: http }), {
      token: this.token,
      shardCount: this.shardCount,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      botUserId: BOT_USER_ID,
      applicationId: APPLICATION_ID,
      url: () => this.gatewayUrl,
      newId: snowflake,
      guilds: options.guilds ?? [],
      onFrame: (frame) => this.emit('frame', frame),
    });
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const http = createServer();
    const fake = new FakeDiscord(http, options);
    http.on('request', (req, res) => void fake.onRequest(req, res));
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

  /** Every frame the clients sent, in order. */
  get frames(): readonly GatewayFrame[] {
    return this.gateway.frames;
  }

  /** Live gateway sessions by shard id. */
  get sessions() {
    return this.gateway.sessions;
  }

  messagesIn(channelId: string): StoredMessage[] {
    return this.messages.filter((m) => m.channelId === channelId);
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
    return this.waitFor('frame', this.gateway.frames, match, timeoutMs);
  }

  /** Resolves once `count` shards have identified (or resumed). */
  async waitForSessions(count: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sessions.size < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.sessions.size} of ${count} shards connected`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Sends a dispatch event to the shard that owns the guild; returns when it was sent. */
  dispatch(t: string, d: any, guildId: string = GUILD_ID): number {
    return this.gateway.dispatch(t, d, guildId);
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
    this.gateway.drop(shard, code);
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private waitFor<T>(event: string, seen: readonly T[], match: (x: T) => boolean, timeoutMs: number): Promise<T> {
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
    const { status, body, headers, delayMs } = this.answer(recorded);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (res.destroyed || req.socket.destroyed) return; // the client gave up (a timeout): it never hears back
    res.writeHead(status, { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  private answer(r: RecordedRequest): ScriptedResponse {
    const script = this.scripts.find((s) => s.method === r.method && s.path.test(r.path) && s.responses.length > 0);
    if (script) {
      const scripted = script.responses.shift()!;
      const m = /^\/channels\/(\d+)\/messages$/.exec(r.path);
      if (scripted.created && m) {
        const created = this.createMessage(m[1]!, r.body);
        return scripted.status === 200 ? { ...scripted, body: created } : scripted;
      }
      return scripted;
    }
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
      return { status: 200, body: this.createMessage(m[1]!, r.body) };
    }
    return { status: 404, body: { message: `404: Not Found (the fake has no ${r.method} ${r.path})`, code: 0 } };
  }

  /**
   * Create Message: with enforce_nonce, a nonce this bot used in the channel within the window
   * returns that message and creates none (Discord's documented idempotency).
   */
  private createMessage(channelId: string, body: any): unknown {
    const now = Date.now();
    if (body?.enforce_nonce && body.nonce !== undefined) {
      const earlier = this.messages.find((m) => m.channelId === channelId && m.nonce === body.nonce && now - m.createdAt < NONCE_WINDOW_MS);
      if (earlier) return this.message(channelId, earlier.body, earlier.id);
    }
    const id = snowflake();
    this.messages.push({ id, channelId, ...(body?.nonce !== undefined && { nonce: body.nonce }), createdAt: now, body });
    return this.message(channelId, body, id);
  }

  private message(channelId: string, body: any, id = snowflake()): unknown {
    return {
      id,
      ...(body?.nonce !== undefined && { nonce: body.nonce }),
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
}
