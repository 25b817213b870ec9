// One digest to one channel, exactly once: claim the (channel, slot) record with the store's atomic
// add, build the digest, post it through the platform's outbound port with pacing and retries, and
// confirm. A failure is recorded; a channel that keeps failing is disabled.
import type { ChannelPoster } from '../core/adapter';
import type { Newsroom, Platform } from '../core/context';
import { PermanentDeliveryError, RateLimitError } from '../core/errors';
import type { Reply } from '../core/reply';
import { buildDigest } from '../newsroom/digest';
import { type DeliveryBook, type DeliveryRecord, outcomeOf, periodKey } from './deliveries';
import type { Pacer, Sleep } from './pacer';
import { channelKey, type DigestSubscription, type DigestSubscriptions } from './subscriptions';

export type DeliveryResult = 'delivered' | 'empty' | 'failed' | 'taken';

export interface DeliveryOptions {
  readonly newsroom: Newsroom;
  readonly posters: Partial<Record<Platform, ChannelPoster>>;
  readonly owner: string;
  readonly sleep: Sleep;
  readonly pacer: (platform: Platform) => Pacer;
  readonly book: DeliveryBook;
  readonly subscriptions: DigestSubscriptions;
  /** Attempts for a transient failure (5xx, network) before the slot counts as failed. */
  readonly maxAttempts?: number;
  /** Consecutive failed digests before a channel is disabled. */
  readonly disableAfter?: number;
  /** How long a claim may stay "posting" before status calls it uncertain. */
  readonly leaseMs?: number;
}

export class DigestDelivery {
  private readonly book: DeliveryBook;

  constructor(private readonly options: DeliveryOptions) {
    this.book = options.book;
  }

  /** Claim -> build -> post (with retries) -> confirm, for one channel and slot. */
  async deliver(subscription: DigestSubscription, slot: Date): Promise<DeliveryResult> {
    const { newsroom } = this.options;
    const now = () => newsroom.clock.now();
    const key = periodKey(subscription, slot);
    const leaseMs = this.options.leaseMs ?? 15 * 60_000;
    const claimed: DeliveryRecord = {
      state: 'posting',
      slot: slot.toISOString(),
      owner: this.options.owner,
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
    let digest: Awaited<ReturnType<typeof buildDigest>>;
    try {
      const log = await this.book.log(subscription);
      digest = await buildDigest(newsroom, {
        platform: subscription.platform,
        workspaceId: subscription.workspaceId,
        ...(log.lastDigest && Date.parse(log.lastDigest.slot) < slot.getTime() && { since: new Date(log.lastDigest.slot) }),
        until: slot,
        count: subscription.count,
      });
    } catch (error) {
      // Nothing was posted: give the claim back so the next minute can try again (best effort;
      // if the store is down too, the claim stays and status shows it as uncertain).
      await this.book.release(key).catch((releaseError: unknown) =>
        newsroom.logger.warn({ err: releaseError, channel: channelKey(subscription), slot: slot.toISOString() }, 'digests: claim of an unposted digest not released; it shows as uncertain'),
      );
      throw error;
    }
    const articles = digest.articles.map((a) => a.slug);
    if (articles.length === 0 && subscription.empty === 'skip') {
      await this.book.update(key, { ...claimed, state: 'empty', at: now().toISOString(), articles });
      await this.book.note(subscription, { slot: claimed.slot, outcome: 'empty', at: now().toISOString(), articles: 0 });
      return 'empty';
    }
    const failure = await this.post(subscription, digest.reply, key, claimed);
    const at = now().toISOString();
    if (!failure) {
      newsroom.meter.increment('digest_posted', { platform: subscription.platform });
      try {
        // The one write between a post and its record: a crash here leaves "uncertain", never a repeat.
        await this.book.update(key, { ...claimed, state: 'delivered', at, articles });
        await this.book.note(subscription, { slot: claimed.slot, outcome: 'delivered', at, articles: articles.length });
      } catch (error) {
        // The digest went out; only the record of it is missing. The claim keeps the slot from being
        // posted again, and /digest status will call it uncertain.
        newsroom.logger.error({ err: error, channel: channelKey(subscription), slot: claimed.slot }, 'digests: posted, but the store could not record it; it will not be posted again');
      }
      return 'delivered';
    }
    newsroom.meter.increment('digest_failed', { platform: subscription.platform });
    await this.book.update(key, { ...claimed, state: 'failed', at, error: failure.message });
    const throttled = failure instanceof RateLimitError;
    const updated = await this.book.note(subscription, { slot: claimed.slot, outcome: 'failed', at, error: failure.message, ...(throttled && { throttled }) });
    const limit = this.options.disableAfter ?? 3;
    const trailing = updated.recent.slice(-limit);
    const channelFailing = trailing.length >= limit && trailing.every((e) => e.outcome === 'failed' && !e.throttled);
    if (failure instanceof PermanentDeliveryError || channelFailing) {
      const reason = failure instanceof PermanentDeliveryError ? failure.message : `${limit} digests in a row failed (last: ${failure.message})`;
      await this.options.subscriptions.disable(subscription, now(), reason);
      newsroom.logger.warn({ channel: channelKey(subscription), reason }, 'digests: channel disabled');
    }
    return 'failed';
  }

  /** Posts with pacing; returns the final error, or undefined once posted. */
  private async post(subscription: DigestSubscription, reply: Reply, key: string, claimed: DeliveryRecord): Promise<Error | undefined> {
    const poster = this.options.posters[subscription.platform]!;
    const pacer = this.options.pacer(subscription.platform);
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
        await this.options.sleep(backoff);
        await this.book.update(key, { ...claimed, state: 'posting', attempts: failures });
      }
    }
  }
}
