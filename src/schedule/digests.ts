// The digest job: every minute, find the channels whose digest slot has come (or came while we
// were down, less than the catch-up window ago), and deliver each slot exactly once:
// claim (store add) -> build -> post through the platform's outbound port -> confirm.
// Older unclaimed slots are recorded as missed. Several replicas may run this; the claim decides.
// Channels are independent: a pass never waits for an earlier one, a channel still being delivered
// is skipped (its next slot waits for it alone), and every request to a platform has a deadline.
import { randomUUID } from 'node:crypto';
import type { ChannelPoster } from '../core/adapter';
import type { Platform } from '../core/context';
import type { Newsroom } from '../newsroom/newsroom';
import { nextSlot, slotsBetween } from './calendar';
import { DELIVERIES, DeliveryBook, type DeliveryRecord, periodKey } from './deliveries';
import { digestPost, type DigestPost, DigestPosts } from './digest-posts';
import { Delivery, type DeliveryResult } from './delivery';
import type { Job } from './job';
import { realSleep, type Sleep } from './pacer';
import { SharedPacer, type Turns } from './rate-limit';
import { channelKey, DigestSubscriptions, type DigestSubscription } from './subscriptions';

export interface DigestSchedulerOptions {
  readonly newsroom: Newsroom;
  readonly posters: Partial<Record<Platform, ChannelPoster>>;
  /** A digest later than this is recorded as missed instead of posted (DIGEST_CATCHUP). */
  readonly catchupMs: number;
  /** Who claims; unique per process by default. */
  readonly owner?: string;
  readonly sleep?: Sleep;
  /**
   * Posts per second per platform, shared by all replicas on one store: each platform plug-in's
   * `limits` (src/adapters/index.ts, passed in by src/compose.ts); DEFAULT_RATE for one not given.
   */
  readonly rates?: Partial<Record<Platform, number>>;
  /** Deliveries in flight at once (all platforms). */
  readonly concurrency?: number;
  /** Attempts for a transient failure (5xx, network) before the slot counts as failed. */
  readonly maxAttempts?: number;
  /** Consecutive failed digests before a channel is disabled. */
  readonly disableAfter?: number;
  /** How long a claim may stay "posting" before status calls it uncertain. */
  readonly leaseMs?: number;
  /** Longest wait for one answer from a platform (a post or a lookup) before it counts as ambiguous. */
  readonly postDeadlineMs?: number;
}

export interface TickReport {
  readonly due: number;
  readonly delivered: number;
  readonly empty: number;
  readonly failed: number;
  readonly missed: number;
  /** Slots another replica (or an earlier run) already had. */
  readonly taken: number;
  /** Posted or not, the platform cannot say yet; a later pass asks again. */
  readonly uncertain: number;
  /** Channels left to a delivery still running from an earlier pass. */
  readonly busy: number;
  /** Of `delivered`: posted, but the store did not take the record yet; a later pass writes it. */
  readonly unrecorded?: number;
  readonly skipped?: 'stopping' | 'store unavailable';
}

/** Posts per second for a platform whose rate was not given. */
const DEFAULT_RATE = 20;
/** On first sight of a subscription, look this far back for slots (missed or to catch up). */
const LOOKBACK_MS = 7 * 24 * 3_600_000;

type Result = DeliveryResult;

const NOTHING = { due: 0, delivered: 0, empty: 0, failed: 0, missed: 0, taken: 0, uncertain: 0, busy: 0 } as const;

export class DigestScheduler {
  readonly subscriptions: DigestSubscriptions;
  readonly book: DeliveryBook;
  readonly owner: string;
  private readonly pacers = new Map<Platform, Turns>();
  /**
   * Per channel, what this process already looked at: slots up to `upTo`, and nothing is due before
   * `next`, so a minute's pass over thousands of channels skips the schedule arithmetic.
   */
  private readonly seen = new Map<string, { readonly version: string; readonly upTo: number; readonly next: number }>();
  /** Per channel, slots whose outcome is still open (uncertain, or claimed by someone else). */
  private readonly watching = new Map<string, { readonly version: string; readonly at: Set<number> }>();
  /** Channels with a delivery running; a pass skips them instead of waiting. */
  private readonly inFlight = new Set<string>();
  private readonly passes = new Set<Promise<TickReport>>();
  private stopping = false;
  private readonly delivery: Delivery<DigestPost>;

  constructor(private readonly options: DigestSchedulerOptions) {
    this.subscriptions = new DigestSubscriptions(options.newsroom.store);
    this.book = new DeliveryBook(options.newsroom.store);
    this.owner = options.owner ?? `replica-${randomUUID().slice(0, 8)}`;
    this.delivery = new Delivery({
      ...options,
      desk: new DigestPosts(options.newsroom, this.book, this.subscriptions),
      owner: this.owner,
      sleep: options.sleep ?? realSleep,
      pacer: (platform) => this.pacer(platform),
      book: this.book,
    });
  }

  /** Claim -> build -> post (with retries) -> confirm, for one channel and slot. */
  deliver(subscription: DigestSubscription, slot: Date): Promise<DeliveryResult> {
    return this.delivery.deliver(digestPost(subscription, slot));
  }

