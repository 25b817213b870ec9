// One post the bot makes to a channel by itself (a digest, a live alert), exactly once: claim the
// post's record with the store's atomic add, build it, post it through the platform's outbound port
// with pacing and retries, and confirm. What differs by kind of post (the key, how it is built,
// where outcomes are noted, when a channel is disabled) comes in as a PostDesk. Every post carries a mark (see deliveries.ts). A post whose answer is ambiguous (timeout,
// 5xx) is never re-sent blindly: within the platform's replay window the mark makes a re-send
// harmless (Discord enforce_nonce); otherwise the channel is asked first (Slack history), but not
// before the platform can have finished the post (settleMs: a Discord forum post). A fate nobody can
// learn now is recorded "unknown", and a later pass, on any replica, asks again.
// A failure is recorded; a channel that keeps failing is disabled.
import type { ChannelPoster, PostKind, PostThread } from '../core/adapter';
import type { Platform } from '../core/context';
import { AmbiguousPostError, PermanentDeliveryError, RateLimitError } from '../core/errors';
import type { Reply } from '../core/reply';
import type { Newsroom } from '../newsroom/newsroom';
import { type DeliveryBook, type DeliveryRecord, isAbandoned, isUnsettled, type LogEntry, outcomeOf, postMark } from './deliveries';
import type { Sleep } from './pacer';
import type { Turns } from './rate-limit';
import { channelKey, type ChannelRef } from './subscriptions';

/** One post to one channel: the same post has the same key on every attempt, restart and replica. */
export interface Dispatch {
  readonly key: string;
  readonly channel: ChannelRef;
  /** The instant the post stands for (a digest's slot, an alert's arrival): recorded and marked. */
  readonly slot: Date;
}

/** What to post; `skip` records the post as empty without posting anything. */
export interface Composed {
  readonly reply: Reply;
  readonly articles: readonly string[];
  readonly skip?: boolean;
  /** The post opens a thread of its own (an alert routed with thread:yes). */
  readonly thread?: PostThread;
}

/** What differs between kinds of post. */
export interface PostDesk<P extends Dispatch> {
  readonly kind: PostKind;
  /** Built once the claim is held; `record` is the claim (its slot, its owner). */
  build(post: P, record: DeliveryRecord): Promise<Composed>;
  /** Notes an outcome where status shows it; returns the channel's recent outcomes, oldest first. */
  note(post: P, entry: LogEntry): Promise<readonly LogEntry[]>;
  /** The channel keeps failing or cannot be posted to: stop posting this kind there. */
  disable(post: P, at: Date, reason: string): Promise<void>;
}

/**
 * `pending`: someone else's claim has not ended yet (a later pass looks again); `taken`: it has.
 * `unrecorded`: posted, but the store did not take the record of it; a later pass writes it.
 */
export type DeliveryResult = 'delivered' | 'empty' | 'failed' | 'uncertain' | 'pending' | 'taken' | 'unrecorded';

export interface DeliveryOptions<P extends Dispatch> {
  readonly desk: PostDesk<P>;
  readonly newsroom: Newsroom;
  readonly posters: Partial<Record<Platform, ChannelPoster>>;
  readonly owner: string;
  readonly sleep: Sleep;
  readonly pacer: (platform: Platform) => Turns;
  readonly book: DeliveryBook;
  /** Attempts for a transient failure (5xx, network) before the slot counts as failed. */
  readonly maxAttempts?: number;
  /** Consecutive failed posts before a channel is disabled. */
  readonly disableAfter?: number;
  /** How long a claim may stay "posting" before status calls it uncertain. */
  readonly leaseMs?: number;
  /** Longest wait for one answer from the platform (a post or a lookup); past it, the post is ambiguous. */
  readonly postDeadlineMs?: number;
}

/** How one post ended: posted (perhaps with a warning), or an error and whether some attempt may still have posted. */
type PostOutcome =
  | { readonly error?: undefined; readonly warning?: string }
  | { readonly error: Error; readonly unsettled: boolean; readonly notStarted?: true; readonly unanswerable?: true; readonly settleUntil?: number };

