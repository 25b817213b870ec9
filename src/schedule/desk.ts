// What /digest can do, reached through the newsroom context (ctx.digests): subscribe, unsubscribe,
// status and preview for the channel that asked.
import type { Invocation } from '../core/context';
import type { Reply, ReplyField } from '../core/reply';
import { buildDigest } from '../newsroom/digest';
import type { Newsroom } from '../newsroom/newsroom';
import { confirmedWrite } from '../store/confirm';
import { describeSchedule, localLabel, nextSlot, slotsBetween } from './calendar';
import { DeliveryBook, type LogEntry, outcomeOf, periodKey } from './deliveries';
import { channelKey, DigestSubscriptions, type ChannelRef, type DigestSubscription, newSubscription, parseSchedule, type SubscribeInput } from './subscriptions';

export interface DigestDeskOptions {
  /** DIGEST_TIMEZONE: the zone a subscription without one uses. */
  readonly defaultTimezone: string;
  readonly catchupMs: number;
}

const refOf = (i: Invocation): ChannelRef => ({ platform: i.platform, workspaceId: i.workspaceId, channelId: i.channelId });

function when(date: Date, timezone: string): string {
  return `${localLabel(date, timezone)} ${timezone}`;
}

export class DigestDesk {
  private readonly subscriptions: DigestSubscriptions;
  private readonly book: DeliveryBook;

  constructor(
    private readonly newsroom: Newsroom,
    readonly options: DigestDeskOptions,
  ) {
    this.subscriptions = new DigestSubscriptions(newsroom.store);
    this.book = new DeliveryBook(newsroom.store);
  }

  /**
   * Creates or replaces this channel's subscription (clearing a disabled state). A save whose answer
   * never came is read back; `unconfirmed` when it may or may not be there (never a failure then).
   * Throws StoreUnavailableError only when the store cannot have taken it.
   */
  async subscribe(invocation: Invocation, input: SubscribeInput): Promise<{ subscription: DigestSubscription; next: Date; unconfirmed?: true }> {
    const schedule = parseSchedule(input, this.options.defaultTimezone);
    const now = this.newsroom.clock.now();
    const subscription = newSubscription(invocation, schedule, input, now);
    const outcome = await confirmedWrite(
      () => this.subscriptions.save(subscription),
      async () => sameSubscription(await this.subscriptions.get(subscription), subscription),
    );
    if (outcome === 'unknown') this.logUnconfirmed(invocation, 'subscribe');
    return { subscription, next: nextSlot(schedule, now), ...(outcome === 'unknown' && { unconfirmed: true as const }) };
  }

  /**
   * Stops this channel's digest: 'removed', 'absent' (there was none), or 'unknown' when the store
   * took the request but never answered and a read-back could not show it gone.
   */
  async unsubscribe(invocation: Invocation): Promise<'removed' | 'absent' | 'unknown'> {
    const ref = refOf(invocation);
    let removed: boolean | undefined;
    const outcome = await confirmedWrite(
      async () => (removed = await this.subscriptions.remove(ref)),
      async () => (await this.subscriptions.get(ref)) === undefined,
    );
    if (outcome === 'unknown') {
      this.logUnconfirmed(invocation, 'unsubscribe');
      return 'unknown';
    }
    if (removed === false) return 'absent';
    // The channel's log of past digests: tidying only. The subscription is gone, so this is no failure.
    await this.book.forget(ref).catch((error: unknown) => this.newsroom.logger.warn({ err: error, channel: channelKey(ref) }, 'digests: unsubscribed, but the channel’s digest log could not be deleted'));
    return 'removed';
  }

  private logUnconfirmed(invocation: Invocation, what: string): void {
    this.newsroom.logger.warn({ channel: channelKey(refOf(invocation)), action: what }, 'digests: change sent, but the store did not confirm it; it may or may not be saved');
  }

  subscription(invocation: Invocation): Promise<DigestSubscription | undefined> {
    return this.subscriptions.get(refOf(invocation));
  }

