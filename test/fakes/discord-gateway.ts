// The fake Discord's gateway half: HELLO, IDENTIFY -> READY, heartbeat ACK, RESUME -> RESUMED, and
// dispatches routed to the shard that owns a guild. Plain JSON text frames (no compression), as
// discord.js sends without zlib-sync (PLATFORM-NOTES.md).
import type { WebSocketServer } from 'ws';
import { WebSocket } from 'ws';

export interface GatewayFrame {
  readonly shard: number;
  readonly op: number;
  readonly d: any;
}

export interface Session {
  readonly id: string;
  readonly shard: [number, number];
  socket: WebSocket;
  seq: number;
}

export interface FakeGuild {
  readonly id: string;
  readonly roles?: readonly { id: string; name: string; permissions?: string }[];
}

/** A GUILD_CREATE payload with the fields discord.js reads. */
function guildCreate(guild: FakeGuild, botUserId: string) {
  const everyone = { id: guild.id, name: '@everyone', permissions: '1024', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 };
  return {
    id: guild.id,
    name: `Guild ${guild.id.slice(-4)}`,
    icon: null,
    owner_id: '1000000000000000999',
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    features: [],
    roles: [everyone, ...(guild.roles ?? []).map((r, i) => ({ ...everyone, position: i + 1, permissions: '0', ...r }))],
    emojis: [],
    stickers: [],
    channels: [],
    threads: [],
    members: [{ user: { id: botUserId, username: 'newsroom', discriminator: '0', avatar: null, bot: true }, roles: [], joined_at: '2023-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 }],
    voice_states: [],
    presences: [],
    member_count: 2,
    large: false,
    unavailable: false,
    joined_at: '2023-01-01T00:00:00.000Z',
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface GatewayOptions {
  readonly token: string;
  readonly shardCount: number;
  readonly heartbeatIntervalMs: number;
  readonly botUserId: string;
  readonly applicationId: string;
  /** Where RESUME should reconnect (READY's resume_gateway_url). */
  readonly url: () => string;
  readonly newId: () => string;
  /** Guilds the bot is in: READY lists them unavailable, then a GUILD_CREATE each, as Discord does. */
  readonly guilds: readonly FakeGuild[];
  readonly onFrame: (frame: GatewayFrame) => void;
}

export class FakeGateway {
  readonly frames: GatewayFrame[] = [];
  /** Live sessions by shard id (the latest socket that identified or resumed for that shard). */
  readonly sessions = new Map<number, Session>();
  private readonly sessionsById = new Map<string, Session>();

  constructor(
    private readonly server: WebSocketServer,
    private readonly options: GatewayOptions,
  ) {
    server.on('connection', (socket) => this.onConnection(socket));
  }

  /** Sends a dispatch event to the shard that owns the guild (Discord's (guild_id >> 22) % shards). */
  dispatch(t: string, d: any, guildId: string): number {
    const shard = Number((BigInt(guildId) >> 22n) % BigInt(this.options.shardCount));
    const session = this.sessions.get(shard);
    if (!session || session.socket.readyState !== WebSocket.OPEN) throw new Error(`no open session for shard ${shard}`);
    session.seq += 1;
    const sentAt = performance.now();
    session.socket.send(JSON.stringify({ op: 0, t, s: session.seq, d }));
    return sentAt;
  }

  /** Closes a shard's socket the way a dropped connection looks (a resumable close code). */
  drop(shard: number, code: number): void {
    this.sessions.get(shard)?.socket.close(code, 'dropped by the fake');
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(socket: WebSocket): void {
    let shard = 0;
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs } }));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { op: number; d: any };
      const session = [...this.sessions.values()].find((s) => s.socket === socket);
      shard = session?.shard[0] ?? frame.d?.shard?.[0] ?? shard;
      const recorded: GatewayFrame = { shard, op: frame.op, d: frame.d };
      this.frames.push(recorded);
      this.options.onFrame(recorded);
      if (frame.op === 1) socket.send(JSON.stringify({ op: 11 }));
      else if (frame.op === 2) this.identify(socket, frame.d);
      else if (frame.op === 6) this.resume(socket, frame.d);
    });
  }

  private identify(socket: WebSocket, d: any): void {
    if (d?.token !== this.options.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    const shard: [number, number] = d.shard ?? [0, 1];
    const session: Session = { id: this.options.newId(), shard, socket, seq: 1 };
    this.sessions.set(shard[0], session);
    this.sessionsById.set(session.id, session);
    socket.send(
      JSON.stringify({
        op: 0,
        t: 'READY',
        s: 1,
        d: {
          v: 10,
          user: { id: this.options.botUserId, username: 'newsroom', discriminator: '0', avatar: null, bot: true, flags: 0 },
          guilds: this.guildsOf(shard).map((g) => ({ id: g.id, unavailable: true })),
          session_id: session.id,
          resume_gateway_url: this.options.url(),
          application: { id: this.options.applicationId, flags: 0 },
          shard,
        },
      }),
    );
    for (const guild of this.guildsOf(shard)) this.dispatch('GUILD_CREATE', guildCreate(guild, this.options.botUserId), guild.id);
  }

  private guildsOf([id, count]: [number, number]): readonly FakeGuild[] {
    return this.options.guilds.filter((g) => Number((BigInt(g.id) >> 22n) % BigInt(count)) === id);
  }

  private resume(socket: WebSocket, d: any): void {
    const session = this.sessionsById.get(d?.session_id);
    if (!session || d.token !== this.options.token) {
      socket.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    session.socket = socket;
    session.seq += 1;
    this.sessions.set(session.shard[0], session);
    socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: session.seq, d: {} }));
  }
}
