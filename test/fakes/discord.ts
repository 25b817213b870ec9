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
  /** Answer only when the test calls release() (a client that gave up meanwhile never hears it): a late answer without racing real time. */
  readonly held?: true;
  /**
   * Do what was asked only when the test calls finishLater(), after answering or after the client
   * gave up: Discord finishing a post it was still making when it failed or timed out.
   */
  readonly later?: true;
}

/** A message the fake created, as GET would return it, plus the nonce it was created with. */
export interface StoredMessage {
  readonly id: string;
  readonly channelId: string;
  readonly nonce?: string | number;
  /** Date.now() at creation: enforce_nonce looks back NONCE_WINDOW_MS from here. */
  readonly createdAt: number;
  readonly body: any;
  /** Who wrote it (default: the bot). */
  readonly authorId?: string;
}

/** Discord's channel types the fake knows (a channel it was not told about is a text channel). */
export const CHANNEL_TYPES = { text: 0, announcement: 5, announcementThread: 10, publicThread: 11, privateThread: 12, forum: 15, media: 16 } as const;

/** A channel or thread as GET /channels/{id} returns it (the fields the bot reads). */
export interface FakeChannel {
  readonly id: string;
  readonly type: number;
  readonly guild_id: string;
  readonly name: string;
  readonly parent_id?: string;
  /** Threads: archived ones leave GET /guilds/{id}/threads/active for /threads/archived/public. */
  readonly thread_metadata?: { archived: boolean; auto_archive_duration: number; locked: boolean; archive_timestamp: string };
  readonly owner_id?: string;
  /** Channel flags (a forum's REQUIRE_TAG is 1 << 4). */
  readonly flags?: number;
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
  /** Channels a test made (addChannel) and threads the bot started, by id. */
  readonly channels = new Map<string, FakeChannel>();
  private readonly pendingCallbacks = new Map<string, (r: RecordedRequest) => void>();
  private readonly scripts: { method: string; path: RegExp; responses: ScriptedResponse[] }[] = [];
  /** Answers held for release(), and requests whose doing waits for finishLater(). */
  private readonly held: Array<() => void> = [];
  private readonly unfinished: RecordedRequest[] = [];
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

  /**
   * A channel of a type (a thread needs `parent`; `owner` is who made a thread, `flags` a forum's
   * channel flags); returns its id.
   */
  addChannel(type: number, options: { parent?: string; guildId?: string; name?: string; id?: string; owner?: string; flags?: number } = {}): string {
    const id = options.id ?? snowflake();
    const isThread = type === CHANNEL_TYPES.publicThread || type === CHANNEL_TYPES.privateThread || type === CHANNEL_TYPES.announcementThread;
    this.channels.set(id, {
      id,
      type,
      guild_id: options.guildId ?? GUILD_ID,
      name: options.name ?? `channel-${id.slice(-4)}`,
      ...(options.parent && { parent_id: options.parent }),
      ...(options.owner && { owner_id: options.owner }),
      ...(options.flags !== undefined && { flags: options.flags }),
      ...(isThread && { thread_metadata: { archived: false, auto_archive_duration: 1440, locked: false, archive_timestamp: new Date().toISOString() } }),
    });
    return id;
  }

  /** The threads started in a channel (on its messages, or its forum posts), in order. */
  threadsIn(parentId: string): FakeChannel[] {
    return [...this.channels.values()].filter((c) => c.parent_id === parentId && c.thread_metadata);
  }

  /** Archives a thread, as Discord does after inactivity or a moderator does by hand (at `at`, default now). */
  archive(threadId: string, at: Date = new Date()): void {
    const thread = this.channels.get(threadId)!;
    this.channels.set(threadId, { ...thread, thread_metadata: { ...thread.thread_metadata!, archived: true, archive_timestamp: at.toISOString() } });
  }

  /** A moderator renames a thread. */
  rename(threadId: string, name: string): void {
    this.channels.set(threadId, { ...this.channels.get(threadId)!, name });
  }