export class Delivery<P extends Dispatch> {
  private readonly book: DeliveryBook;
  private readonly desk: PostDesk<P>;
  /** Posts being delivered by this process now: any other record of ours is nobody's work in progress. */
  private readonly running = new Set<string>();
  /** Posts whose "posting"/"retrying" write the store broke off while nothing had been sent: known unposted. */
  private readonly notSent = new Set<string>();
  /** Posted, but the store would not take the record (an outage): written again by the next pass. */
  private readonly unrecorded = new Map<string, { readonly post: P; readonly record: DeliveryRecord; readonly entry: LogEntry }>();

  constructor(private readonly options: DeliveryOptions<P>) {
    this.book = options.book;
    this.desk = options.desk;
  }

  /** "digests: ..." in logs. */
  private says(text: string): string {
    return `${this.desk.kind}s: ${text}`;
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 15 * 60_000;
  }

  private now(): Date {
    return this.options.newsroom.clock.now();
  }

  /**
   * Claims a post that will not be posted on its own (an alert past the channel's hourly cap goes
   * into the overflow post instead), so no later pass posts it. False when it was claimed already:
   * then deliver() settles it as any other.
   */
  setAside(post: P): Promise<boolean> {
    const now = this.now().toISOString();
    return this.book.claim(post.key, { state: 'empty', slot: post.slot.toISOString(), owner: this.options.owner, claimedAt: now, leaseUntil: now, at: now, articles: [] });
  }

  /** Claim -> build -> post (with retries) -> confirm, for one post. */
  async deliver(post: P): Promise<DeliveryResult> {
    const { key, slot } = post;
    if (this.running.has(key)) return 'pending';
    this.running.add(key);
    try {
      if (this.unrecorded.has(key)) return await this.recordAgain(key);
      const claimed: DeliveryRecord = {
        state: 'claimed',
        slot: slot.toISOString(),
        owner: this.options.owner,
        claimedAt: this.now().toISOString(),
        leaseUntil: new Date(this.now().getTime() + this.leaseMs).toISOString(),
      };
      if (!(await this.book.claim(key, claimed))) return await this.resume(post);
      return await this.run(post, claimed, false);
    } finally {
      this.running.delete(key);
    }
  }

  /** Writes the record of a post we made while the store was away. */
  private async recordAgain(key: string): Promise<DeliveryResult> {
    const { post, record, entry } = this.unrecorded.get(key)!;
    await this.book.update(key, record);
    await this.desk.note(post, entry);
    this.unrecorded.delete(key);
    this.options.newsroom.logger.info({ channel: channelKey(post.channel), slot: record.slot }, this.says('the record of a post is written now that the store answers'));
    return 'taken'; // counted as delivered by the pass that posted it
  }

