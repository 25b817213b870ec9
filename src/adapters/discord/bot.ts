// The bot in one process: a discord.js client on the gateway (Guilds intent only, nothing
// privileged), answering interactions. Under sharding each shard process runs one of these.
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Adapter, ChannelPoster } from '../../core/adapter';
import type { Logger } from '../../core/context';
import type { Newsroom } from '../../newsroom/newsroom';
import type { Dispatcher } from '../../core/dispatcher';
import { describeDiscordFailure } from './failures';
import { answerInteraction } from './interactions';
import { createPostingRest, DiscordChannelPoster } from './outbound';
import type { DiscordSettings } from './settings';

export type { DiscordSettings };

export interface DiscordBotDeps {
  readonly config: DiscordSettings;
  readonly dispatcher: Dispatcher;
  readonly newsroom: Newsroom;
  /** Defer an answer not ready by then (default 2 s; Discord's window is 3 s). */
  readonly deferAfterMs?: number;
  /** How long to wait for READY after login. */
  readonly readyTimeoutMs?: number;
}

export class DiscordBot implements Adapter {
  readonly platform = 'discord' as const;
  readonly client: Client;
  readonly outbound: ChannelPoster;
  private readonly log: Logger;
  /** Answers under way, so stop() can let them finish. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: DiscordBotDeps) {
    const { config, newsroom } = deps;
    this.log = newsroom.logger.child({ platform: 'discord' });
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      allowedMentions: { parse: [] },
      // A rate-limit wait over 5 s fails the call instead of queueing it (the default waits forever);
      // an interaction's first answer is due within 3 s anyway.
      rest: { ...(config.apiUrl && { api: config.apiUrl }), rejectOnRateLimit: (limit) => limit.retryAfter > 5000 },
    });
    this.outbound = new DiscordChannelPoster(createPostingRest(config.token, config.apiUrl));
    const interactionDeps = {
      dispatcher: deps.dispatcher,
      moderatorRoleIds: config.moderatorRoleIds,
      logger: this.log,
      deferAfterMs: deps.deferAfterMs ?? 2000,
    };
    this.client.on(Events.InteractionCreate, (interaction) => {
      const answering = answerInteraction(interaction, interactionDeps).finally(() => this.inFlight.delete(answering));
      this.inFlight.add(answering);
    });
    this.watchGateway();
  }

  private watchGateway(): void {
    const { client, log } = this;
    client.on(Events.ShardReady, (shard) => log.info({ shard, user: client.user?.tag }, 'connected to the Discord gateway'));
    client.on(Events.ShardReconnecting, (shard) => log.warn({ shard }, 'Discord gateway connection dropped; reconnecting'));
    client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'Discord gateway session resumed'));
    client.on(Events.ShardDisconnect, (event, shard) => log.error({ shard, code: event.code }, 'Discord gateway closed for good'));
    client.on(Events.ShardError, (err, shard) => log.warn({ err, shard }, 'Discord gateway error'));
    client.on(Events.Error, (err) => log.error({ err }, 'Discord client error'));
    client.on(Events.Warn, (message) => log.warn(message));
  }

  /** Logs in and resolves once the gateway is READY; a bad token rejects with a clear message. */
  async start(): Promise<void> {
    const { config } = this.deps;
    const timeoutMs = this.deps.readyTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Discord did not report READY within ${timeoutMs} ms`)), timeoutMs);
      this.client.once(Events.ClientReady, () => resolve());
    });
    try {
      await this.client.login(config.token);
      await ready;
    } catch (error) {
      await this.client.destroy();
      throw new Error(describeDiscordFailure(error, config.apiUrl), { cause: error });
    } finally {
      clearTimeout(timer);
    }
    this.log.info({ user: this.client.user?.tag, shards: this.client.ws.shards.size }, 'Discord bot ready');
  }

  isReady(): boolean {
    return this.client.isReady();
  }

  /** Takes no new interactions, lets those under way answer (up to `graceMs`), then disconnects. */
  async stop(graceMs = 5000): Promise<void> {
    this.client.removeAllListeners(Events.InteractionCreate);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
    clearTimeout(timer);
    await this.client.destroy();
  }
}
