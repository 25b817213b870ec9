// Schedule arithmetic for digests: when a channel's digest is due, in its own time zone.
// Cron expressions go through node-cron's matcher; "08:00 on mon-fri" schedules are computed
// here because node-cron skips a time that falls in a spring-forward gap, and a daily digest
// must still arrive that day (an hour later on the wall clock).
import cron from 'node-cron';

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export type DigestSchedule =
  | { readonly kind: 'daily'; readonly hour: number; readonly minute: number; readonly days: readonly Weekday[]; readonly timezone: string }
  | { readonly kind: 'cron'; readonly expression: string; readonly timezone: string };

export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: Weekday;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The canonical spelling of a zone name typed in any case ("america/new_york"), or undefined. */
export function canonicalTimeZone(name: string): string | undefined {
  const wanted = name.trim();
  if (wanted === '' || wanted.length > 64) return undefined;
  if (wanted.toUpperCase() === 'UTC') return 'UTC';
  const exact = Intl.supportedValuesOf('timeZone').find((z) => z.toLowerCase() === wanted.toLowerCase());
  if (exact) return exact;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: wanted }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function localParts(date: Date, timezone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timezone).formatToParts(date)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAY_NAMES.indexOf(parts.weekday!.toLowerCase() as (typeof WEEKDAY_NAMES)[number]) as Weekday,
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "2024-03-10 08:00" in the zone: the local slot label digest period keys are made of. */
export function localLabel(date: Date, timezone: string): string {
  const p = localParts(date, timezone);
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** Zone offset (local minus UTC) at an instant, in ms, to the minute. */
function offsetMs(instant: number, timezone: string): number {
  const p = localParts(new Date(instant), timezone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(instant / 60_000) * 60_000;
}

/**
 * The instant a local wall time happens. A time repeated at fall-back resolves to its first
 * occurrence; a time skipped at spring-forward to the same distance past the jump (02:30 -> 03:30),
 * as Temporal's "compatible" disambiguation does.
 */
export function instantOf(year: number, month: number, day: number, hour: number, minute: number, timezone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const before = offsetMs(wall - 86_400_000, timezone);
  const after = offsetMs(wall + 86_400_000, timezone);
  // The larger offset gives the earlier instant, so a repeated time picks its first occurrence.
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const t = wall - offset;
    const p = localParts(new Date(t), timezone);
    if (p.year === year && p.month === month && p.day === day && p.hour === hour && p.minute === minute) return new Date(t);
  }
  return new Date(wall - before); // in the gap: the pre-jump offset lands after the jump
}

function addDays(year: number, month: number, day: number, n: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(year, month - 1, day + n));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

interface CronMatcher {
  getNextMatch(date: Date): Date;
}

const matchers = new Map<string, CronMatcher>();

function cronMatcher(expression: string, timezone: string): CronMatcher {
  const key = `${timezone}|${expression}`;
  let m = matchers.get(key);
  if (!m) {
    // node-cron 4's public "next runs" start from the wall clock; its task's matcher answers from
    // any instant, which the injected clock needs.
    const task = cron.createTask(expression, () => undefined, { timezone }) as unknown as { timeMatcher?: CronMatcher };
    if (!task.timeMatcher) throw new Error('node-cron no longer exposes its time matcher; pin node-cron 4.x');
    m = task.timeMatcher;
    // Expressions come from moderators' typing; keep the memo from growing without end.
    if (matchers.size >= 1000) matchers.clear();
    matchers.set(key, m);
  }
  return m;
}

/** The first slot strictly after `after`. */
export function nextSlot(schedule: DigestSchedule, after: Date): Date {
  if (schedule.kind === 'cron') return cronMatcher(schedule.expression, schedule.timezone).getNextMatch(after);
  const start = localParts(after, schedule.timezone);
  for (let i = 0; i <= 8; i++) {
    const d = addDays(start.year, start.month, start.day, i);
    const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() as Weekday;
    if (!schedule.days.includes(weekday)) continue;
    const slot = instantOf(d.year, d.month, d.day, schedule.hour, schedule.minute, schedule.timezone);
    if (slot.getTime() > after.getTime()) return slot;
  }
  throw new Error('a daily schedule needs at least one day');
}

/** Slots in (from, to], oldest first; at most `limit` (the newest ones when there are more). */
export function slotsBetween(schedule: DigestSchedule, from: Date, to: Date, limit = 64): Date[] {
  const out: Date[] = [];
  let t = nextSlot(schedule, from);
  while (t.getTime() <= to.getTime()) {
    out.push(t);
    if (out.length > limit) out.shift();
    t = nextSlot(schedule, t);
  }
  return out;
}

/** The latest slot at or before `at`, looking back at most `withinMs`. */
export function previousSlot(schedule: DigestSchedule, at: Date, withinMs: number): Date | undefined {
  return slotsBetween(schedule, new Date(at.getTime() - withinMs), at, 1).at(-1);
}

/** What is wrong with a 5-field cron expression, or undefined when it is fine. */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `a cron expression has 5 fields (minute hour day month weekday); “${expression.slice(0, 60)}” has ${fields.length}`;
  const check = cron.validateDetailed(expression);
  if (!check.valid) return check.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return undefined;
}

/** "08:00 mon-fri (America/New_York)", as status shows a schedule. */
export function describeSchedule(schedule: DigestSchedule): string {
  if (schedule.kind === 'cron') return `cron “${schedule.expression}” (${schedule.timezone})`;
  const days = schedule.days.length === 7 ? 'every day' : describeDays(schedule.days);
  return `${two(schedule.hour)}:${two(schedule.minute)} ${days} (${schedule.timezone})`;
}

function describeDays(days: readonly Weekday[]): string {
  const sorted = [...days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7)); // monday first
  const key = sorted.join(',');
  if (key === '1,2,3,4,5') return 'mon-fri';
  if (key === '6,0') return 'sat-sun';
  return sorted.map((d) => WEEKDAY_NAMES[d]).join(',');
}