  /** A forum post someone else made: the thread, owned by `userId`, and its starter message, written by them. */
  addForumPost(forumId: string, userId: string, name: string, message: { content?: string; embeds?: unknown[] }): string {
    const id = this.addChannel(CHANNEL_TYPES.publicThread, { parent: forumId, name, owner: userId });
    this.messages.push({ id, channelId: id, createdAt: Date.now(), body: message, authorId: userId });
    return id;
  }

  /** Sends the answers held so far (scripted `held`). */
  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  /** Does what the requests scripted `later` asked (a forum post Discord finishes after the fact). */
  finishLater(): void {
    for (const r of this.unfinished.splice(0)) this.route(r);
  }

  private channel(id: string): FakeChannel {
    return this.channels.get(id) ?? { id, type: CHANNEL_TYPES.text, guild_id: GUILD_ID, name: 'newsroom' };
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
    const { status, body, headers, delayMs, held } = this.answer(recorded);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (held) await new Promise<void>((resolve) => this.held.push(resolve));
    if (res.destroyed || req.socket.destroyed) return; // the client gave up (a timeout): it never hears back
    res.writeHead(status, { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  private answer(r: RecordedRequest): ScriptedResponse {
    const script = this.scripts.find((s) => s.method === r.method && s.path.test(r.path) && s.responses.length > 0);
    if (script) {
      const scripted = script.responses.shift()!;
      if (scripted.later) this.unfinished.push(r);
      if (!scripted.created) return scripted;
      // Done as asked (a message, a thread, a forum post), then answered as scripted.
      const done = this.route(r);
      return scripted.status < 300 ? { ...scripted, body: done.body } : scripted;
    }
    return this.route(r);
  }

  /** Discord's answer to a request, doing what it asks. */
  private route(r: RecordedRequest): ScriptedResponse {
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
    if (r.method === 'GET' && r.path === '/users/@me') {
      return authorized ? { status: 200, body: { id: BOT_USER_ID, username: 'newsroom', discriminator: '0', avatar: null, bot: true } } : unauthorized;
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
      if (FORUMS.has(this.channel(m[1]!).type)) return { status: 400, body: { message: 'Cannot send messages in a non-text channel', code: 50008 } };
      return { status: 200, body: this.createMessage(m[1]!, r.body) };
    }
    if (!authorized && /^\/(channels|guilds)\//.test(r.path)) return unauthorized;
    if (r.method === 'GET' && (m = /^\/channels\/(\d+)$/.exec(r.path))) return { status: 200, body: this.channel(m[1]!) };
    if (r.method === 'POST' && (m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(r.path))) return this.threadOnMessage(m[1]!, m[2]!, r.body);
    if (r.method === 'POST' && (m = /^\/channels\/(\d+)\/threads$/.exec(r.path))) return this.threadInChannel(m[1]!, r.body);
    if (r.method === 'GET' && (m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(r.path))) {
      const found = this.messages.find((x) => x.channelId === m![1] && x.id === m![2]);
      return found ? { status: 200, body: this.message(found.channelId, found.body, found.id, found.authorId) } : { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    }
    if (r.method === 'GET' && (m = /^\/guilds\/(\d+)\/threads\/active$/.exec(r.path))) {
      const threads = [...this.channels.values()].filter((c) => c.guild_id === m![1] && c.thread_metadata && !c.thread_metadata.archived);
      return { status: 200, body: { threads, members: [] } };
    }
    if (r.method === 'GET' && (m = /^\/channels\/(\d+)\/threads\/archived\/public$/.exec(r.path))) return this.archivedPublic(m[1]!, r.query);
    return { status: 404, body: { message: `404: Not Found (the fake has no ${r.method} ${r.path})`, code: 0 } };
  }

  /**
   * List Public Archived Threads: newest archive first; `before` an ISO timestamp (threads archived
   * before it), `limit` 2..100 (default 50); has_more when a page was cut short.
   */
  private archivedPublic(channelId: string, query: URLSearchParams): ScriptedResponse {
    const limit = query.has('limit') ? Number(query.get('limit')) : 50;
    if (!Number.isInteger(limit) || limit < 2 || limit > 100) return invalidForm('limit');
    const before = query.has('before') ? Date.parse(query.get('before')!) : Infinity;
    if (Number.isNaN(before)) return invalidForm('before');
    const archivedAt = (t: FakeChannel) => Date.parse(t.thread_metadata!.archive_timestamp);
    const threads = this.threadsIn(channelId)
      .filter((t) => t.thread_metadata!.archived && t.type !== CHANNEL_TYPES.privateThread && archivedAt(t) < before)
      .sort((a, b) => archivedAt(b) - archivedAt(a));
    return { status: 200, body: { threads: threads.slice(0, limit), members: [], has_more: threads.length > limit } };
  }

  /**
   * Start Thread from Message: a text channel's message gets a public thread, an announcement
   * channel's an announcement thread, with the message's id; one thread per message (160004).
   */
  private threadOnMessage(channelId: string, messageId: string, body: any): ScriptedResponse {
    const parent = this.channel(channelId);
    if (!this.messages.some((x) => x.channelId === channelId && x.id === messageId)) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    if (this.channels.has(messageId)) return { status: 400, body: { message: 'A thread has already been created for this message', code: 160004 } };
    if (!body?.name || body.name.length > THREAD_NAME_MAX) return invalidForm('name');
    const type = parent.type === CHANNEL_TYPES.announcement ? CHANNEL_TYPES.announcementThread : CHANNEL_TYPES.publicThread;
    return { status: 201, body: this.startThread(messageId, type, parent, body.name) };
  }

  /**
   * POST /channels/{id}/threads: in a forum or media channel, Start Thread in Forum (a new post:
   * the thread and its starter message, which has the thread's id; `message` is required); in a
   * text or announcement channel, Start Thread without Message.
   */
  private threadInChannel(channelId: string, body: any): ScriptedResponse {
    const parent = this.channel(channelId);
    if (!body?.name || body.name.length > THREAD_NAME_MAX) return invalidForm('name');
    if (FORUMS.has(parent.type)) {
      if (!body.message || (!body.message.content && !body.message.embeds?.length)) return invalidForm('message');
      const id = snowflake();
      const thread = this.startThread(id, CHANNEL_TYPES.publicThread, parent, body.name);
      this.messages.push({ id, channelId: id, createdAt: Date.now(), body: body.message });
      return { status: 201, body: { ...thread, message: this.message(id, body.message, id) } };
    }
    if (parent.type !== CHANNEL_TYPES.text && parent.type !== CHANNEL_TYPES.announcement) return { status: 400, body: { message: 'Cannot execute action on this channel type', code: 50024 } };
    return { status: 201, body: this.startThread(snowflake(), body.type ?? CHANNEL_TYPES.privateThread, parent, body.name) };
  }

  private startThread(id: string, type: number, parent: FakeChannel, name: string): FakeChannel {
    const thread: FakeChannel = {
      id,
      type,
      guild_id: parent.guild_id,
      name,
      parent_id: parent.id,
      owner_id: BOT_USER_ID,
      thread_metadata: { archived: false, auto_archive_duration: 1440, locked: false, archive_timestamp: new Date().toISOString() },
    };
    this.channels.set(id, thread);
    return thread;
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

  private message(channelId: string, body: any, id = snowflake(), authorId = BOT_USER_ID): unknown {
    return {
      id,
      ...(body?.nonce !== undefined && { nonce: body.nonce }),
      channel_id: channelId,
      author: authorId === BOT_USER_ID ? { id: BOT_USER_ID, username: 'newsroom', discriminator: '0', avatar: null, bot: true } : { id: authorId, username: `user-${authorId.slice(-4)}`, discriminator: '0', avatar: null },
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

/** Discord refuses a longer thread name. */
const THREAD_NAME_MAX = 100;
const FORUMS: ReadonlySet<number> = new Set([CHANNEL_TYPES.forum, CHANNEL_TYPES.media]);

function invalidForm(field: string): ScriptedResponse {
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { [field]: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } } } };
}