  /** Schedule, next run in the channel's zone, last delivery, recent trouble, disabled state. */
  async status(invocation: Invocation): Promise<Reply> {
    const subscription = await this.subscriptions.get(refOf(invocation));
    if (!subscription) return { text: 'This channel has no digest. A moderator can start one with /digest subscribe.', visibility: 'ephemeral' };
    const now = this.newsroom.clock.now();
    const zone = subscription.schedule.timezone;
    const log = await this.book.log(subscription);
    const recent = await this.recentOutcomes(subscription, log.recent, now);
    const fields: ReplyField[] = [
      { name: 'Schedule', value: `${describeSchedule(subscription.schedule)}, up to ${subscription.count} articles; nothing new: ${subscription.empty}` },
      {
        name: 'Next digest',
        value: subscription.disabled ? 'none: disabled' : when(nextSlot(subscription.schedule, now), zone),
      },
      {
        name: 'Last digest',
        value: log.lastDigest
          ? `${when(new Date(log.lastDigest.slot), zone)} (${log.lastDigest.articles} article${log.lastDigest.articles === 1 ? '' : 's'})`
          : 'none yet',
      },
    ];
    const trouble = recent.filter((e) => e.outcome !== 'delivered' && e.outcome !== 'empty');
    if (trouble.length > 0) {
      fields.push({
        name: 'Recent problems',
        value: trouble
          .slice(-5)
          .map((e) => `${when(new Date(e.slot), zone)}: ${e.outcome}${e.outcome === 'uncertain' ? ' (the platform could not yet say whether it arrived; the bot asks again and never posts it blindly)' : ''}${e.error ? ` (${e.error.slice(0, 80)})` : ''}`)
          .join('\n'),
      });
    }
    if (subscription.disabled) {
      fields.push({ name: 'Disabled', value: `since ${when(new Date(subscription.disabled.at), zone)}: ${subscription.disabled.reason}. /digest subscribe turns it back on.` });
    }
    return { title: 'Digest for this channel', fields, visibility: 'ephemeral' };
  }

  /** The log, plus what the delivery records of the last few slots say now (uncertain shows here). */
  private async recentOutcomes(subscription: DigestSubscription, logged: readonly LogEntry[], now: Date): Promise<LogEntry[]> {
    const bySlot = new Map(logged.map((e) => [e.slot, e]));
    const from = new Date(Math.max(Date.parse(subscription.createdAt), now.getTime() - 7 * 24 * 3_600_000));
    for (const slot of slotsBetween(subscription.schedule, from, now, 5)) {
      const record = await this.book.get(periodKey(subscription, slot));
      if (!record) continue;
      const outcome = outcomeOf(record, now);
      bySlot.set(record.slot, { slot: record.slot, outcome, at: record.at ?? record.claimedAt, ...(record.error && { error: record.error }) });
    }
    return [...bySlot.values()].sort((a, b) => Date.parse(a.slot) - Date.parse(b.slot));
  }

  /** What this channel's digest would say right now (ephemeral; posts nothing, records nothing). */
  async preview(invocation: Invocation, count?: number): Promise<Reply> {
    const subscription = await this.subscriptions.get(refOf(invocation));
    const log = subscription ? await this.book.log(subscription) : undefined;
    const now = this.newsroom.clock.now();
    const digest = await buildDigest(this.newsroom, {
      platform: invocation.platform,
      workspaceId: invocation.workspaceId,
      ...(log?.lastDigest && { since: new Date(log.lastDigest.slot) }),
      until: now,
      count: count ?? subscription?.count ?? 5,
    });
    const note = subscription ? '' : ' This channel has no digest yet.';
    return { ...digest.reply, footer: `Preview: only you can see this.${note}`, visibility: 'ephemeral' };
  }
}

/** The same subscription as ours (a later subscribe, by anyone, has another creation time). */
function sameSubscription(stored: DigestSubscription | undefined, ours: DigestSubscription): boolean {
  return stored !== undefined && stored.createdAt === ours.createdAt && stored.createdBy.id === ours.createdBy.id && JSON.stringify(stored.schedule) === JSON.stringify(ours.schedule);
}

/** The newsroom with its digest desk attached, as every process that answers /digest builds it. */
export function withDigestDesk<N extends Newsroom>(newsroom: N, options: DigestDeskOptions): N & { readonly digests: DigestDesk } {
  return { ...newsroom, digests: new DigestDesk(newsroom, options) };
}
