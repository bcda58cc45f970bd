/**
 * Business calendar: when a support team is open, evaluated in the team's own time zone.
 *
 * Instants in and out are absolute (Date or epoch ms); all local-time reasoning (days, weekdays,
 * opening hours, DST) goes through luxon in `timeZone`. Opening hours are wall-clock hours, so a
 * 00:00–24:00 day lasts 23 h on the March clock change and 25 h on the October one.
 *
 * A calendar with no open time in the future is not an error: `nextOpening` and
 * `addBusinessSeconds` return null ("never") and `businessSecondsBetween` returns 0.
 */
import { DateTime, IANAZone } from 'luxon';

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
/** Local wall-clock interval 'HH:mm-HH:mm', end exclusive; '24:00' is allowed as end of day. */
export type OpeningInterval = string;

export interface HolidayConfig {
  /** Close on the Italian national holidays (see `italianNationalHolidays`). */
  italianNational: boolean;
  /** One-off closures, local dates 'YYYY-MM-DD'. */
  extra: readonly string[];
  /** Closures every year, 'MM-DD' (e.g. a patron saint: Rome '06-29', Milan '12-07'). */
  recurring: readonly string[];
}

export interface BusinessCalendarConfig {
  /** IANA time zone of the team. */
  timeZone: string;
  /** 24/7: open at every instant; `weeklyHours` and `holidays` are then ignored. */
  alwaysOpen: boolean;
  weeklyHours: Partial<Record<IsoWeekday, readonly OpeningInterval[]>>;
  holidays: HolidayConfig;
}

export interface BusinessCalendarInput {
  timeZone?: string;
  alwaysOpen?: boolean;
  weeklyHours?: Partial<Record<IsoWeekday, readonly OpeningInterval[]>>;
  holidays?: Partial<HolidayConfig>;
}

/** A validated, ready-to-use calendar; build it with `createCalendar`. */
export interface BusinessCalendar {
  readonly config: BusinessCalendarConfig;
  readonly zone: IANAZone;
  /** Open intervals per weekday, in minutes from local midnight, sorted. */
  readonly hours: ReadonlyMap<number, ReadonlyArray<readonly [number, number]>>;
  readonly closedDates: ReadonlySet<string>;
  readonly closedMonthDays: ReadonlySet<string>;
  /** The zone's UTC offsets (minutes) already looked up, per quarter hour: see offsetAt. */
  readonly offsets: Map<number, number>;
  /** The open time of each local date already worked out, by days since 1970-01-01: see openDay. */
  readonly days: Map<number, OpenDay>;
}

/** A local date's open intervals as epoch ms [start, end), in order, none empty, none overlapping another's. */
interface OpenDay {
  readonly intervals: ReadonlyArray<readonly [number, number]>;
  /** Their total length in ms. */
  readonly openMs: number;
}

export type CalendarIssueCode =
  | 'INVALID_TIME_ZONE'
  | 'INVALID_WEEKDAY'
  | 'INVALID_INTERVAL'
  | 'EMPTY_INTERVAL'
  | 'OVERLAPPING_INTERVALS'
  | 'INVALID_DATE'
  | 'INVALID_MONTH_DAY'
  | 'NO_OPEN_HOURS'
  | 'IGNORED_WITH_ALWAYS_OPEN';

export interface CalendarIssue {
  /** Dotted path into the config, e.g. 'weeklyHours.1.0' or 'holidays.extra.2'. */
  path: string;
  code: CalendarIssueCode;
  /** Errors make `createCalendar` throw; warnings are advice for the admin UI. */
  severity: 'error' | 'warning';
  message: string;
}

