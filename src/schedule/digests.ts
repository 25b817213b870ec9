// The digest job: every minute, find the channels whose digest slot has come (or came while we
// were down, less than the catch-up window ago), and deliver each slot exactly once:
// claim (store add) -> build -> post through the platform's outbound port -> confirm.
// Older unclaimed slots are recorded as missed. Several replicas may run this; the claim decides.
import { randomUUID } from 'node:crypto';
import type { ChannelPoster } from '../core/adapter';
import type { Newsroom, Platform } from '../core/context';
import { PermanentDeliveryError, RateLimitError } from '../core/errors';
import { buildDigest } from '../newsroom/digest';
import { nextSlot, slotsBetween } from './calendar';
import { DeliveryBook, type DeliveryRecord, outcomeOf, periodKey } from './deliveries';
import type { Job } from './job';
import { Pacer, realSleep, type Sleep } from './pacer';
import { channelKey, DigestSubscriptions, type DigestSubscription } from './subscriptions';

export interface DigestSchedulerOptions {
  readonly newsroom: Newsroom;
  readonly posters: Partial<Record<Platform, ChannelPoster>>;
  /** A digest later than this is recorded as missed instead of posted (DIGEST_CATCHUP). */
  readonly catchupMs: number;
  /** Who claims; unique per process by default. */
  readonly owner?: string;
  readonly sleep?: Sleep;
  /** Posts per second per platform. */
  readonly rates?: Partial<Record<Platform, number>>;
  /** Deliveries in flight at once (all platforms). */
  readonly concurrency?: number;
  /** Attempts for a transient failure (5xx, network) before the slot counts as failed. */
  readonly maxAttempts?: number;
  /** Consecutive failed digests before a channel is disabled. */
  readonly disableAfter?: number;
  /** How long a claim may stay "posting" before status calls it uncertain. */
  readonly leaseMs?: number;
}

export interface TickReport {
  readonly due: number;
  readonly delivered: number;
  readonly empty: number;
  readonly failed: number;
  readonly missed: number;
  /** Slots another replica (or an earlier run) already had. */
  readonly taken: number;
  readonly skipped?: 'busy' | 'store unavailable';
}

const DEFAULT_RATES: Record<Platform, number> = { discord: 45, slack: 20, console: 100, cli: 100 };
/** On first sight of a subscription, look this far back for slots (missed or to catch up). */
const LOOKBACK_MS = 7 * 24 * 3_600_000;

type Result = 'delivered' | 'empty' | 'failed' | 'taken';

export class DigestScheduler {
  readonly subscriptions: DigestSubscriptions;
  readonly book: DeliveryBook;
  readonly owner: string;
  private readonly pacers = new Map<Platform, Pacer>();
  /**
   * Per channel, what this process already looked at: slots up to `upTo`, and nothing is due before
   * `next`, so a minute's pass over thousands of channels skips the schedule arithmetic.
   */
  private readonly seen = new Map<string, { readonly version: string; readonly upTo: number; readonly next: number }>();
  private running: Promise<TickReport> | null = null;
  private stopping = false;
  private readonly sleep: Sleep;

  constructor(private readonly options: DigestSchedulerOptions) {
    this.subscriptions = new DigestSubscriptions(options.newsroom.store);
    this.book = new DeliveryBook(options.newsroom.store);
    this.owner = options.owner ?? `replica-${randomUUID().slice(0, 8)}`;
    this.sleep = options.sleep ?? realSleep;
  }

  /** The neutral job the cron wiring runs every minute. */
  get job(): Job {
    return { name: 'digests', schedule: '* * * * *', run: async () => void (await this.tick()) };
  }

  private pacer(platform: Platform): Pacer {
    let p = this.pacers.get(platform);
    if (!p) {
      p = new Pacer(this.options.rates?.[platform] ?? DEFAULT_RATES[platform], this.options.newsroom.clock, this.sleep);
      this.pacers.set(platform, p);
    }
    return p;
  }

