// Every slash command Slack sends us, turned into a dispatch and answered: `/summary kim` runs
// "summary"; the umbrella `/newsroom summary kim` runs the same. Nothing here names a command, so a
// new file in commands/ is answered without an edit. Quick answers ride in the ack body; an answer
// not ready within the ack budget is acked empty first and sent through response_url.
import { within } from '../../core/deadline';
import type { App, RespondArguments, SlashCommand } from '@slack/bolt';
import { refusesNonModerators } from '../../core/command';
import type { Invocation, Logger } from '../../core/context';
import type { Dispatcher } from '../../core/dispatcher';
import type { Reply } from '../../core/reply';
import { renderBlocks } from './blocks';
import type { SlackModerators } from './moderators';
import { describeSlackError } from './slack-error';

export const UMBRELLA_COMMAND = 'newsroom';
/** Slack waits 3 s for the ack; past this much work we ack first and answer after. */
export const ACK_BUDGET_MS = 2000;

export interface SlashCommandOptions {
  readonly dispatcher: Dispatcher;
  readonly moderators: SlackModerators;
  readonly logger: Logger;
  readonly ackBudgetMs?: number;
}

/** `/newsroom summary kim` -> ["summary", "kim"]; `/summary kim` -> ["summary", "kim"]. */
export function commandAndText(command: string, text: string): [name: string, args: string] {
  const name = command.replace(/^\//, '').toLowerCase();
  if (name !== UMBRELLA_COMMAND) return [name, text];
  const match = /^\s*\/?(\S+)\s*([\s\S]*)$/.exec(text);
  return match ? [match[1]!.toLowerCase(), match[2]!] : ['help', ''];
}

export function toResponse(reply: Reply): RespondArguments {
  return { response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral', ...renderBlocks(reply) } as RespondArguments;
}


/** What shutdown waits for: answers still on their way through response_url. */
export interface SlashCommandsInFlight {
  /** Resolves once every listener that has started has finished, its slow answer sent or failed. */
  settled(): Promise<void>;
}

export function registerSlashCommands(app: App, options: SlashCommandOptions): SlashCommandsInFlight {
  const { dispatcher, moderators, logger, ackBudgetMs = ACK_BUDGET_MS } = options;
  const listening = new Set<Promise<void>>();

  async function answer(body: SlashCommand): Promise<Reply> {
    const [name, args] = commandAndText(body.command, body.text ?? '');
    const teamId = body.team_id ?? body.enterprise_id ?? 'unknown';
    // Only commands that need it pay for a users.info lookup; the rest use what is already known.
    const definition = dispatcher.find(name)?.definition;
    const isModerator = definition && refusesNonModerators(definition)
      ? await moderators.isModerator(teamId, body.user_id)
      : moderators.isKnownModerator(teamId, body.user_id);
    const invocation: Invocation = {
      platform: 'slack',
      workspaceId: teamId,
      channelId: body.channel_id,
      user: { id: body.user_id, ...(body.user_name && { name: body.user_name }), isModerator },
    };
    return dispatcher.dispatch(invocation, name, args);
  }

  app.command(/^\/[\w-]+$/, async ({ command, ack, respond }) => {
    const work = answer(command);
    const first = await within(work, ackBudgetMs);
    if (first) {
      await ack(toResponse(first));
      return;
    }
    await ack();
    // The dispatcher stops counting this command once its reply exists; the post to response_url
    // comes after, so shutdown waits for it here.
    const delivering = (async () => {
      const reply = await work;
      try {
        await respond({ ...toResponse(reply), replace_original: false });
      } catch (error) {
        logger.error({ error: describeSlackError(error), command: command.command }, 'could not deliver a slow answer through response_url');
      }
    })();
    listening.add(delivering);
    await delivering.finally(() => listening.delete(delivering));
  });

  return {
    async settled() {
      await Promise.all(listening);
    },
  };
}