export class CalendarConfigError extends Error {
  constructor(readonly issues: readonly CalendarIssue[]) {
    super(`Invalid business calendar: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'CalendarConfigError';
  }
}

export type Instant = Date | number;

export const DEFAULT_TIME_ZONE = 'Europe/Rome';
const OFFICE_DAY = ['09:00-13:00', '14:00-18:00'];
export const DEFAULT_WEEKLY_HOURS: BusinessCalendarConfig['weeklyHours'] = {
  1: OFFICE_DAY,
  2: OFFICE_DAY,
  3: OFFICE_DAY,
  4: OFFICE_DAY,
  5: OFFICE_DAY,
};

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Give up looking for an opening after this many consecutive closed days (~10 years). */
const MAX_CLOSED_DAYS = 3660;

// ---------------------------------------------------------------------------------------------
// Italian national holidays

/** Easter Sunday (Gregorian) as 'YYYY-MM-DD', by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.utc(year, month, day).toFormat('yyyy-MM-dd');
}

const FIXED_NATIONAL_HOLIDAYS = [
  '01-01',
  '01-06',
  '04-25',
  '05-01',
  '06-02',
  '08-15',
  '11-01',
  '12-08',
  '12-25',
  '12-26',
];

/** Italian national holidays of `year` as sorted 'YYYY-MM-DD' (fixed dates plus Easter Monday). */
export function italianNationalHolidays(year: number): string[] {
  const [y, m, d] = easterSunday(year).split('-').map(Number) as [number, number, number];
  const easterMonday = DateTime.utc(y, m, d).plus({ days: 1 }).toFormat('yyyy-MM-dd');
  const fixed = FIXED_NATIONAL_HOLIDAYS.map((monthDay) => `${String(year).padStart(4, '0')}-${monthDay}`);
  return [...fixed, easterMonday].sort();
}

const nationalHolidayCache = new Map<number, ReadonlySet<string>>();
function nationalHolidaySet(year: number): ReadonlySet<string> {
  let set = nationalHolidayCache.get(year);
  if (!set) nationalHolidayCache.set(year, (set = new Set(italianNationalHolidays(year))));
  return set;
}

// ---------------------------------------------------------------------------------------------
// Configuration

function withDefaults(input: BusinessCalendarInput): BusinessCalendarConfig {
  return {
    timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
    alwaysOpen: input.alwaysOpen ?? false,
    weeklyHours: input.weeklyHours ?? DEFAULT_WEEKLY_HOURS,
    holidays: {
      italianNational: input.holidays?.italianNational ?? true,
      extra: input.holidays?.extra ?? [],
      recurring: input.holidays?.recurring ?? [],
    },
  };
}

const TIME = String.raw`([01]\d|2[0-3]):([0-5]\d)`;
const INTERVAL_RE = new RegExp(`^${TIME}-(?:${TIME}|(24):(00))$`);

/** 'HH:mm-HH:mm' → [startMinute, endMinute], or null when malformed. */
function parseInterval(text: unknown): [number, number] | null {
  const match = typeof text === 'string' ? INTERVAL_RE.exec(text) : null;
  if (!match) return null;
  const [, sh, sm, eh = match[5], em = match[6]] = match;
  return [Number(sh) * 60 + Number(sm), Number(eh) * 60 + Number(em)];
}

/**
 * Checks a calendar config (defaults applied for missing fields) and lists every problem.
 * Empty list = valid. Only `severity: 'error'` issues prevent `createCalendar`.
 */
export function validateCalendarConfig(input: BusinessCalendarInput): CalendarIssue[] {
  const config = withDefaults(input);
  const issues: CalendarIssue[] = [];
  const report = (path: string, code: CalendarIssueCode, message: string, severity: 'error' | 'warning' = 'error') =>
    issues.push({ path, code, severity, message });

  if (typeof config.timeZone !== 'string' || !IANAZone.isValidZone(config.timeZone))
    report('timeZone', 'INVALID_TIME_ZONE', `"${String(config.timeZone)}" is not a valid IANA time zone`);

  let openIntervals = 0;
  for (const [key, intervals] of Object.entries(config.weeklyHours)) {
    if (!/^[1-7]$/.test(key)) {
      report(`weeklyHours.${key}`, 'INVALID_WEEKDAY', `"${key}" is not an ISO weekday (1 = Monday … 7 = Sunday)`);
      continue;
    }
    const valid: Array<{ path: string; text: string; range: [number, number] }> = [];
    const list: readonly unknown[] = intervals == null ? [] : Array.isArray(intervals) ? intervals : [intervals];
    list.forEach((text, index) => {
      const path = `weeklyHours.${key}.${index}`;
      const range = parseInterval(text);
      if (!range) report(path, 'INVALID_INTERVAL', `"${String(text)}" is not an interval 'HH:mm-HH:mm'`);
      else if (range[1] <= range[0]) report(path, 'EMPTY_INTERVAL', `"${String(text)}" must end after it starts`);
      else valid.push({ path, text: String(text), range });
    });
    valid.sort((a, b) => a.range[0] - b.range[0]);
    let latest: (typeof valid)[number] | undefined; // the interval reaching furthest so far
    for (const interval of valid) {
      if (latest && interval.range[0] < latest.range[1])
        report(interval.path, 'OVERLAPPING_INTERVALS', `"${interval.text}" overlaps "${latest.text}"`);
      if (!latest || interval.range[1] > latest.range[1]) latest = interval;
    }
    openIntervals += valid.length;
  }

  config.holidays.extra.forEach((date, index) => {
    if (
      typeof date !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
      !DateTime.fromISO(date, { zone: 'utc' }).isValid
    )
      report(`holidays.extra.${index}`, 'INVALID_DATE', `"${String(date)}" is not a date 'YYYY-MM-DD'`);
  });
  config.holidays.recurring.forEach((monthDay, index) => {
    const match = typeof monthDay === 'string' ? /^(\d{2})-(\d{2})$/.exec(monthDay) : null;
    // Leap year 2000 so that '02-29' is accepted.
    if (!match || !DateTime.utc(2000, Number(match[1]), Number(match[2])).isValid)
      report(
        `holidays.recurring.${index}`,
        'INVALID_MONTH_DAY',
        `"${String(monthDay)}" is not a day of the year 'MM-DD'`,
      );
  });

  if (config.alwaysOpen) {
    if (input.weeklyHours && Object.values(input.weeklyHours).some((list) => list && list.length > 0))
      report('weeklyHours', 'IGNORED_WITH_ALWAYS_OPEN', 'weekly hours are ignored on a 24/7 calendar', 'warning');
    const h = input.holidays;
    if (h && (h.italianNational || (h.extra?.length ?? 0) > 0 || (h.recurring?.length ?? 0) > 0))
      report('holidays', 'IGNORED_WITH_ALWAYS_OPEN', 'holidays are ignored on a 24/7 calendar', 'warning');
  } else if (openIntervals === 0) {
    report('weeklyHours', 'NO_OPEN_HOURS', 'the calendar is never open: SLA clocks will never advance', 'warning');
  }
  return issues;
}

/**
 * Builds a calendar from a config; defaults: Europe/Rome, Mon–Fri 09–13 + 14–18, Italian national
 * holidays. Throws `CalendarConfigError` on errors (warnings are accepted).
 */
export function createCalendar(input: BusinessCalendarInput = {}): BusinessCalendar {
  const errors = validateCalendarConfig(input).filter((issue) => issue.severity === 'error');
  if (errors.length > 0) throw new CalendarConfigError(errors);
  const config = withDefaults(input);
  const hours = new Map<number, Array<readonly [number, number]>>();
  for (const [key, intervals] of Object.entries(config.weeklyHours)) {
    const ranges = (intervals ?? []).map((text) => parseInterval(text)!).sort((a, b) => a[0] - b[0]);
    if (ranges.length > 0) hours.set(Number(key), ranges);
  }
  return {
    config,
    zone: IANAZone.create(config.timeZone),
    hours,
    closedDates: new Set(config.holidays.extra),
    closedMonthDays: new Set(config.holidays.recurring),
    offsets: new Map(),
    days: new Map(),
  };
}

// ---------------------------------------------------------------------------------------------
// Local time

/**
 * A civil (local) date is held as the epoch ms of its midnight *in UTC*: plain arithmetic that no
 * DST can disturb, and much faster than luxon's `plus` when walking months day by day.
 */
type CivilDate = number;

const QUARTER_HOUR = 15 * MINUTE;
const MAX_REMEMBERED_OFFSETS = 100_000;
const MAX_REMEMBERED_DAYS = 100_000;

/**
 * The zone's UTC offset at `ms`, in minutes. luxon asks Intl for it, which is what the SLA of a ticket list spent
 * its time on; the answer is remembered per quarter hour, because clock changes fall on quarter hours (in every
 * zone since long before any ticket), so an offset holds for its whole quarter hour.
 */
function offsetAt(cal: BusinessCalendar, ms: number): number {
  const quarter = Math.floor(ms / QUARTER_HOUR);
  let offset = cal.offsets.get(quarter);
  if (offset === undefined) {
    offset = cal.zone.offset(quarter * QUARTER_HOUR);
    if (cal.offsets.size >= MAX_REMEMBERED_OFFSETS) cal.offsets.clear();
    cal.offsets.set(quarter, offset);
  }
  return offset;
}

function localDateOf(cal: BusinessCalendar, ms: number): CivilDate {
  return Math.floor((ms + offsetAt(cal, ms) * MINUTE) / DAY) * DAY;
}

function isoWeekday(date: CivilDate): number {
  return ((Math.floor(date / DAY) + 3) % 7) + 1; // 1970-01-01 was a Thursday
}

function isClosedDay(cal: BusinessCalendar, date: CivilDate): boolean {
  const iso = new Date(date).toISOString().slice(0, 10);
  return (
    cal.closedDates.has(iso) ||
    cal.closedMonthDays.has(iso.slice(5)) ||
    (cal.config.holidays.italianNational && nationalHolidaySet(Number(iso.slice(0, 4))).has(iso))
  );
}

/**
 * The instant at which the wall clock of `zone` shows `minutes` past midnight of `date`.
 * Ambiguous (October, shown twice): 'first' or 'last' occurrence, so that an interval covers every
 * instant its wall-clock range shows. Skipped (March): the first instant after the gap.
 */
function wallClockInstant(zone: IANAZone, date: CivilDate, minutes: number, pick: 'first' | 'last'): number {
  const wall = date + minutes * MINUTE; // the wall-clock reading, as if it were UTC
  const offsets = [...new Set([zone.offset(wall - DAY), zone.offset(wall + DAY)])];
  const matches = offsets
    .map((offset) => wall - offset * MINUTE)
    .filter((ts) => zone.offset(ts) * MINUTE === wall - ts);
  if (matches.length > 0) return pick === 'first' ? Math.min(...matches) : Math.max(...matches);
  // In a gap: binary-search the transition, which lies between the two candidate readings.
  let before = wall - Math.max(...offsets) * MINUTE;
  let after = wall - Math.min(...offsets) * MINUTE;
  const offsetBefore = zone.offset(before);
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (zone.offset(middle) === offsetBefore) before = middle;
    else after = middle;
  }
  return after;
}

/** The date's opening hours as instants (unclipped), in wall-clock order; none when the day is closed. */
function hoursOf(cal: BusinessCalendar, date: CivilDate): Array<[number, number]> {
  const ranges = cal.hours.get(isoWeekday(date));
  if (!ranges || isClosedDay(cal, date)) return [];
  // Fast path for the ~363 days a year far from a clock change: one fixed offset (assumes no two changes within
  // three days, true of every real zone).
  const offset = offsetAt(cal, date - DAY);
  const steady = offset === offsetAt(cal, date + 2 * DAY);
  const instant = (minute: number, pick: 'first' | 'last') =>
    steady ? date + (minute - offset) * MINUTE : wallClockInstant(cal.zone, date, minute, pick);
  return ranges.map(([startMinute, endMinute]) => [instant(startMinute, 'first'), instant(endMinute, 'last')]);
}

/**
 * The open time of a local date, worked out once per calendar: walking a ticket's two years of history day by day
 * was what the SLA of a ticket list spent its time on. Around a clock change an interval can overlap the one before
 * it (an ambiguous hour picked 'last' then 'first'), even the previous day's last one (an ambiguous midnight): each
 * starts no earlier than the end of those before it, so the open time is counted once.
 */
function openDay(cal: BusinessCalendar, date: CivilDate): OpenDay {
  // Keyed by a small integer, which a Map hashes much faster than the date's epoch milliseconds.
  const dayNumber = date / DAY;
  let day = cal.days.get(dayNumber);
  if (day === undefined) {
    // Only the day before can reach into this one: a clock change shifts instants by an hour or two, not a day.
    let cursor = -Infinity;
    for (const [start, end] of hoursOf(cal, date - DAY)) if (end > start) cursor = Math.max(cursor, end);
    const intervals: Array<readonly [number, number]> = [];
    let openMs = 0;
    for (const [hoursStart, end] of hoursOf(cal, date)) {
      const start = Math.max(cursor, hoursStart);
      if (end > start) {
        intervals.push([start, end]);
        openMs += end - start;
        cursor = end;
      }
    }
    day = { intervals, openMs };
    if (cal.days.size >= MAX_REMEMBERED_DAYS) cal.days.clear();
    cal.days.set(dayNumber, day);
  }
  return day;
}

/**
 * Visits the open time in [from, until) in order, clipped to it, day by day from the day before `from`'s (an
 * interval ending at an ambiguous midnight may reach into `from`'s day) to the day after `until`'s. `visit` gets the
 * day, and whether all of it lies inside the range (then its intervals need no clipping); returning true stops the
 * walk. Stops after MAX_CLOSED_DAYS consecutive days without open time in the range, so that it always ends.
 */
function walkOpenDays(
  cal: BusinessCalendar,
  from: number,
  until: number,
  visit: (day: OpenDay, inside: boolean) => boolean,
): void {
  if (from >= until) return;
  if (cal.config.alwaysOpen) {
    visit({ intervals: [[from, until]], openMs: until - from }, true);
    return;
  }
  if (cal.hours.size === 0) return;
  const lastDate = Number.isFinite(until) ? localDateOf(cal, until) + DAY : Infinity;
  let closedDays = 0;
  for (let date = localDateOf(cal, from) - DAY; closedDays < MAX_CLOSED_DAYS && date <= lastDate; date += DAY) {
    const day = openDay(cal, date);
    const { intervals } = day;
    const inside = intervals.length > 0 && intervals[0]![0] >= from && intervals[intervals.length - 1]![1] <= until;
    let opens = inside;
    for (let i = 0; !opens && i < intervals.length; i++)
      opens = Math.min(until, intervals[i]![1]) > Math.max(from, intervals[i]![0]);
    closedDays = opens ? 0 : closedDays + 1;
    if (opens && visit(day, inside)) return;
  }
}

// ---------------------------------------------------------------------------------------------
// Public functions over instants

function toMs(instant: Instant): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid instant: ${String(instant)}`);
  return ms;
}

function sameKind(template: Instant, ms: number): Instant {
  return typeof template === 'number' ? ms : new Date(ms);
}

export function isOpenAt(cal: BusinessCalendar, instant: Instant): boolean {
  const ms = toMs(instant);
  let open = false;
  walkOpenDays(cal, ms, ms + 1, () => (open = true));
  return open;
}

/** Open time between two instants, in seconds (negative if `to` precedes `from`). */
export function businessSecondsBetween(cal: BusinessCalendar, from: Instant, to: Instant): number {
  const [a, b] = [toMs(from), toMs(to)];
  if (b < a) return -businessSecondsBetween(cal, to, from);
  let total = 0;
  walkOpenDays(cal, a, b, (day, inside) => {
    if (inside) total += day.openMs;
    else for (const [start, end] of day.intervals) total += Math.max(0, Math.min(b, end) - Math.max(a, start));
    return false;
  });
  return total / 1000;
}

/**
 * The earliest instant by which `seconds` of open time have elapsed since `from` (counting starts
 * at the next opening if closed; 0 seconds returns `from`). The result can be a closing time,
 * e.g. Mon 12:00 + 1 h = Mon 13:00, not the reopening at 14:00. Null if the calendar never opens.
 */
export function addBusinessSeconds(cal: BusinessCalendar, from: Date, seconds: number): Date | null;
export function addBusinessSeconds(cal: BusinessCalendar, from: number, seconds: number): number | null;
export function addBusinessSeconds(cal: BusinessCalendar, from: Instant, seconds: number): Instant | null;
export function addBusinessSeconds(cal: BusinessCalendar, from: Instant, seconds: number): Instant | null {
  if (!(seconds >= 0)) throw new RangeError(`seconds must be a non-negative number, got ${seconds}`);
  const start = toMs(from);
  let remaining = Math.round(seconds * 1000);
  if (remaining === 0) return sameKind(from, start);
  let reached: number | null = null;
  walkOpenDays(cal, start, Infinity, (day, inside) => {
    if (inside && day.openMs < remaining) {
      remaining -= day.openMs;
      return false;
    }
    for (const [open, close] of day.intervals) {
      const begin = Math.max(start, open);
      if (close <= begin) continue;
      if (close - begin >= remaining) {
        reached = begin + remaining;
        return true;
      }
      remaining -= close - begin;
    }
    return false;
  });
  return reached === null ? null : sameKind(from, reached);
}

/** The first open instant at or after `instant` (itself if open). Null if the calendar never opens. */
export function nextOpening(cal: BusinessCalendar, instant: Date): Date | null;
export function nextOpening(cal: BusinessCalendar, instant: number): number | null;
export function nextOpening(cal: BusinessCalendar, instant: Instant): Instant | null;
export function nextOpening(cal: BusinessCalendar, instant: Instant): Instant | null {
  const ms = toMs(instant);
  let opening: number | null = null;
  walkOpenDays(cal, ms, Infinity, (day) => {
    const open = day.intervals.find(([, end]) => end > ms);
    if (open) opening = Math.max(ms, open[0]);
    return open !== undefined;
  });
  return opening === null ? null : sameKind(instant, opening);
}