  /** One pass; a pass still running makes this one a no-op (the next minute picks up the rest). */
  tick(): Promise<TickReport> {
    if (this.running || this.stopping) return Promise.resolve({ due: 0, delivered: 0, empty: 0, failed: 0, missed: 0, taken: 0, skipped: 'busy' });
    this.running = this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Finishes the channels already started; the rest stay unclaimed for the next start's catch-up. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async pass(): Promise<TickReport> {
    const { clock, logger } = this.options.newsroom;
    const now = clock.now();
    let subscriptions: DigestSubscription[];
    try {
      subscriptions = await this.subscriptions.all();
    } catch (error) {
      logger.warn({ err: error }, 'digests: store unavailable, trying again next minute');
      return { due: 0, delivered: 0, empty: 0, failed: 0, missed: 0, taken: 0, skipped: 'store unavailable' };
    }
    const due: Array<{ subscription: DigestSubscription; slots: Date[] }> = [];
    let missed = 0;
    for (const subscription of subscriptions) {
      if (subscription.disabled || !this.options.posters[subscription.platform]) continue;
      const key = channelKey(subscription);
      const seen = this.seen.get(key);
      const known = seen?.version === subscription.createdAt ? seen : undefined;
      if (known && now.getTime() < known.next) continue;
      const from = Math.max(Date.parse(subscription.createdAt), known?.upTo ?? now.getTime() - LOOKBACK_MS);
      const slots = slotsBetween(subscription.schedule, new Date(from), now);
      const late = slots.filter((s) => now.getTime() - s.getTime() > this.options.catchupMs);
      const onTime = slots.filter((s) => now.getTime() - s.getTime() <= this.options.catchupMs);
      try {
        for (const slot of late) if (await this.recordMissed(subscription, slot, now)) missed++;
        this.seen.set(key, { version: subscription.createdAt, upTo: now.getTime(), next: nextSlot(subscription.schedule, now).getTime() });
      } catch (error) {
        logger.warn({ err: error, channel: key }, 'digests: could not record a missed digest; will retry');
      }
      if (onTime.length > 0) due.push({ subscription, slots: onTime });
    }
    const results = await this.fanOut(due);
    const count = (r: Result) => results.filter((x) => x === r).length;
    const report = { due: results.length, delivered: count('delivered'), empty: count('empty'), failed: count('failed'), missed, taken: count('taken') };
    if (report.due > 0 || missed > 0) logger.info(report, 'digests: pass done');
    return report;
  }

  private async recordMissed(subscription: DigestSubscription, slot: Date, now: Date): Promise<boolean> {
    const record: DeliveryRecord = { state: 'missed', slot: slot.toISOString(), owner: this.owner, claimedAt: now.toISOString(), leaseUntil: now.toISOString() };
    const added = await this.book.claim(periodKey(subscription, slot), record);
    if (added) await this.book.note(subscription, { slot: record.slot, outcome: 'missed', at: now.toISOString() });
    return added;
  }

