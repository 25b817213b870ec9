import { describe, expect, it } from 'vitest';
import { describeSchedule, type DigestSchedule, instantOf, localLabel, nextSlot, previousSlot, slotsBetween, type Weekday } from '../../src/schedule/calendar';

const NY = 'America/New_York';
const every: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];
const daily = (hour: number, minute: number, timezone = NY, days: readonly Weekday[] = every): DigestSchedule => ({
  kind: 'daily',
  hour,
  minute,
  days,
  timezone,
});
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('digest schedule arithmetic', () => {
  it('08:00 in New York moves with daylight saving: spring forward (2024-03-10)', () => {
    const slots = slotsBetween(daily(8, 0), new Date('2024-03-08T00:00:00Z'), new Date('2024-03-12T00:00:00Z'));
    // EST is UTC-5 until Sunday 2024-03-10 02:00, EDT (UTC-4) after.
    expect(iso(slots)).toEqual(['2024-03-08T13:00:00.000Z', '2024-03-09T13:00:00.000Z', '2024-03-10T12:00:00.000Z', '2024-03-11T12:00:00.000Z']);
    expect(slots.map((s) => localLabel(s, NY))).toEqual(['2024-03-08 08:00', '2024-03-09 08:00', '2024-03-10 08:00', '2024-03-11 08:00']);
  });

  it('08:00 in New York on the fall-back day (2024-11-03) comes once, 25 hours after the day before', () => {
    const slots = slotsBetween(daily(8, 0), new Date('2024-11-02T00:00:00Z'), new Date('2024-11-05T00:00:00Z'));
    expect(iso(slots)).toEqual(['2024-11-02T12:00:00.000Z', '2024-11-03T13:00:00.000Z', '2024-11-04T13:00:00.000Z']);
  });

  it('a time inside the spring-forward gap still gets its digest that day, an hour later on the clock', () => {
    const slots = slotsBetween(daily(2, 30), new Date('2024-03-09T00:00:00Z'), new Date('2024-03-12T00:00:00Z'));
    expect(iso(slots)).toEqual(['2024-03-09T07:30:00.000Z', '2024-03-10T07:30:00.000Z', '2024-03-11T06:30:00.000Z']);
    expect(localLabel(slots[1]!, NY)).toBe('2024-03-10 03:30');
  });

  it('a time repeated at fall-back happens once, at its first occurrence', () => {
    const slots = slotsBetween(daily(1, 30), new Date('2024-11-02T12:00:00Z'), new Date('2024-11-04T12:00:00Z'));
    expect(iso(slots)).toEqual(['2024-11-03T05:30:00.000Z', '2024-11-04T06:30:00.000Z']);
    expect(instantOf(2024, 11, 3, 1, 30, NY).toISOString()).toBe('2024-11-03T05:30:00.000Z');
  });

  it('mon-fri skips the weekend in the channel zone, not in UTC', () => {
    // Friday 2024-03-08 20:00 in Tokyo is still Friday 11:00 UTC; the next is Monday in Tokyo.
    const s = daily(20, 0, 'Asia/Tokyo', [1, 2, 3, 4, 5]);
    expect(nextSlot(s, new Date('2024-03-08T10:00:00Z')).toISOString()).toBe('2024-03-08T11:00:00.000Z');
    expect(nextSlot(s, new Date('2024-03-08T11:00:00Z')).toISOString()).toBe('2024-03-11T11:00:00.000Z');
    expect(describeSchedule(s)).toBe('20:00 mon-fri (Asia/Tokyo)');
  });

  it('a cron expression follows node-cron in the channel zone, across DST', () => {
    const s: DigestSchedule = { kind: 'cron', expression: '0 8 * * 1-5', timezone: NY };
    expect(iso(slotsBetween(s, new Date('2024-03-08T00:00:00Z'), new Date('2024-03-12T00:00:00Z')))).toEqual([
      '2024-03-08T13:00:00.000Z',
      '2024-03-11T12:00:00.000Z',
    ]);
  });

  it('finds the latest slot at or before a moment, within a window', () => {
    expect(previousSlot(daily(8, 0), new Date('2024-03-10T12:00:00Z'), 3_600_000)?.toISOString()).toBe('2024-03-10T12:00:00.000Z');
    expect(previousSlot(daily(8, 0), new Date('2024-03-10T11:59:00Z'), 3_600_000)).toBeUndefined();
  });
});
