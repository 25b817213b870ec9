// The one reading of a duration, for every setting and file that takes one (SHUTDOWN_GRACE,
// DIGEST_CATCHUP, a feed's interval): a number and a unit. A bare number is refused, because
// "10" meant milliseconds in one place and minutes in another.

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** What a setting says when parseDuration refuses its value. */
export const DURATION_FORMAT = 'a duration with a unit, like 1500ms, 90s, 15m, 6h or 1d';

/** "1500ms", "90s", "15m", "2 hours", "1d" -> milliseconds; undefined for anything else, bare numbers included. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text.trim());
  const unit = m ? UNIT_MS[m[2]!.toLowerCase()] : undefined;
  return unit === undefined ? undefined : Math.round(Number(m![1]) * unit);
}