  /** Channels in parallel (bounded), each channel's slots in order. */
  private async fanOut(due: Array<{ subscription: DigestSubscription; slots: Date[] }>): Promise<Result[]> {
    const results: Result[] = [];
    let next = 0;
    const worker = async () => {
      while (next < due.length && !this.stopping) {
        const { subscription, slots } = due[next++]!;
        for (const slot of slots) {
          const result = await this.deliver(subscription, slot).catch((error: unknown) => {
            this.options.newsroom.logger.warn({ err: error, channel: channelKey(subscription) }, 'digests: delivery could not start; will retry next minute');
            this.seen.delete(channelKey(subscription));
            return 'failed' as const;
          });
          results.push(result);
          if (result === 'failed') break;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 16, due.length) }, worker));
    return results;
  }

  /** Claim -> build -> post (with retries) -> confirm, for one channel and slot. */
  async deliver(subscription: DigestSubscription, slot: Date): Promise<Result> {
    const { newsroom } = this.options;
    const now = () => newsroom.clock.now();
    const key = periodKey(subscription, slot);
    const leaseMs = this.options.leaseMs ?? 15 * 60_000;
    const claimed: DeliveryRecord = {
      state: 'posting',
      slot: slot.toISOString(),
      owner: this.owner,
      claimedAt: now().toISOString(),
      leaseUntil: new Date(now().getTime() + leaseMs).toISOString(),
    };
    if (!(await this.book.claim(key, claimed))) {
      const existing = await this.book.get(key);
      if (existing && outcomeOf(existing, now()) === 'uncertain') {
        await this.book.note(subscription, { slot: existing.slot, outcome: 'uncertain', at: now().toISOString() });
      }
      return 'taken';
    }
    const log = await this.book.log(subscription);
    const digest = await buildDigest(newsroom, {
      platform: subscription.platform,
      workspaceId: subscription.workspaceId,
      ...(log.lastDigest && Date.parse(log.lastDigest.slot) < slot.getTime() && { since: new Date(log.lastDigest.slot) }),
      until: slot,
      count: subscription.count,
    });
    const articles = digest.articles.map((a) => a.slug);
    if (articles.length === 0 && subscription.empty === 'skip') {
      await this.book.update(key, { ...claimed, state: 'empty', at: now().toISOString(), articles });
      await this.book.note(subscription, { slot: claimed.slot, outcome: 'empty', at: now().toISOString(), articles: 0 });
      return 'empty';
    }
    const failure = await this.post(subscription, digest.reply, key, claimed);
    const at = now().toISOString();
    if (!failure) {
      // The one write between a post and its record: a crash here leaves "uncertain", never a repeat.
      await this.book.update(key, { ...claimed, state: 'delivered', at, articles });
      await this.book.note(subscription, { slot: claimed.slot, outcome: 'delivered', at, articles: articles.length });
      newsroom.meter.increment('digest_posted', { platform: subscription.platform });
      return 'delivered';
    }
    newsroom.meter.increment('digest_failed', { platform: subscription.platform });
    await this.book.update(key, { ...claimed, state: 'failed', at, error: failure.message });
    const updated = await this.book.note(subscription, { slot: claimed.slot, outcome: 'failed', at, error: failure.message });
    const limit = this.options.disableAfter ?? 3;
    const trailing = updated.recent.slice(-limit);
    if (failure instanceof PermanentDeliveryError || (trailing.length >= limit && trailing.every((e) => e.outcome === 'failed'))) {
      const reason = failure instanceof PermanentDeliveryError ? failure.message : `${limit} digests in a row failed (last: ${failure.message})`;
      await this.subscriptions.disable(subscription, now(), reason);
      newsroom.logger.warn({ channel: channelKey(subscription), reason }, 'digests: channel disabled');
    }
    return 'failed';
  }

  /** Posts with pacing; returns the final error, or undefined once posted. */
  private async post(subscription: DigestSubscription, reply: Parameters<ChannelPoster['post']>[1], key: string, claimed: DeliveryRecord): Promise<Error | undefined> {
    const poster = this.options.posters[subscription.platform]!;
    const pacer = this.pacer(subscription.platform);
    const maxAttempts = this.options.maxAttempts ?? 4;
    const deadline = Date.parse(claimed.leaseUntil) - 60_000;
    let failures = 0;
    for (;;) {
      await pacer.turn();
      try {
        await poster.post(subscription.channelId, reply);
        return undefined;
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        if (err instanceof PermanentDeliveryError) return err;
        const clockNow = this.options.newsroom.clock.now().getTime();
        if (err instanceof RateLimitError) {
          // Throttling is not the channel's fault: wait as asked, without counting a failure.
          pacer.pause(err.retryAfterMs);
          this.options.newsroom.meter.increment('rate_limit_wait', { platform: subscription.platform });
          if (clockNow + err.retryAfterMs > deadline) return err;
          continue;
        }
        failures++;
        const backoff = Math.min(500 * 2 ** (failures - 1), 30_000) * (0.5 + Math.random() / 2);
        if (failures >= maxAttempts || clockNow + backoff > deadline) return err;
        // Between attempts nothing is in flight: a crash now is a known failure, not "uncertain".
        await this.book.update(key, { ...claimed, state: 'retrying', attempts: failures, error: err.message });
        await this.sleep(backoff);
        await this.book.update(key, { ...claimed, state: 'posting', attempts: failures });
      }
    }
  }
}
