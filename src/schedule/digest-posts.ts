// The digest as one kind of post (see ./delivery.ts): keyed by channel and local slot, built from
// the stories since the channel's last digest, noted in the channel's log, and its subscription
// disabled when it keeps failing.
import { buildDigest } from '../newsroom/digest';
import type { Newsroom } from '../newsroom/newsroom';
import { type DeliveryBook, type DeliveryRecord, type LogEntry, periodKey } from './deliveries';
import type { Composed, Dispatch, PostDesk } from './delivery';
import type { DigestSubscription, DigestSubscriptions } from './subscriptions';

export interface DigestPost extends Dispatch {
  readonly subscription: DigestSubscription;
}

export function digestPost(subscription: DigestSubscription, slot: Date): DigestPost {
  return { key: periodKey(subscription, slot), channel: subscription, slot, subscription };
}

export class DigestPosts implements PostDesk<DigestPost> {
  readonly kind = 'digest';

  constructor(
    private readonly newsroom: Newsroom,
    private readonly book: DeliveryBook,
    private readonly subscriptions: DigestSubscriptions,
  ) {}

  async build({ subscription }: DigestPost, record: DeliveryRecord): Promise<Composed> {
    const slot = new Date(record.slot);
    const log = await this.book.log(subscription);
    const digest = await buildDigest(this.newsroom, {
      platform: subscription.platform,
      workspaceId: subscription.workspaceId,
      ...(log.lastDigest && Date.parse(log.lastDigest.slot) < slot.getTime() && { since: new Date(log.lastDigest.slot) }),
      until: slot,
      count: subscription.count,
    });
    const articles = digest.articles.map((a) => a.slug);
    return { reply: digest.reply, articles, skip: articles.length === 0 && subscription.empty === 'skip' };
  }

  async note({ subscription }: DigestPost, entry: LogEntry): Promise<readonly LogEntry[]> {
    return (await this.book.note(subscription, entry)).recent;
  }

  disable({ subscription }: DigestPost, at: Date, reason: string): Promise<void> {
    return this.subscriptions.disable(subscription, at, reason);
  }
}
