// The Slack adapter (@slack/bolt): HTTP mode with a signing secret, Socket Mode with an app token.
// Both feed the same slash-command listener; the outbound port posts digests with chat.postMessage.
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import type { OpsRoute } from '../../ops/server';
import type { Adapter } from '../../core/adapter';
import type { Newsroom } from '../../newsroom/newsroom';
import type { Dispatcher } from '../../core/dispatcher';
import { boltLogger } from './bolt-logger';
import { SlackHttpServer } from './http-mode';
import { SlackIdentity } from './identity';
import { SlackModerators } from './moderators';
import { SlackChannelPoster } from './poster';
import { registerSlashCommands } from './slash-commands';
import { describeSlackError } from './slack-error';
import type { SlackSettings } from './settings';

export interface SlackAdapterDeps {
  readonly config: SlackSettings;
  readonly dispatcher: Dispatcher;
  readonly newsroom: Newsroom;
  /** Tests shorten the ack budget to see the respond() path; the default suits Slack's 3 s. */
  readonly ackBudgetMs?: number;
  /** Listen address in HTTP mode (default: all interfaces). */
  readonly host?: string;
  /** /healthz, /readyz and /metrics, served on the Slack port in HTTP mode (main.ts passes them when OPS_PORT is unset). */
  readonly opsRoutes?: readonly OpsRoute[];
  /** How long one digest post may wait for Slack's answer (the Web API client's 10 s by default). */
  readonly postTimeoutMs?: number;
}

export interface SlackAdapter extends Adapter {
  readonly outbound: SlackChannelPoster;
  readonly mode: 'http' | 'socket';
  /** The HTTP port actually bound (useful with SLACK_PORT=0). */
  readonly port: number | undefined;
}

/** Web API calls fail fast and few times; the half-hour default retry would hold posts and lookups. */
const RETRY = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 };

export async function createSlackAdapter(deps: SlackAdapterDeps): Promise<SlackAdapter> {
  const { config, dispatcher, newsroom } = deps;
  const logger = newsroom.logger.child({ platform: 'slack' });
  const debug = (logger as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.('debug') === true;
  const bridge = boltLogger(logger, debug ? LogLevel.DEBUG : LogLevel.INFO);
  const clientOptions: webApi.WebClientOptions = {
    logger: bridge,
    rejectRateLimitedCalls: true,
    retryConfig: RETRY,
    timeout: 10_000,
    ...(config.apiUrl && { slackApiUrl: config.apiUrl }),
  };
  const client = new webApi.WebClient(config.botToken, clientOptions);
  // Posts the bot makes by itself never retry inside the client: a retried timeout or 5xx may post
  // twice. The delivery path decides, after looking for the first attempt in the channel's history.
  const postingClient = new webApi.WebClient(config.botToken, { ...clientOptions, retryConfig: { retries: 0 }, timeout: deps.postTimeoutMs ?? 10_000 });
  const identity = new SlackIdentity(client, logger);
  const moderators = new SlackModerators({ client, moderatorIds: config.moderatorIds, clock: newsroom.clock, logger });
  const mode = config.appToken ? 'socket' : 'http';

  const receiver =
    mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.appToken!,
          logger: bridge,
          // The client's own reconnect loses a failed attempt as an unhandled rejection; ours below
          // retries every (re)connection with a capped backoff and says so in the log.
          autoReconnectEnabled: false,
          installerOptions: { clientOptions },
        })
      : new HTTPReceiver({ signingSecret: config.signingSecret!, logger: bridge, unhandledRequestTimeoutMillis: 3001 });

  const app = new App({
    receiver,
    logger: bridge,
    clientOptions,
    convoStore: false,
    // authorize instead of token: Bolt would otherwise call auth.test from its constructor.
    authorize: async () => ({ botToken: config.botToken, ...identity.current }),
  });
  app.error(async (error) => {
    logger.error({ error: describeSlackError(error) }, 'Bolt could not handle a Slack request');
  });
  const answering = registerSlashCommands(app, { dispatcher, moderators, logger, ...(deps.ackBudgetMs !== undefined && { ackBudgetMs: deps.ackBudgetMs }) });

  const http = receiver instanceof HTTPReceiver ? new SlackHttpServer({ receiver, clock: newsroom.clock, logger, ...(deps.opsRoutes && { routes: deps.opsRoutes }) }) : undefined;
  let stopped = false;
  let connected = false;
  let socketRetry: NodeJS.Timeout | undefined;

  async function connectSocket(delayMs: number): Promise<void> {
    if (stopped || !(receiver instanceof SocketModeReceiver)) return;
    try {
      await receiver.start();
      connected = true;
      logger.info('Slack Socket Mode connected');
    } catch (error) {
      logger.warn({ error: describeSlackError(error), retryInMs: delayMs }, 'Slack Socket Mode could not connect; trying again');
      socketRetry = setTimeout(() => void connectSocket(Math.min(delayMs * 2, 60_000)), delayMs);
    }
  }
  if (receiver instanceof SocketModeReceiver) {
    receiver.client.on('disconnected', () => {
      if (!connected || stopped) return;
      connected = false;
      logger.warn('Slack Socket Mode connection lost; reconnecting');
      socketRetry = setTimeout(() => void connectSocket(1000), 250);
    });
  }

  return {
    platform: 'slack',
    mode,
    outbound: new SlackChannelPoster({ client: postingClient, logger }),
    get port() {
      return http?.port;
    },
    isReady() {
      return http ? http.port !== undefined : connected;
    },
    async start() {
      void identity.start();
      if (http) {
        await http.start(config.port, deps.host);
        logger.info({ port: http.port, path: '/slack/events' }, 'Slack HTTP mode listening');
      } else {
        await connectSocket(1000);
      }
    },
    async stop() {
      stopped = true;
      identity.stop();
      clearTimeout(socketRetry);
      if (http) await http.stop();
      else await app.stop().catch(() => undefined);
      // Slow answers already acked still owe their post to response_url (main.ts bounds the wait).
      await answering.settled();
    },
  };
}
