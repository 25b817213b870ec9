// What a moderator types for a schedule: times, days, zones, cron, checked by property and example.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors';
import { WEEKDAY_NAMES } from '../../src/schedule/calendar';
import { parseDays, parseSchedule, parseTime, parseTimeZone } from '../../src/schedule/subscriptions';

const two = (n: number) => String(n).padStart(2, '0');

describe('schedule input', () => {
  it('every HH:MM reads back as itself; 12-hour times agree with 24-hour ones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (hour, minute) => {
        expect(parseTime(`${two(hour)}:${two(minute)}`)).toEqual({ hour, minute });
        const h12 = hour % 12 === 0 ? 12 : hour % 12;
        expect(parseTime(`${h12}:${two(minute)}${hour < 12 ? 'am' : 'pm'}`)).toEqual({ hour, minute });
      }),
    );
  });

  it('any other text is refused with a UserError, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        try {
          const { hour, minute } = parseTime(text);
          expect(hour).toBeGreaterThanOrEqual(0);
          expect(hour).toBeLessThanOrEqual(23);
          expect(minute).toBeLessThanOrEqual(59);
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
        }
      }),
    );
    for (const bad of ['24:00', '8', '7:60', '13pm', 'noon']) expect(() => parseTime(bad)).toThrow(UserError);
  });

  it('a day range a-b covers a, b and the days between, wrapping past Sunday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), (from, to) => {
        const days = parseDays(`${WEEKDAY_NAMES[from]}-${WEEKDAY_NAMES[to]}`);
        expect(days).toHaveLength(((to - from + 7) % 7) + 1);
        expect(days).toContain(from);
        expect(days).toContain(to);
      }),
    );
    expect(parseDays('mon-fri')).toEqual([1, 2, 3, 4, 5]);
    expect(parseDays('Fri-Mon')).toEqual([0, 1, 5, 6]);
    expect(parseDays('mon,wed,friday')).toEqual([1, 3, 5]);
    expect(parseDays('weekends')).toEqual([0, 6]);
    expect(() => parseDays('mon-funday')).toThrow(/not a day/);
  });

  it('time zones by IANA name in any case; unknown ones refused with an example', () => {
    expect(parseTimeZone('america/new_york')).toBe('America/New_York');
    expect(parseTimeZone('utc')).toBe('UTC');
    expect(() => parseTimeZone('EST5EDT!')).toThrow(/IANA name like America\/New_York/);
    expect(() => parseTimeZone('x'.repeat(100))).toThrow(UserError);
  });

  it('a 5-field cron expression is taken as is; days do not combine with it', () => {
    expect(parseSchedule({ time: '30 6 * * 1-5' }, 'UTC')).toEqual({ kind: 'cron', expression: '30 6 * * 1-5', timezone: 'UTC' });
    expect(() => parseSchedule({ time: '30 6 * * 1-5', days: 'mon' }, 'UTC')).toThrow(/leave out days/);
    expect(() => parseSchedule({ time: '30 6 * *' }, 'UTC')).toThrow(/5 fields/);
    expect(parseSchedule({}, 'Europe/Berlin')).toEqual({ kind: 'daily', hour: 8, minute: 0, days: [0, 1, 2, 3, 4, 5, 6], timezone: 'Europe/Berlin' });
  });
});