  /**
   * The slot is held. A claim whose post never started is taken over once its lease ends. If a
   * post's fate is unknown and the platform can be asked, one replica takes it up for a round: it
   * asks, then confirms, or posts again if the post never arrived.
   */
  private async resume(post: P): Promise<DeliveryResult> {
    const { key } = post;
    const now = this.now();
    const existing = await this.book.get(key);
    // Released after a failed build: whoever passes next claims it afresh.
    if (!existing) return 'pending';
    // A record of this process that no delivery here is working on (deliver() runs one per slot) was
    // left by a store outage: a claim or a "posting" write the store applied after we gave up on it.
    // Nobody else can be working on it, so it is taken up at once instead of after its lease.
    // A "posting" record we know went unposted (its write was broken off before any request left) is
    // abandoned, not uncertain.
    const mine = existing.owner === this.options.owner;
    const knownUnsent = mine && this.notSent.has(key) && (existing.state === 'posting' || existing.state === 'retrying' || existing.state === 'claimed');
    const abandoned = isAbandoned(existing, now) || knownUnsent || (mine && (existing.state === 'claimed' || existing.state === 'retrying'));
    const unsettled = !abandoned && (isUnsettled(existing, now) || (mine && existing.state === 'posting'));
    if (!abandoned && !unsettled) return outcomeOf(existing, now) === 'in progress' ? 'pending' : 'taken';
    // The platform may still be making the post: asked now, "not there" could be early.
    if (unsettled && existing.settleUntil && now.getTime() < Date.parse(existing.settleUntil)) return 'pending';
    if (unsettled && (!this.options.posters[post.channel.platform]!.find || existing.unanswerable)) {
      // Nobody can ask this platform: never posted again (never twice beats maybe twice).
      await this.desk.note(post, { slot: existing.slot, outcome: 'uncertain', at: now.toISOString() });
      return 'taken';
    }
    if (!(await this.book.resume(key, existing, this.leaseMs, this.options.owner))) return 'pending';
    this.notSent.delete(key);
    // claimedAt stays: it bounds the history the lookup reads, and the first attempt came after it.
    const { at: _at, error: _error, attempts: _attempts, settleUntil: _settleUntil, ...rest } = existing;
    const resumed: DeliveryRecord = { ...rest, state: abandoned ? 'claimed' : 'posting', owner: this.options.owner, round: (existing.round ?? 0) + 1, leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString() };
    await this.book.update(key, resumed);
    return this.run(post, resumed, unsettled);
  }

  /** Build -> post -> confirm under a claim we hold; `unsettled` when an earlier attempt may have posted. */
  private async run(post: P, claimed: DeliveryRecord, unsettled: boolean): Promise<DeliveryResult> {
    const { newsroom } = this.options;
    const { key, channel } = post;
    const now = () => this.now();
    let composed: Composed;
    try {
      composed = await this.desk.build(post, claimed);
    } catch (error) {
      // Nothing was posted: give the claim back so the next pass can try again (best effort;
      // if the store is down too, the claim stays and status shows it as uncertain). A resumed
      // claim stays: its lease runs out and a later round asks the platform again.
      if (!unsettled) {
        await this.book.release(key).catch((releaseError: unknown) =>
          newsroom.logger.warn({ err: releaseError, channel: channelKey(channel), slot: claimed.slot }, this.says('claim of an unposted post not released; it shows as uncertain')),
        );
      }
      throw error;
    }
    const articles = [...composed.articles];
    if (!unsettled && composed.skip) {
      await this.book.update(key, { ...claimed, state: 'empty', at: now().toISOString(), articles });
      await this.desk.note(post, { slot: claimed.slot, outcome: 'empty', at: now().toISOString(), articles: 0 });
      return 'empty';
    }
    const outcome = await this.post(post, composed, claimed, unsettled);
    // Our turn came too late to start inside the lease: the claim runs out and any replica takes it over.
    if (outcome.error && outcome.notStarted) return 'pending';
    const at = now().toISOString();
    if (!outcome.error) {
      newsroom.meter.increment(`${this.desk.kind}_posted`, { platform: channel.platform });
      const record: DeliveryRecord = { ...claimed, state: 'delivered', at, articles };
      // A warning (the post's thread was not started) is the channel's last error; the post stands.
      const entry: LogEntry = { slot: claimed.slot, outcome: 'delivered', at, articles: articles.length, ...(outcome.warning && { error: outcome.warning }) };
      if (outcome.warning) newsroom.logger.warn({ channel: channelKey(channel), slot: claimed.slot, warning: outcome.warning }, this.says('posted, with a warning'));
      try {
        // The one write between a post and its record: a crash here leaves "uncertain", never a repeat.
        await this.book.update(key, record);
        await this.desk.note(post, entry);
      } catch (error) {
        // The post went out; only the record of it is missing. The claim keeps the slot from being
        // posted again, and the next pass writes the record (a crash before then leaves the slot
        // "posting": it is settled by asking the platform, never by posting blindly).
        this.unrecorded.set(key, { post, record, entry });
        newsroom.logger.warn({ err: error, channel: channelKey(channel), slot: claimed.slot }, this.says('posted, but the store could not record it; the next pass records it'));
        return 'unrecorded';
      }
      return 'delivered';
    }
    const failure = outcome.error;
    if (outcome.unsettled) {
      // Maybe posted, and the platform cannot be asked now: neither a failure of the channel nor
      // a reason to post again. A later pass asks again (see resume).
      await this.book.update(key, {
        ...claimed,
        state: 'unknown',
        at,
        error: failure.message,
        ...(outcome.unanswerable && { unanswerable: true as const }),
        ...(outcome.settleUntil !== undefined && { settleUntil: new Date(outcome.settleUntil).toISOString() }),
      });
      await this.desk.note(post, { slot: claimed.slot, outcome: 'uncertain', at, error: failure.message });
      newsroom.logger.warn({ err: failure, channel: channelKey(channel), slot: claimed.slot }, this.says('whether the post arrived is unknown for now; it will be checked, not re-sent blindly'));
      return 'uncertain';
    }
    newsroom.meter.increment(`${this.desk.kind}_failed`, { platform: channel.platform });
    await this.book.update(key, { ...claimed, state: 'failed', at, error: failure.message });
    const throttled = failure instanceof RateLimitError;
    const recent = await this.desk.note(post, { slot: claimed.slot, outcome: 'failed', at, error: failure.message, ...(throttled && { throttled }) });
    const limit = this.options.disableAfter ?? 3;
    const trailing = recent.slice(-limit);
    const channelFailing = trailing.length >= limit && trailing.every((e) => e.outcome === 'failed' && !e.throttled);
    if (failure instanceof PermanentDeliveryError || channelFailing) {
      const reason = failure instanceof PermanentDeliveryError ? failure.message : `${limit} ${this.desk.kind}s in a row failed (last: ${failure.message})`;
      await this.desk.disable(post, now(), reason);
      newsroom.logger.warn({ channel: channelKey(channel), reason }, this.says('channel disabled'));
    }
    return 'failed';
  }

