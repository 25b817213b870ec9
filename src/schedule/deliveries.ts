// Delivery records: one per (channel, local digest slot), claimed with the store's atomic add before
// posting and confirmed after. A record is never taken over, so a crash between posting and
// confirming leaves a claim that stays "posting" past its lease: we cannot know whether the post
// went out, so it is shown as "uncertain" and never posted again (never twice beats maybe twice).
import type { Store } from '../store/store';
import { localLabel } from './calendar';
import { channelKey, type ChannelRef, type DigestSubscription } from './subscriptions';

export type DeliveryState = 'posting' | 'retrying' | 'delivered' | 'empty' | 'failed' | 'missed';

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
}

/** What status shows for a slot. */
export type Outcome = 'delivered' | 'empty' | 'failed' | 'missed' | 'uncertain' | 'in progress';

export function outcomeOf(record: DeliveryRecord, now: Date): Outcome {
  const expired = Date.parse(record.leaseUntil) < now.getTime();
  if (record.state === 'posting') return expired ? 'uncertain' : 'in progress';
  if (record.state === 'retrying') return expired ? 'failed' : 'in progress';
  return record.state;
}

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

  /** Drops our own claim when nothing was posted; claims are never taken over, so no one else holds it. */
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
