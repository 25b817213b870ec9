// Delivery records: one per post (a digest's key is its channel and local slot), claimed with the store's atomic add
// ("claimed"), marked "posting" when the first request is about to leave, and confirmed after. A
// claim whose post never started is taken over by any replica once its lease ends. A crash between posting and confirming leaves a claim that stays
// "posting" past its lease, and a post whose answer never came clearly ends "unknown": both are
// "uncertain". Every post carries a mark derived from the record (Discord nonce, Slack metadata),
// so a later pass asks the platform whether it arrived (see ./delivery.ts) instead of guessing;
// one that cannot be asked is never posted again (never twice beats maybe twice).
import { createHash } from 'node:crypto';
import type { PostKind, PostMark } from '../core/adapter';
import type { Store } from '../store/store';
import { localLabel } from './calendar';
import { channelKey, type ChannelRef, type DigestSubscription } from './subscriptions';

export type DeliveryState = 'claimed' | 'posting' | 'retrying' | 'unknown' | 'delivered' | 'empty' | 'failed' | 'missed';

export interface DeliveryRecord {
  readonly state: DeliveryState;
  /** The slot (ISO instant) this record is for. */
  readonly slot: string;
  readonly owner: string;
  readonly claimedAt: string;
  /** Past this, a record still "posting" is uncertain, and one "retrying" was abandoned. */
  readonly leaseUntil: string;
  readonly at?: string;
  readonly articles?: readonly string[];
  readonly attempts?: number;
  readonly error?: string;
  /** How many times an uncertain record was taken up again to learn its fate (see resumeKey). */
  readonly round?: number;
  /** Uncertain, and no platform can be asked about it (past its replay window, no lookup for it): never taken up again. */
  readonly unanswerable?: true;
  /** Uncertain, and the platform may still be making the post until then: nobody asks it before (see ChannelPoster.settleMs). */
  readonly settleUntil?: string;
}

/** What status shows for a slot. */
export type Outcome = 'delivered' | 'empty' | 'failed' | 'missed' | 'uncertain' | 'in progress';

export function outcomeOf(record: DeliveryRecord, now: Date): Outcome {
  const expired = Date.parse(record.leaseUntil) < now.getTime();
  if (record.state === 'posting') return expired ? 'uncertain' : 'in progress';
  // Nothing left for the platform yet; past its lease, any replica takes it over.
  if (record.state === 'claimed') return 'in progress';
  if (record.state === 'retrying') return expired ? 'failed' : 'in progress';
  if (record.state === 'unknown') return 'uncertain';
  return record.state;
}

/** Nothing of it can have been posted and its holder is gone: free for any replica to take over. */
export function isAbandoned(record: DeliveryRecord, now: Date): boolean {
  return (record.state === 'claimed' || record.state === 'retrying') && Date.parse(record.leaseUntil) < now.getTime();
}

/** Uncertain: a post may have gone out, and no one is settling it now. */
export function isUnsettled(record: DeliveryRecord, now: Date): boolean {
  return outcomeOf(record, now) === 'uncertain';
}

/** The same mark on every attempt of a post, by any replica: its key hashed to Discord's 25-character nonce. */
export function postMark(kind: PostKind, key: string, record: DeliveryRecord): PostMark {
  return { kind, id: createHash('sha256').update(key).digest('base64url').slice(0, 25), slot: record.slot, since: new Date(record.claimedAt) };
}

/** One replica per round takes up an uncertain record: the store's atomic add on this key decides. */
export function resumeKey(key: string, record: DeliveryRecord): string {
  return `${key}#${(record.round ?? 0) + 1}`;
}

/** Records of every kind of post (the name is older than alerts; kept so records survive the upgrade). */
export const DELIVERIES = 'digest-deliveries';
/** Records outlive any look-back (7 days) by a margin, then the store forgets them. */
export const RECORD_TTL_MS = 35 * 24 * 3_600_000;

/** The digest period key: channel plus the slot's local date and time in the channel's zone. */
export function periodKey(subscription: DigestSubscription, slot: Date): string {
  return `${channelKey(subscription)}@${localLabel(slot, subscription.schedule.timezone)}`;
}

export interface LogEntry {
  readonly slot: string;
  readonly outcome: Outcome;
  readonly at: string;
  readonly error?: string;
  readonly articles?: number;
  /** The platform kept throttling us: our side's problem, never counted toward disabling. */
  readonly throttled?: true;
}

/** Per channel: the last digest (the next one starts there) and recent outcomes for status. */
export interface ChannelLog {
  readonly lastDigest?: { readonly slot: string; readonly at: string; readonly articles: number };
  readonly recent: readonly LogEntry[];
}

const LOGS = 'digest-channels';
const RESUMES = 'digest-resumes';
const KEEP = 10;

export class DeliveryBook {
  constructor(private readonly store: Store) {}

  claim(key: string, record: DeliveryRecord): Promise<boolean> {
    return this.store.add(DELIVERIES, key, record, RECORD_TTL_MS);
  }

  /** Only the claim's owner writes after the claim, so a plain set is safe. */
  async update(key: string, record: DeliveryRecord): Promise<void> {
    await this.store.set(DELIVERIES, key, record, RECORD_TTL_MS);
  }

  /**
   * Takes up an uncertain or abandoned record for one more round; true for exactly one caller per
   * round. A caller whose earlier try the store took without answering (an outage) finds its own name
   * on the round and has it.
   */
  async resume(key: string, record: DeliveryRecord, leaseMs: number, owner: string): Promise<boolean> {
    if (await this.store.add(RESUMES, resumeKey(key, record), { owner }, leaseMs)) return true;
    return (await this.store.get<{ owner?: string }>(RESUMES, resumeKey(key, record)))?.owner === owner;
  }

  /**
   * Drops our own claim when nothing was posted. Only the digest's build comes before it, far inside
   * the lease, so no other replica can have taken the claim over (resume) by then.
   */
  async release(key: string): Promise<void> {
    await this.store.delete(DELIVERIES, key);
  }

  get(key: string): Promise<DeliveryRecord | undefined> {
    return this.store.get<DeliveryRecord>(DELIVERIES, key);
  }

  async log(ref: ChannelRef): Promise<ChannelLog> {
    return (await this.store.get<ChannelLog>(LOGS, channelKey(ref))) ?? { recent: [] };
  }

  /** Adds an outcome (one per slot), moving lastDigest forward on a delivered or empty digest. */
  async note(ref: ChannelRef, entry: LogEntry): Promise<ChannelLog> {
    const log = await this.log(ref);
    const recent = [...log.recent.filter((e) => e.slot !== entry.slot), entry]
      .sort((a, b) => Date.parse(a.slot) - Date.parse(b.slot))
      .slice(-KEEP);
    const advances = (entry.outcome === 'delivered' || entry.outcome === 'empty') && (!log.lastDigest || Date.parse(log.lastDigest.slot) < Date.parse(entry.slot));
    const next: ChannelLog = {
      ...(advances ? { lastDigest: { slot: entry.slot, at: entry.at, articles: entry.articles ?? 0 } } : log.lastDigest && { lastDigest: log.lastDigest }),
      recent,
    };
    await this.store.set(LOGS, channelKey(ref), next);
    return next;
  }

  async forget(ref: ChannelRef): Promise<void> {
    await this.store.delete(LOGS, channelKey(ref));
  }
}