  /**
   * Posts with pacing and our own retries. An ambiguous attempt leaves the post "unsettled": it is
   * re-sent only while the platform drops duplicates by mark, or after the platform said it is not there.
   */
  private async post(dispatch: P, { reply, thread }: Composed, claimed: DeliveryRecord, unsettled: boolean): Promise<PostOutcome> {
    const { key, channel } = dispatch;
    const { channelId } = channel;
    const poster = this.options.posters[channel.platform]!;
    const pacer = this.options.pacer(channel.platform);
    const maxAttempts = this.options.maxAttempts ?? 4;
    const deadline = Date.parse(claimed.leaseUntil) - 60_000;
    const mark = postMark(this.desk.kind, key, claimed);
    // A post the platform takes no key for (a forum post) has no replay window: only find() settles it.
    const replayMs = poster.replaySafeMs?.({ mark, ...(thread && { thread }) });
    // A post with a replay window is settled by re-sending inside it; past it, nobody can be asked.
    const find = replayMs === undefined ? poster.find?.bind(poster) : undefined;
    // How long after an ambiguous attempt the platform may still be making the post (find() not final yet).
    const settleMs = find ? poster.settleMs?.({ mark, ...(thread && { thread }) }) : undefined;
    const clockNow = () => this.now().getTime();
    let firstSentAt: number | undefined;
    let lastAmbiguousAt: number | undefined;
    // A write the store breaks off while no attempt may have posted leaves the slot known unposted.
    const write = async (record: DeliveryRecord) => {
      try {
        await this.book.update(key, record);
      } catch (error) {
        if (!unsettled) this.notSent.add(key);
        throw error;
      }
    };
    let last: Error | undefined;
    let failures = 0;
    let givingUp = false;
    for (;;) {
      const replaySafe = replayMs !== undefined && firstSentAt !== undefined && clockNow() - firstSentAt < replayMs;
      if (unsettled && (givingUp || !replaySafe)) {
        // Too soon to ask: left uncertain, and a pass after the settle time asks (see resume).
        if (settleMs !== undefined && lastAmbiguousAt !== undefined && clockNow() < lastAmbiguousAt + settleMs) {
          return { error: last ?? new AmbiguousPostError('an earlier attempt may have posted'), unsettled: true, settleUntil: lastAmbiguousAt + settleMs };
        }
        // An earlier attempt may have posted: learn its fate before posting again or giving up.
        const there = find ? await this.bounded((signal) => find(channelId, mark, { signal, reply, ...(thread && { thread }) })).catch(() => undefined) : undefined;
        if (there === true) return {};
        if (there === undefined) return { error: last ?? new AmbiguousPostError('an earlier attempt may have posted'), unsettled: true, ...(!find && { unanswerable: true as const }) };
        unsettled = false;
      }
      if (givingUp) return { error: last!, unsettled: false };
      const turnAt = await pacer.turn();
      if (firstSentAt === undefined) {
        // Past this, another replica may take the claim over (see resume): start nothing.
        if (clockNow() > deadline) return { error: new Error('no turn to post within the claim’s lease'), unsettled: false, notStarted: true };
        // From here a message may exist: a crash now leaves "uncertain", not "abandoned".
        if (claimed.state === 'claimed') await write({ ...claimed, state: 'posting' });
        // A slow write made the turn stale: sent now, the post would crowd another one (a 429).
        if (clockNow() - turnAt > pacer.lateMs) await pacer.turn();
        firstSentAt = clockNow();
      }
      try {
        const receipt = await this.bounded((signal) => poster.post(channelId, reply, { mark, signal, ...(thread && { thread }) }));
        return receipt?.warning ? { warning: receipt.warning } : {};
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        last = err;
        if (err instanceof PermanentDeliveryError) return { error: err, unsettled: false };
        if (err instanceof RateLimitError) {
          // Throttling is not the channel's fault: wait as asked, without counting a failure. A 429
          // posted nothing, but an earlier ambiguous attempt may have. A global limit (or one the
          // poster does not say is narrower) pauses the platform for every replica through the
          // shared pacer; a limit the poster marks as this channel's alone (`global: false`, e.g.
          // Discord's per-route buckets) holds up this channel only.
          this.options.newsroom.meter.increment('rate_limit_wait', { platform: channel.platform });
          const channelOnly = (err as RateLimitError & { readonly global?: boolean }).global === false;
          if (!channelOnly) pacer.pause(err.retryAfterMs);
          if (clockNow() + err.retryAfterMs > deadline) givingUp = true;
          else if (channelOnly) await this.options.sleep(err.retryAfterMs);
          continue;
        }
        if (err instanceof AmbiguousPostError) {
          unsettled = true;
          lastAmbiguousAt = clockNow();
          // Not re-sent, and not asked about until the settle time has passed: nothing to wait for here.
          if (settleMs !== undefined) continue;
        }
        failures++;
        const backoff = Math.min(500 * 2 ** (failures - 1), 30_000) * (0.5 + Math.random() / 2);
        if (failures >= maxAttempts || clockNow() + backoff > deadline) {
          givingUp = true;
          continue;
        }
        // Between attempts nothing is in flight: a crash now leaves a known failure that any
        // replica may post again, unless an attempt's answer was ambiguous ("posting": uncertain).
        await write({ ...claimed, state: unsettled ? 'posting' : 'retrying', attempts: failures, error: err.message });
        await this.options.sleep(backoff);
        // An unsettled record already says "posting".
        if (!unsettled) await write({ ...claimed, state: 'posting', attempts: failures });
      }
    }
  }

  /** Bounds one request to the platform; past the deadline it is abandoned and counts as ambiguous. */
  private async bounded<T>(request: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ms = this.options.postDeadlineMs ?? 30_000;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new AmbiguousPostError(`no answer within ${ms} ms`));
      }, ms);
    });
    try {
      return await Promise.race([request(controller.signal), expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}
