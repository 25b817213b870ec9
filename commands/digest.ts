// /digest: a channel's daily digest. Anyone may see its status or a preview; only moderators
// subscribe or unsubscribe a channel.
import type { OptionDef } from '../src/core/command';
import { type CommandContext, defineCommand } from './context';
import { StoreUnavailableError, UserError } from '../src/core/errors';
import { describeSchedule, localLabel } from '../src/schedule/calendar';
import type { SubscribeInput } from '../src/schedule/subscriptions';

const COUNT = { name: 'count', description: 'Articles per digest (1-10, default 5)', type: 'integer', min: 1, max: 10 } as const satisfies OptionDef;

/**
 * Text platforms put every free word into `time` ("/digest subscribe 07:30 Europe/Berlin mon-fri").
 * Five words are a cron expression; otherwise each word goes where its shape says.
 */
export function sortLooseWords(input: SubscribeInput): SubscribeInput {
  const words = input.time?.trim().split(/\s+/) ?? [];
  if (words.length <= 1 || words.length === 5) return input;
  const out: { -readonly [K in keyof SubscribeInput]: SubscribeInput[K] } = { ...input, time: undefined };
  for (const word of words) {
    if (/^\d{1,2}(:\d{2})?\s*(am|pm)?$/i.test(word) && /[:ap]/i.test(word) && !out.time) out.time = word;
    else if (/^\d+$/.test(word) && out.count === undefined) out.count = Number(word);
    else if ((word.includes('/') || /^(utc|gmt)$/i.test(word)) && !out.timezone) out.timezone = word;
    else if (/^[a-z,-]+$/i.test(word) && !out.days) out.days = word;
    else throw new UserError(`I don't know what “${word.slice(0, 30)}” means here. Try /digest subscribe time:08:00 timezone:Europe/Berlin days:mon-fri count:5.`);
  }
  if (out.count !== undefined && (out.count < 1 || out.count > 10)) throw new UserError('The count must be between 1 and 10.');
  return out;
}

/** A change the store took but never confirmed: it may or may not be saved. Never "failed". */
function unknownOutcome(change: string) {
  return {
    text: `Digests are temporarily unavailable: ${change} may or may not have been saved. Check with /digest status in a minute, and repeat it if the change is not there.`,
    visibility: 'ephemeral',
    outcome: 'refused',
  } as const;
}

function desk(ctx: CommandContext) {
  if (!ctx.digests) throw new UserError('Digests are not available here.');
  return ctx.digests;
}

export default defineCommand(
  {
    name: 'digest',
    description: "This channel's daily digest: subscribe, unsubscribe, status, or preview",
    help: [
      'time can also be a 5-field cron expression; days also sat-sun or mon,wed,fri; empty:post says "no new articles" instead of skipping.',
      'Example: /digest subscribe time:07:30 timezone:Europe/Berlin days:mon-fri count:3',
    ].join('\n'),
    subcommands: [
      {
        name: 'subscribe',
        description: 'Post a daily digest of new articles in this channel',
        moderatorOnly: true,
        options: [
          { name: 'time', description: 'Local time HH:MM (default 08:00), or a cron expression', type: 'string', maxLength: 100 },
          { name: 'timezone', description: 'IANA time zone, e.g. America/New_York', type: 'string', maxLength: 64 },
          COUNT,
          { name: 'days', description: 'Days, e.g. mon-fri (default every day)', type: 'string', maxLength: 40 },
          { name: 'empty', description: 'Nothing new: skip the post or say so', type: 'string', choices: ['skip', 'post'] },
        ],
      },
      { name: 'unsubscribe', description: "Stop this channel's digest", moderatorOnly: true },
      { name: 'status', description: "This channel's digest: when the next comes, how the last went" },
      { name: 'preview', description: 'The digest this channel would get now', options: [COUNT] },
    ],
  },
  async (ctx, args) => {
    const digests = desk(ctx);
    switch (args.action) {
      case 'subscribe': {
        const input = sortLooseWords({ time: args.time, timezone: args.timezone, count: args.count, days: args.days, empty: args.empty });
        const { subscription, next, unconfirmed } = await digests.subscribe(ctx.invocation, input);
        if (unconfirmed) return unknownOutcome('subscribing this channel');
        try {
          const status = await digests.status(ctx.invocation);
          return { ...status, title: 'Digest scheduled for this channel', visibility: 'ephemeral' };
        } catch (error) {
          // Saved (the store said so); only the status read after it failed: still "done".
          if (!(error instanceof StoreUnavailableError)) throw error;
          const zone = subscription.schedule.timezone;
          return {
            title: 'Digest scheduled for this channel',
            text: `Done: ${describeSchedule(subscription.schedule)}, up to ${subscription.count} articles. Next digest: ${localLabel(next, zone)} ${zone}. (Its status cannot be read right now; /digest status shows it in a minute.)`,
            visibility: 'ephemeral',
          };
        }
      }
      case 'unsubscribe': {
        const removed = await digests.unsubscribe(ctx.invocation);
        if (removed === 'unknown') return unknownOutcome('stopping this channel’s digest');
        return { text: removed === 'removed' ? 'Done: this channel gets no more digests.' : 'This channel had no digest; nothing changed.', visibility: 'ephemeral' };
      }
      case 'status':
        return digests.status(ctx.invocation);
      case 'preview':
        return digests.preview(ctx.invocation, args.count);
    }
  },
);
