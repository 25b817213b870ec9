// The digest job: every minute, find the channels whose digest slot has come (or came while we
// were down, less than the catch-up window ago), and deliver each slot exactly once:
// claim (store add) -> build -> post through the platform's outbound port -> confirm.
// Older unclaimed slots are recorded as missed. Several replicas may run this; the claim decides.
import { randomUUID } from 'node:crypto';
import type { ChannelPoster } from '../core/adapter';
import type { Newsroom, Platform } from '../core/context';
import { nextSlot, slotsBetween } from './calendar';
import { DELIVERIES, DeliveryBook, type DeliveryRecord, periodKey } from './deliveries';
import { DigestDelivery, type DeliveryResult } from './delivery';
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

type Result = DeliveryResult;

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
  private readonly delivery: DigestDelivery;

  constructor(private readonly options: DigestSchedulerOptions) {
    this.subscriptions = new DigestSubscriptions(options.newsroom.store);
    this.book = new DeliveryBook(options.newsroom.store);
    this.owner = options.owner ?? `replica-${randomUUID().slice(0, 8)}`;
    this.delivery = new DigestDelivery({
      ...options,
      owner: this.owner,
      sleep: options.sleep ?? realSleep,
      pacer: (platform) => this.pacer(platform),
      book: this.book,
      subscriptions: this.subscriptions,
    });
  }

  /** Claim -> build -> post (with retries) -> confirm, for one channel and slot. */
  deliver(subscription: DigestSubscription, slot: Date): Promise<DeliveryResult> {
    return this.delivery.deliver(subscription, slot);
  }

  /** The neutral job the cron wiring runs every minute. */
  get job(): Job {
    return { name: 'digests', schedule: '* * * * *', run: async () => void (await this.tick()) };
  }

  /** Daily: deletes delivery records past their time to live (SQL stores keep them otherwise). */
  get sweepJob(): Job {
    return {
      name: 'digest-records-sweep',
      schedule: '17 3 * * *',
      run: async () => {
        const purged = await this.options.newsroom.store.purgeExpired(DELIVERIES);
        this.options.newsroom.logger.info({ purged }, 'digests: expired delivery records deleted');
      },
    };
  }

  private pacer(platform: Platform): Pacer {
    let p = this.pacers.get(platform);
    if (!p) {
      p = new Pacer(this.options.rates?.[platform] ?? DEFAULT_RATES[platform], this.options.newsroom.clock, this.options.sleep ?? realSleep);
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
      let slots: Date[];
      try {
        slots = slotsBetween(subscription.schedule, new Date(from), now);
      } catch (error) {
        // One schedule this build cannot read (a time zone gone from ICU, say) must not stop the rest.
        logger.error({ err: error, channel: key }, 'digests: cannot read this channel’s schedule; skipped');
        continue;
      }
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
}
