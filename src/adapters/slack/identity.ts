// Who the bot is (auth.test), asked in the background: Bolt would ask from its constructor and the
// process would die of an unhandled rejection when the Web API is unreachable. Until the answer
// comes the bot still serves slash commands, which do not need it.
import type { Logger } from '../../core/context';
import { describeSlackError } from './slack-error';

export interface BotIdentity {
  readonly botId?: string;
  readonly botUserId?: string;
  readonly teamId?: string;
}

export interface AuthTester {
  auth: { test(): Promise<{ bot_id?: string; user_id?: string; team_id?: string; user?: string; team?: string }> };
}

/** Errors that retrying cannot fix: the token itself is wrong. */
const FATAL = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

export class SlackIdentity {
  current: BotIdentity = {};
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly client: AuthTester,
    private readonly logger: Logger,
    private readonly retry = { firstMs: 1000, maxMs: 60_000 },
  ) {}

  /** Resolves after the first attempt, whatever its outcome; later attempts run on a timer. */
  async start(): Promise<void> {
    await this.attempt(this.retry.firstMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async attempt(delayMs: number): Promise<void> {
    if (this.stopped) return;
    try {
      const result = await this.client.auth.test();
      this.current = {
        ...(result.bot_id && { botId: result.bot_id }),
        ...(result.user_id && { botUserId: result.user_id }),
        ...(result.team_id && { teamId: result.team_id }),
      };
      this.logger.info({ botUser: result.user, team: result.team }, 'connected to the Slack Web API');
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code && FATAL.has(code)) {
        this.logger.error({ slackError: code }, 'Slack rejected SLACK_BOT_TOKEN; check the token (commands will be answered, posts will fail)');
        return;
      }
      this.logger.warn(
        { error: describeSlackError(error), retryInMs: delayMs },
        'the Slack Web API is unreachable; serving commands anyway and trying again',
      );
      this.timer = setTimeout(() => void this.attempt(Math.min(delayMs * 2, this.retry.maxMs)), delayMs);
      this.timer.unref();
    }
  }
}