  /**
   * The neutral job the cron wiring runs every minute. It starts the pass without awaiting it: the
   * cron wiring does not overlap runs, and a slow channel must not hold up the next minute.
   */
  get job(): Job {
    return {
      name: 'digests',
      schedule: '* * * * *',
      run: async () => void this.tick().catch((error: unknown) => this.options.newsroom.logger.error({ err: error }, 'digests: pass failed')),
    };
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

  /** Shared through the store: replicas together keep to one platform limit (live alerts take the same turns). */
  pacer(platform: Platform): Turns {
    let p = this.pacers.get(platform);
    if (!p) {
      const { store, clock, logger } = this.options.newsroom;
      p = new SharedPacer(platform, this.options.rates?.[platform] ?? DEFAULT_RATE, store, clock, this.options.sleep ?? realSleep, logger);
      this.pacers.set(platform, p);
    }
    return p;
  }

  /** One pass over the due channels; passes may overlap, each channel is in at most one. */
  tick(): Promise<TickReport> {
    if (this.stopping) return Promise.resolve({ ...NOTHING, skipped: 'stopping' });
    const pass: Promise<TickReport> = this.pass().finally(() => this.passes.delete(pass));
    this.passes.add(pass);
    return pass;
  }

  /** Finishes the channels already started; the rest stay unclaimed for the next start's catch-up. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.passes);
  }

  private async pass(): Promise<TickReport> {
    const { clock, logger } = this.options.newsroom;
    const now = clock.now();
    let subscriptions: DigestSubscription[];
    try {
      subscriptions = await this.subscriptions.all();
    } catch (error) {
      logger.warn({ err: error }, 'digests: store unavailable, trying again next minute');
      return { ...NOTHING, skipped: 'store unavailable' };
    }
    const due: Array<{ subscription: DigestSubscription; slots: Date[] }> = [];
    let missed = 0;
    let busy = 0;
    for (const subscription of subscriptions) {
      if (subscription.disabled || !this.options.posters[subscription.platform]) continue;
      const key = channelKey(subscription);
      const seen = this.seen.get(key);
      const known = seen?.version === subscription.createdAt ? seen : undefined;
      const watched = this.watchedSlots(subscription, now);
      const scheduled = !known || now.getTime() >= known.next;
      if (!scheduled && watched.length === 0) continue;
      if (this.inFlight.has(key)) {
        busy++;
        continue;
      }
      // Marked at once: another pass may be scanning while this one awaits the store.
      this.inFlight.add(key);
      let onTime: Date[] = [];
      if (scheduled) {
        const from = Math.max(Date.parse(subscription.createdAt), known?.upTo ?? now.getTime() - LOOKBACK_MS);
        let slots: Date[] = [];
        let readable = true;
        try {
          slots = slotsBetween(subscription.schedule, new Date(from), now);
        } catch (error) {
          readable = false;
          // One schedule this build cannot read (a time zone gone from ICU, say) must not stop the rest.
          logger.error({ err: error, channel: key }, 'digests: cannot read this channel’s schedule; skipped');
        }
        const late = slots.filter((s) => now.getTime() - s.getTime() > this.options.catchupMs);
        onTime = slots.filter((s) => now.getTime() - s.getTime() <= this.options.catchupMs);
        try {
          for (const slot of late) if (await this.recordMissed(subscription, slot, now)) missed++;
          if (readable) this.seen.set(key, { version: subscription.createdAt, upTo: now.getTime(), next: nextSlot(subscription.schedule, now).getTime() });
        } catch (error) {
          logger.warn({ err: error, channel: key }, 'digests: could not record a missed digest; will retry');
        }
      }
      const slots = [...new Map([...watched, ...onTime].map((s) => [s.getTime(), s])).values()].sort((a, b) => a.getTime() - b.getTime());
      if (slots.length > 0) due.push({ subscription, slots });
      else this.inFlight.delete(key);
    }
    const results = await this.fanOut(due);
    const count = (r: Result) => results.filter((x) => x === r).length;
    const report = { due: results.length, delivered: count('delivered') + count('unrecorded'), empty: count('empty'), failed: count('failed'), missed, taken: count('taken') + count('pending'), uncertain: count('uncertain'), busy, unrecorded: count('unrecorded') };
    if (report.due > 0 || missed > 0) logger.info(report, 'digests: pass done');
    return report;
  }

  /** Slots of this channel whose outcome is still open, within the catch-up window. */
  private watchedSlots(subscription: DigestSubscription, now: Date): Date[] {
    const slots = this.watching.get(channelKey(subscription));
    if (!slots || slots.version !== subscription.createdAt) return [];
    // Past the catch-up window the slot is left as its record says (status shows it).
    for (const t of slots.at) if (now.getTime() - t > this.options.catchupMs) slots.at.delete(t);
    return [...slots.at].map((t) => new Date(t));
  }

  private watch(subscription: DigestSubscription, slot: Date, open: boolean): void {
    const key = channelKey(subscription);
    let slots = this.watching.get(key);
    if (slots?.version !== subscription.createdAt) slots = { version: subscription.createdAt, at: new Set() };
    if (open) slots.at.add(slot.getTime());
    else slots.at.delete(slot.getTime());
    if (slots.at.size > 0) this.watching.set(key, slots);
    else this.watching.delete(key);
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
      while (next < due.length) {
        const { subscription, slots } = due[next++]!;
        const key = channelKey(subscription);
        try {
          if (this.stopping) continue;
          for (const slot of slots) {
            let broken = false;
            const result = await this.deliver(subscription, slot).catch((error: unknown) => {
              this.options.newsroom.logger.warn({ err: error, channel: key }, 'digests: delivery could not start; will retry next minute');
              this.seen.delete(key);
              broken = true;
              return 'failed' as const;
            });
            results.push(result);
            // Looked at again next minute: an uncertain slot is settled by asking the platform, and
            // a claim still held elsewhere is taken over if its holder is gone.
            // A delivery the store broke off is looked at again too: its record may be ours, half written.
            this.watch(subscription, slot, broken || result === 'uncertain' || result === 'pending' || result === 'unrecorded');
            if (result === 'failed' || result === 'uncertain') break;
          }
        } finally {
          this.inFlight.delete(key);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 16, due.length) }, worker));
    return results;
  }
}
