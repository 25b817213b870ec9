// Digest subscriptions: one per channel, keyed platform/workspace/channel in the store, and the
// parsing of what a moderator types ("07:30", "mon-fri", "Europe/Berlin", or a cron expression).
import type { Invocation, Platform } from '../core/context';
import { UserError } from '../core/errors';
import type { Store } from '../store/store';
import { canonicalTimeZone, cronProblem, type DigestSchedule, nextSlot, WEEKDAY_NAMES, type Weekday } from './calendar';

export interface ChannelRef {
  readonly platform: Platform;
  readonly workspaceId: string;
  readonly channelId: string;
}

export interface DigestSubscription extends ChannelRef {
  readonly schedule: DigestSchedule;
  readonly count: number;
  /** Nothing new at digest time: post a one-line note, or skip the post. */
  readonly empty: 'post' | 'skip';
  readonly createdAt: string;
  readonly createdBy: { readonly id: string; readonly name?: string };
  /** Set when deliveries kept failing; a new subscribe clears it. */
  readonly disabled?: { readonly at: string; readonly reason: string };
}

export const SUBSCRIPTIONS = 'digest-subscriptions';

export function channelKey(ref: ChannelRef): string {
  return `${ref.platform}/${ref.workspaceId}/${ref.channelId}`;
}

export class DigestSubscriptions {
  constructor(private readonly store: Store) {}

  get(ref: ChannelRef): Promise<DigestSubscription | undefined> {
    return this.store.get<DigestSubscription>(SUBSCRIPTIONS, channelKey(ref));
  }

  async save(subscription: DigestSubscription): Promise<void> {
    await this.store.set(SUBSCRIPTIONS, channelKey(subscription), subscription);
  }

  remove(ref: ChannelRef): Promise<boolean> {
    return this.store.delete(SUBSCRIPTIONS, channelKey(ref));
  }

  async all(): Promise<DigestSubscription[]> {
    return (await this.store.entries<DigestSubscription>(SUBSCRIPTIONS)).map(([, s]) => s);
  }

  /** Disables a channel only if it is still the same subscription (not re-subscribed meanwhile). */
  async disable(subscription: DigestSubscription, at: Date, reason: string): Promise<void> {
    const current = await this.get(subscription);
    if (!current || current.createdAt !== subscription.createdAt || current.disabled) return;
    await this.save({ ...current, disabled: { at: at.toISOString(), reason } });
  }
}

/** What /digest subscribe received, before checking. */
export interface SubscribeInput {
  readonly time?: string;
  readonly timezone?: string;
  readonly days?: string;
  readonly count?: number;
  readonly empty?: 'post' | 'skip';
}

const DAY_ALIASES: Record<string, Weekday[]> = {
  daily: [0, 1, 2, 3, 4, 5, 6],
  everyday: [0, 1, 2, 3, 4, 5, 6],
  'every-day': [0, 1, 2, 3, 4, 5, 6],
  weekdays: [1, 2, 3, 4, 5],
  weekends: [6, 0],
};

function weekday(word: string): Weekday {
  const i = WEEKDAY_NAMES.indexOf(word.slice(0, 3) as (typeof WEEKDAY_NAMES)[number]);
  if (i < 0 || !/^[a-z]{3,9}$/.test(word)) throw new UserError(`“${word.slice(0, 20)}” is not a day. Use mon, tue, wed, thu, fri, sat, sun (for example mon-fri or mon,wed,fri).`);
  return i as Weekday;
}

/** "mon-fri", "mon,wed,fri", "sat-sun", "weekdays", "daily" -> weekdays (0 = Sunday). */
export function parseDays(text: string): Weekday[] {
  const lower = text.trim().toLowerCase();
  const alias = DAY_ALIASES[lower];
  if (alias) return [...alias].sort((a, b) => a - b);
  const days = new Set<Weekday>();
  for (const part of lower.split(',').map((p) => p.trim()).filter(Boolean)) {
    const range = /^([a-z]+)\s*-\s*([a-z]+)$/.exec(part);
    if (range) {
      let d = weekday(range[1]!);
      const end = weekday(range[2]!);
      days.add(d);
      while (d !== end) {
        d = ((d + 1) % 7) as Weekday;
        days.add(d);
      }
    } else {
      days.add(weekday(part));
    }
  }
  if (days.size === 0) throw new UserError('Say which days, for example mon-fri.');
  return [...days].sort((a, b) => a - b);
}

/** "08:00", "8:00", "7:30am", "7pm" -> hour and minute. */
export function parseTime(text: string): { hour: number; minute: number } {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  const bad = () => new UserError(`“${text.slice(0, 20)}” is not a time of day. Use 24-hour HH:MM like 08:00 or 17:30 (or 7:30am).`);
  if (!m) throw bad();
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  const half = m[3]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) throw bad();
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  } else if (m[2] === undefined) {
    throw bad(); // a bare "8" is too easy to misread
  }
  if (hour > 23 || minute > 59) throw bad();
  return { hour, minute };
}

export function parseTimeZone(text: string): string {
  const zone = canonicalTimeZone(text);
  if (!zone) throw new UserError(`“${text.slice(0, 40)}” is not a time zone I know. Use an IANA name like America/New_York, Europe/Berlin or UTC.`);
  return zone;
}

/** Turns what a moderator typed into a schedule; a cron expression goes in `time`. */
export function parseSchedule(input: SubscribeInput, defaultZone: string): DigestSchedule {
  const timezone = input.timezone ? parseTimeZone(input.timezone) : defaultZone;
  const time = input.time?.trim();
  if (time && time.split(/\s+/).length > 1) {
    const problem = cronProblem(time);
    if (problem) throw new UserError(`That cron expression does not work: ${problem}.`);
    if (input.days) throw new UserError('A cron expression already says which days; leave out days.');
    const schedule = { kind: 'cron', expression: time.replace(/\s+/g, ' '), timezone } as const;
    // A digest is a daily-ish thing; more than one an hour would flood the channel.
    let t = nextSlot(schedule, new Date(0));
    for (let i = 0; i < 24; i++) {
      const next = nextSlot(schedule, t);
      if (next.getTime() - t.getTime() < 3_600_000) throw new UserError('That cron expression fires more than once an hour; a digest can come at most hourly.');
      t = next;
    }
    return schedule;
  }
  const { hour, minute } = time ? parseTime(time) : { hour: 8, minute: 0 };
  const days = input.days ? parseDays(input.days) : [...DAY_ALIASES.daily!];
  return { kind: 'daily', hour, minute, days, timezone };
}

export function newSubscription(invocation: Invocation, schedule: DigestSchedule, input: SubscribeInput, now: Date): DigestSubscription {
  return {
    platform: invocation.platform,
    workspaceId: invocation.workspaceId,
    channelId: invocation.channelId,
    schedule,
    count: input.count ?? 5,
    empty: input.empty ?? 'skip',
    createdAt: now.toISOString(),
    createdBy: { id: invocation.user.id, ...(invocation.user.name && { name: invocation.user.name }) },
  };
}
