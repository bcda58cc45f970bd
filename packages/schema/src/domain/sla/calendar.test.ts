import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessSeconds,
  businessSecondsBetween,
  CalendarConfigError,
  createCalendar,
  easterSunday,
  isOpenAt,
  italianNationalHolidays,
  nextOpening,
  validateCalendarConfig,
} from './calendar.ts';

/** Local time with explicit offset → Date (Rome: +01:00 in winter, +02:00 in summer). */
const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;
const HOUR = 3600;

// Defaults: Europe/Rome, Mon–Fri 09:00–13:00 + 14:00–18:00, Italian national holidays.
const office = createCalendar();
const allDay = ['00:00-24:00'];
const twentyFourSeven = createCalendar({ alwaysOpen: true });

describe('Italian holidays', () => {
  it.each([
    [1818, '1818-03-22'],
    [1943, '1943-04-25'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('lists the national holidays of 2025 in order, with Easter Monday', () => {
    expect(italianNationalHolidays(2025)).toEqual([
      '2025-01-01',
      '2025-01-06',
      '2025-04-21',
      '2025-04-25',
      '2025-05-01',
      '2025-06-02',
      '2025-08-15',
      '2025-11-01',
      '2025-12-08',
      '2025-12-25',
      '2025-12-26',
    ]);
  });

  it.each(['2024-04-01', '2025-04-21', '2026-04-06'])(
    'Easter Monday %s is closed all day, the Tuesday after is open',
    (monday) => {
      const summer = '+02:00';
      expect(isOpenAt(office, at(`${monday}T10:00:00${summer}`))).toBe(false);
      const tuesday = new Date(Date.parse(`${monday}T10:00:00${summer}`) + 86_400_000);
      expect(isOpenAt(office, tuesday)).toBe(true);
      expect(businessSecondsBetween(office, at(`${monday}T00:00:00${summer}`), at(`${monday}T23:59:59${summer}`))).toBe(
        0,
      );
    },
  );

  it('Easter Monday on 1 April (2024) rolls over the month end', () => {
    expect(italianNationalHolidays(2024)).toContain('2024-04-01');
  });

  it('keeps Easter Monday open when national holidays are off', () => {
    const open = createCalendar({ holidays: { italianNational: false } });
    expect(isOpenAt(open, at('2026-04-06T10:00:00+02:00'))).toBe(true);
    expect(isOpenAt(open, at('2026-01-06T10:00:00+01:00'))).toBe(true);
  });

  it('closes on extra dates and on recurring days every year', () => {
    const cal = createCalendar({ holidays: { italianNational: true, extra: ['2026-08-14'], recurring: ['06-29'] } });
    expect(isOpenAt(cal, at('2026-08-14T10:00:00+02:00'))).toBe(false); // company closure (Friday)
    expect(isOpenAt(cal, at('2026-08-13T10:00:00+02:00'))).toBe(true);
    expect(isOpenAt(cal, at('2026-06-29T10:00:00+02:00'))).toBe(false); // Rome's patron saints, Monday
    expect(isOpenAt(cal, at('2027-06-29T10:00:00+02:00'))).toBe(false); // Tuesday
    expect(isOpenAt(cal, at('2026-06-30T10:00:00+02:00'))).toBe(true);
    // Thu 13 Aug 17:00 → Mon 17 Aug 10:00: 1 h + 1 h, skipping the closure, the weekend (and 15 Aug).
    expect(businessSecondsBetween(cal, at('2026-08-13T17:00:00+02:00'), at('2026-08-17T10:00:00+02:00'))).toBe(
      2 * HOUR,
    );
  });
});

describe('isOpenAt and nextOpening', () => {
  it('follows opening hours, ends exclusive', () => {
    // Monday 12 January 2026.
    expect(isOpenAt(office, at('2026-01-12T08:59:59+01:00'))).toBe(false);
    expect(isOpenAt(office, at('2026-01-12T09:00:00+01:00'))).toBe(true);
    expect(isOpenAt(office, at('2026-01-12T12:59:59+01:00'))).toBe(true);
    expect(isOpenAt(office, at('2026-01-12T13:00:00+01:00'))).toBe(false);
    expect(isOpenAt(office, at('2026-01-12T14:00:00+01:00'))).toBe(true);
    expect(isOpenAt(office, at('2026-01-12T18:00:00+01:00'))).toBe(false);
    expect(isOpenAt(office, at('2026-01-10T10:00:00+01:00'))).toBe(false); // Saturday
    expect(isOpenAt(office, at('2026-01-06T10:00:00+01:00'))).toBe(false); // Epiphany, Tuesday
    expect(isOpenAt(office, Date.parse('2026-01-12T10:00:00+01:00'))).toBe(true);
  });

  it('finds the next opening across lunch, nights, weekends and holidays', () => {
    const cases: Array<[string, string]> = [
      ['2026-01-12T10:00:00+01:00', '2026-01-12T10:00:00+01:00'], // already open: itself
      ['2026-01-12T13:30:00+01:00', '2026-01-12T14:00:00+01:00'],
      ['2026-01-09T18:30:00+01:00', '2026-01-12T09:00:00+01:00'], // Friday evening → Monday
      ['2026-04-02T18:00:00+02:00', '2026-04-03T09:00:00+02:00'], // Good Friday is a working day
      ['2026-04-03T18:00:00+02:00', '2026-04-07T09:00:00+02:00'], // Easter weekend + Monday
      ['2025-12-24T18:00:00+01:00', '2025-12-29T09:00:00+01:00'], // Christmas, Santo Stefano, weekend
      ['2025-12-31T18:00:00+01:00', '2026-01-02T09:00:00+01:00'], // New Year's Day
    ];
    for (const [from, expected] of cases) expect(iso(nextOpening(office, at(from)))).toBe(at(expected).toISOString());
  });

  it('returns the kind of instant it was given', () => {
    const ms = Date.parse('2026-01-09T18:30:00+01:00');
    expect(nextOpening(office, ms)).toBe(Date.parse('2026-01-12T09:00:00+01:00'));
    expect(addBusinessSeconds(office, ms, HOUR)).toBe(Date.parse('2026-01-12T10:00:00+01:00'));
  });
});

describe('businessSecondsBetween', () => {
  it('counts only open time across a night and a weekend', () => {
    expect(businessSecondsBetween(office, at('2026-01-12T17:00:00+01:00'), at('2026-01-13T10:00:00+01:00'))).toBe(
      2 * HOUR,
    );
    expect(businessSecondsBetween(office, at('2026-01-09T17:00:00+01:00'), at('2026-01-12T10:00:00+01:00'))).toBe(
      2 * HOUR,
    );
    expect(businessSecondsBetween(office, at('2026-01-12T12:30:00+01:00'), at('2026-01-12T14:30:00+01:00'))).toBe(HOUR);
    expect(businessSecondsBetween(office, at('2026-01-12T00:00:00+01:00'), at('2026-01-19T00:00:00+01:00'))).toBe(
      40 * HOUR,
    );
  });

  it('is negative when the instants are reversed, zero when equal', () => {
    expect(businessSecondsBetween(office, at('2026-01-13T10:00:00+01:00'), at('2026-01-12T17:00:00+01:00'))).toBe(
      -2 * HOUR,
    );
    expect(businessSecondsBetween(office, at('2026-01-12T10:00:00+01:00'), at('2026-01-12T10:00:00+01:00'))).toBe(0);
  });

  it('counts milliseconds exactly', () => {
    expect(
      businessSecondsBetween(office, at('2026-01-12T12:59:59.250+01:00'), at('2026-01-12T14:00:00.500+01:00')),
    ).toBe(1.25);
  });

  it('spans months: Q1 2026 has 62 working days, the year 254', () => {
    // Jan: 22 weekdays − 1 and 6 Jan; Feb: 20; Mar: 22 (the clock change on Sunday 29 March is harmless).
    expect(businessSecondsBetween(office, at('2026-01-01T00:00:00+01:00'), at('2026-04-01T00:00:00+02:00'))).toBe(
      62 * 8 * HOUR,
    );
    // 261 weekdays − 7 holidays on weekdays (1/1, 6/1, 6/4, 1/5, 2/6, 8/12, 25/12).
    expect(businessSecondsBetween(office, at('2026-01-01T00:00:00+01:00'), at('2027-01-01T00:00:00+01:00'))).toBe(
      254 * 8 * HOUR,
    );
  });
});

describe('addBusinessSeconds', () => {
  it('adds open time across lunch, nights and weekends', () => {
    const cases: Array<[string, number, string]> = [
      ['2026-01-12T10:00:00+01:00', 2 * HOUR, '2026-01-12T12:00:00+01:00'],
      ['2026-01-12T12:00:00+01:00', HOUR, '2026-01-12T13:00:00+01:00'], // ends at closing, not at reopening
      ['2026-01-12T13:00:00+01:00', 1, '2026-01-12T14:00:01+01:00'],
      ['2026-01-12T17:00:00+01:00', 2 * HOUR, '2026-01-13T10:00:00+01:00'],
      ['2026-01-09T17:00:00+01:00', 2 * HOUR, '2026-01-12T10:00:00+01:00'],
      ['2026-01-10T11:00:00+01:00', HOUR, '2026-01-12T10:00:00+01:00'], // starts counting at the next opening
      ['2026-04-03T17:00:00+02:00', 4 * HOUR, '2026-04-07T12:00:00+02:00'], // over Easter Monday
      ['2026-01-10T11:00:00+01:00', 0, '2026-01-10T11:00:00+01:00'], // nothing to add
    ];
    for (const [from, seconds, expected] of cases)
      expect(iso(addBusinessSeconds(office, at(from), seconds))).toBe(at(expected).toISOString());
  });

  it('is the inverse of businessSecondsBetween over months', () => {
    expect(iso(addBusinessSeconds(office, at('2026-01-01T00:00:00+01:00'), 62 * 8 * HOUR))).toBe(
      at('2026-03-31T18:00:00+02:00').toISOString(),
    );
  });

  it('rejects negative amounts', () => {
    expect(() => addBusinessSeconds(office, at('2026-01-12T10:00:00+01:00'), -1)).toThrow(RangeError);
  });
});

describe('clock changes (Europe/Rome unless stated)', () => {
  it('a 24/7 calendar counts 23 hours on 29 March 2026 and 25 hours on 25 October 2026', () => {
    expect(
      businessSecondsBetween(twentyFourSeven, at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00')),
    ).toBe(23 * HOUR);
    expect(
      businessSecondsBetween(twentyFourSeven, at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00')),
    ).toBe(25 * HOUR);
    expect(iso(addBusinessSeconds(twentyFourSeven, at('2026-03-29T00:00:00+01:00'), 24 * HOUR))).toBe(
      at('2026-03-30T01:00:00+02:00').toISOString(),
    );
    expect(iso(addBusinessSeconds(twentyFourSeven, at('2026-10-25T00:00:00+02:00'), 24 * HOUR))).toBe(
      at('2026-10-25T23:00:00+01:00').toISOString(),
    );
    expect(isOpenAt(twentyFourSeven, at('2026-12-25T03:00:00+01:00'))).toBe(true); // 24/7 ignores holidays
  });

  it('weekly hours 00:00–24:00 every day give the same 23 and 25 hour days', () => {
    const everyDay = createCalendar({
      weeklyHours: { 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay },
      holidays: { italianNational: false },
    });
    expect(businessSecondsBetween(everyDay, at('2026-03-28T00:00:00+01:00'), at('2026-03-31T00:00:00+02:00'))).toBe(
      (24 + 23 + 24) * HOUR,
    );
    expect(businessSecondsBetween(everyDay, at('2026-10-24T00:00:00+02:00'), at('2026-10-27T00:00:00+01:00'))).toBe(
      (24 + 25 + 24) * HOUR,
    );
    expect(iso(addBusinessSeconds(everyDay, at('2026-10-24T12:00:00+02:00'), 24 * HOUR))).toBe(
      at('2026-10-25T11:00:00+01:00').toISOString(),
    );
  });

  it('office hours are wall-clock hours on both sides of the change', () => {
    // Fri 27 March 17:00 CET + 2 h → Mon 30 March 10:00 CEST.
    expect(iso(addBusinessSeconds(office, at('2026-03-27T17:00:00+01:00'), 2 * HOUR))).toBe(
      at('2026-03-30T10:00:00+02:00').toISOString(),
    );
    expect(businessSecondsBetween(office, at('2026-03-27T09:00:00+01:00'), at('2026-03-30T18:00:00+02:00'))).toBe(
      16 * HOUR,
    );
    expect(iso(nextOpening(office, at('2026-10-23T18:00:00+02:00')))).toBe(
      at('2026-10-26T09:00:00+01:00').toISOString(),
    );
    expect(businessSecondsBetween(office, at('2026-10-23T09:00:00+02:00'), at('2026-10-26T18:00:00+01:00'))).toBe(
      16 * HOUR,
    );
  });

  it('intervals with a boundary inside the skipped or repeated hour', () => {
    const sundayNights = createCalendar({
      weeklyHours: { 7: ['01:30-02:30', '02:30-06:00'] },
      holidays: { italianNational: false },
    });
    const between = (from: string, to: string) => businessSecondsBetween(sundayNights, at(from), at(to));
    // March: 02:00–03:00 does not exist. 01:30 CET → 03:00 CEST is 30 min; then 03:00 → 06:00 CEST.
    expect(between('2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00')).toBe(HOUR / 2);
    expect(between('2026-03-29T00:00:00+01:00', '2026-03-29T12:00:00+02:00')).toBe(3.5 * HOUR);
    // October: 02:00–03:00 happens twice; both passes are open. 01:30 CEST → 06:00 CET is 5.5 h.
    expect(between('2026-10-25T00:00:00+02:00', '2026-10-25T12:00:00+01:00')).toBe(5.5 * HOUR);
    expect(isOpenAt(sundayNights, at('2026-10-25T02:15:00+02:00'))).toBe(true); // first pass
    expect(isOpenAt(sundayNights, at('2026-10-25T02:15:00+01:00'))).toBe(true); // second pass
    expect(iso(nextOpening(sundayNights, at('2026-03-28T12:00:00+01:00')))).toBe(
      at('2026-03-29T01:30:00+01:00').toISOString(),
    );
  });

  it('an opening inside the skipped hour starts when the clock jumps, inside the repeated hour at its first pass', () => {
    const cal = createCalendar({ weeklyHours: { 7: ['02:30-04:00'] }, holidays: { italianNational: false } });
    expect(iso(nextOpening(cal, at('2026-03-28T12:00:00+01:00')))).toBe(at('2026-03-29T03:00:00+02:00').toISOString());
    expect(businessSecondsBetween(cal, at('2026-03-29T00:00:00+01:00'), at('2026-03-29T12:00:00+02:00'))).toBe(HOUR);
    expect(iso(nextOpening(cal, at('2026-10-24T12:00:00+02:00')))).toBe(at('2026-10-25T02:30:00+02:00').toISOString());
    expect(businessSecondsBetween(cal, at('2026-10-25T00:00:00+02:00'), at('2026-10-25T12:00:00+01:00'))).toBe(
      2.5 * HOUR,
    );
  });

  it('an interval ending at a repeated midnight covers the first pass of the next day (Havana, 2 Nov 2025)', () => {
    // Cuba turns 01:00 back to 00:00, so Sunday 00:00–01:00 happens twice.
    const cal = createCalendar({
      timeZone: 'America/Havana',
      weeklyHours: { 6: ['22:00-24:00'] },
      holidays: { italianNational: false }, // 1 Nov is Ognissanti
    });
    expect(businessSecondsBetween(cal, at('2025-11-01T12:00:00-04:00'), at('2025-11-02T12:00:00-05:00'))).toBe(
      3 * HOUR,
    );
    expect(isOpenAt(cal, at('2025-11-02T00:30:00-04:00'))).toBe(true);
    expect(isOpenAt(cal, at('2025-11-02T00:30:00-05:00'))).toBe(false);
  });
});

describe('against a minute-by-minute reading of the wall clock', () => {
  // No opening or closing inside the hour a clock change skips or repeats: there every instant whose local reading
  // lies in an interval is open, which luxon can tell minute by minute without the calendar's own walk.
  const weeklyHours = {
    1: ['00:30-02:00', '09:00-13:00', '14:00-18:00'],
    2: ['09:00-13:00', '14:00-18:00'],
    3: ['09:00-13:00', '14:00-18:00'],
    4: ['01:00-04:00', '09:00-13:00', '14:00-18:00'],
    5: ['09:00-13:00', '14:00-18:00'],
    6: ['10:00-24:00'],
    7: ['00:00-01:00', '01:00-04:00'],
  } as const;
  const extra = ['2026-10-28'];
  const recurring = ['03-26'];
  const calendar = createCalendar({ weeklyHours, holidays: { italianNational: true, extra, recurring } });
  const MINUTE_MS = 60_000;
  const openByWallClock = (ms: number) => {
    const local = DateTime.fromMillis(ms, { zone: 'Europe/Rome' });
    const date = local.toISODate()!;
    if (extra.includes(date) || recurring.includes(date.slice(5))) return false;
    if (italianNationalHolidays(local.year).includes(date)) return false;
    const minute = local.hour * 60 + local.minute;
    return weeklyHours[local.weekday as keyof typeof weeklyHours].some((interval) => {
      const [start, end] = interval.split('-').map((time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3)));
      return minute >= start! && minute < end!;
    });
  };
  // Three weeks around each clock change of 2026, with a recurring closure, Easter Monday, All Saints and an extra
  // closure in them; each read once, minute by minute. Ranges start in the first eleven days.
  const windows = [Date.parse('2026-03-20T00:00:00+01:00'), Date.parse('2026-10-17T00:00:00+02:00')].map((from) => {
    const open = Array.from({ length: 21 * 24 * 60 }, (_, minute) => openByWallClock(from + minute * MINUTE_MS));
    return { from, open };
  });
  const startIn = fc.tuple(fc.constantFrom(...windows), fc.integer({ min: 0, max: 11 * 24 * 60 }));

  it('counts the open minutes between two instants', () => {
    fc.assert(
      fc.property(startIn, fc.integer({ min: 0, max: 10 * 24 * 60 }), ([window, start], minutes) => {
        const open = window.open.slice(start, start + minutes).filter(Boolean).length;
        const from = window.from + start * MINUTE_MS;
        expect(businessSecondsBetween(calendar, from, from + minutes * MINUTE_MS)).toBe(open * 60);
      }),
      { numRuns: 500 },
    );
  });

  it('adds open minutes up to the end of the last one, and finds the next open minute', () => {
    fc.assert(
      fc.property(startIn, fc.integer({ min: 1, max: 3 * 8 * 60 }), ([window, start], openMinutes) => {
        const from = window.from + start * MINUTE_MS;
        const next = window.open.indexOf(true, start);
        expect(nextOpening(calendar, from)).toBe(window.from + next * MINUTE_MS);
        expect(isOpenAt(calendar, from)).toBe(next === start);
        let minute = next;
        for (let counted = 1; counted < openMinutes;) if (window.open[++minute]) counted++;
        expect(addBusinessSeconds(calendar, from, openMinutes * 60)).toBe(window.from + (minute + 1) * MINUTE_MS);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same answers whatever order the days were first worked out in', () => {
    const from = windows[1]!.from;
    const until = from + 21 * 24 * HOUR * 1000;
    const forwards = createCalendar({ weeklyHours, holidays: { italianNational: true, extra, recurring } });
    const backwards = createCalendar({ weeklyHours, holidays: { italianNational: true, extra, recurring } });
    for (let day = until - 86_400_000; day >= from; day -= 86_400_000) businessSecondsBetween(backwards, day, until);
    for (let day = from; day < until; day += 6 * HOUR * 1000)
      expect(businessSecondsBetween(backwards, from, day)).toBe(businessSecondsBetween(forwards, from, day));
  });
});

describe('calendars that never open', () => {
  it('an empty week: no opening, nothing to count, no deadline', () => {
    const closed = createCalendar({ weeklyHours: {} });
    expect(isOpenAt(closed, at('2026-01-12T10:00:00+01:00'))).toBe(false);
    expect(nextOpening(closed, at('2026-01-12T10:00:00+01:00'))).toBeNull();
    expect(addBusinessSeconds(closed, at('2026-01-12T10:00:00+01:00'), HOUR)).toBeNull();
    expect(businessSecondsBetween(closed, at('2026-01-01T00:00:00+01:00'), at('2036-01-01T00:00:00+01:00'))).toBe(0);
  });

  it('every day a recurring closure: the search gives up after about ten years', () => {
    const days: string[] = [];
    for (let d = Date.UTC(2000, 0, 1); d < Date.UTC(2001, 0, 1); d += 86_400_000)
      days.push(new Date(d).toISOString().slice(5, 10));
    const closed = createCalendar({ holidays: { italianNational: true, recurring: days } });
    expect(days).toHaveLength(366);
    expect(nextOpening(closed, at('2026-01-12T10:00:00+01:00'))).toBeNull();
    expect(addBusinessSeconds(closed, at('2026-01-12T10:00:00+01:00'), 1)).toBeNull();
  });
});

describe('validateCalendarConfig', () => {
  it('accepts the defaults and a full custom config', () => {
    expect(validateCalendarConfig({})).toEqual([]);
    expect(
      validateCalendarConfig({
        timeZone: 'Europe/Rome',
        weeklyHours: { 1: ['08:00-12:00', '12:00-17:00'], 6: ['09:00-12:30'], 7: ['22:00-24:00'] },
        holidays: { italianNational: true, extra: ['2026-08-14'], recurring: ['02-29', '06-29'] },
      }),
    ).toEqual([]);
  });

  it('reports every problem with its path', () => {
    const issues = validateCalendarConfig({
      timeZone: 'Europe/Milano',
      weeklyHours: {
        1: ['09:00-13:00', '12:00-18:00', '18:00-17:00', '9:00-12:00', '10:00-24:30'],
        // @ts-expect-error weekday 8 does not exist
        8: ['09:00-10:00'],
      },
      holidays: { extra: ['2026-02-30', '26-12-2026'], recurring: ['13-01'] },
    });
    expect(issues.map((i) => [i.path, i.code, i.severity])).toEqual([
      ['timeZone', 'INVALID_TIME_ZONE', 'error'],
      ['weeklyHours.1.2', 'EMPTY_INTERVAL', 'error'],
      ['weeklyHours.1.3', 'INVALID_INTERVAL', 'error'],
      ['weeklyHours.1.4', 'INVALID_INTERVAL', 'error'],
      ['weeklyHours.1.1', 'OVERLAPPING_INTERVALS', 'error'],
      ['weeklyHours.8', 'INVALID_WEEKDAY', 'error'],
      ['holidays.extra.0', 'INVALID_DATE', 'error'],
      ['holidays.extra.1', 'INVALID_DATE', 'error'],
      ['holidays.recurring.0', 'INVALID_MONTH_DAY', 'error'],
    ]);
    expect(issues.find((i) => i.code === 'OVERLAPPING_INTERVALS')?.message).toBe(
      '"12:00-18:00" overlaps "09:00-13:00"',
    );
  });

  it('warns, without failing, about a calendar that never opens and about settings 24/7 ignores', () => {
    expect(validateCalendarConfig({ weeklyHours: { 1: [] } })).toEqual([
      expect.objectContaining({ path: 'weeklyHours', code: 'NO_OPEN_HOURS', severity: 'warning' }),
    ]);
    expect(
      validateCalendarConfig({
        alwaysOpen: true,
        weeklyHours: { 1: ['09:00-18:00'] },
        holidays: { extra: ['2026-08-14'] },
      }).map((i) => [i.path, i.code, i.severity]),
    ).toEqual([
      ['weeklyHours', 'IGNORED_WITH_ALWAYS_OPEN', 'warning'],
      ['holidays', 'IGNORED_WITH_ALWAYS_OPEN', 'warning'],
    ]);
    expect(() => createCalendar({ weeklyHours: {} })).not.toThrow();
  });

  it('createCalendar throws the errors', () => {
    expect(() => createCalendar({ timeZone: 'Nowhere/Atlantis' })).toThrow(CalendarConfigError);
    try {
      createCalendar({ weeklyHours: { 2: ['14:00-09:00'] } });
      expect.unreachable();
    } catch (error) {
      expect((error as CalendarConfigError).issues.map((i) => i.code)).toEqual(['EMPTY_INTERVAL']);
    }
  });
});
