/**
 * Deterministic timestamps for the demo data, relative to a given `now`.
 *
 * The demo help desk works in Lecco, so calendar arithmetic (working days, "at 09:40") happens in
 * Europe/Rome wall time, daylight saving included. Durations are written as short strings:
 * `'15m'`, `'2h'`, `'1h30m'`, `'1d'` (one working day later at the same wall time), `'20s'`.
 */

const ZONE = 'Europe/Rome';
const MINUTE = 60_000;

const wallFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

interface WallTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallTime(instant: Date): WallTime {
  const parts: Record<string, number> = {};
  for (const part of wallFormat.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year, month, day, hour, minute, second } = parts;
  if ([year, month, day, hour, minute, second].some((value) => value === undefined || Number.isNaN(value))) {
    throw new Error(`demo clock: cannot read the ${ZONE} time of ${instant.toISOString()}`);
  }
  return { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! };
}

/** Minutes to add to UTC to get the Rome wall time at `instant` (60 or 120). */
function offsetMinutes(instant: Date): number {
  const wall = wallTime(instant);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / MINUTE);
}

/** The instant at which Rome's clocks show this wall time. */
function fromWall(year: number, month: number, day: number, hour: number, minute: number): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let instant = new Date(guess - offsetMinutes(new Date(guess)) * MINUTE);
  // Near a daylight-saving switch the first guess can be an hour off: correct it once.
  instant = new Date(guess - offsetMinutes(instant) * MINUTE);
  return instant;
}

/** A calendar date (no time), as days since the Unix epoch, so that adding days is plain arithmetic. */
type CivilDay = number;

function civilDay(instant: Date): CivilDay {
  const wall = wallTime(instant);
  return Date.UTC(wall.year, wall.month - 1, wall.day) / (24 * 60 * MINUTE);
}

function civilParts(day: CivilDay): { year: number; month: number; day: number; weekday: number } {
  const date = new Date(day * 24 * 60 * MINUTE);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
  };
}

const isWorkingDay = (day: CivilDay): boolean => {
  const { weekday } = civilParts(day);
  return weekday !== 0 && weekday !== 6;
};

/** Moves `count` working days forward (count > 0) or backward (count < 0) from `day`. */
function addWorkingDays(day: CivilDay, count: number): CivilDay {
  let result = day;
  let left = Math.abs(count);
  const step = count < 0 ? -1 : 1;
  while (left > 0) {
    result += step;
    if (isWorkingDay(result)) left -= 1;
  }
  return result;
}

function parseClock(clock: string): { hour: number; minute: number } {
  const match = /^(\d{1,2}):(\d{2})$/.exec(clock);
  if (!match) throw new Error(`demo clock: bad time of day "${clock}" (expected HH:MM)`);
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) throw new Error(`demo clock: bad time of day "${clock}"`);
  return { hour, minute };
}

/** A duration such as `'1d2h30m'`: working days, and an exact number of milliseconds on top. */
export interface Duration {
  workingDays: number;
  milliseconds: number;
}

export function parseDuration(text: string): Duration {
  const trimmed = text.trim();
  if (!/^(\d+[dhms])+$/.test(trimmed)) throw new Error(`demo clock: bad duration "${text}" (e.g. '1d2h', '15m')`);
  const result: Duration = { workingDays: 0, milliseconds: 0 };
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([dhms])/g)) {
    const value = Number(amount);
    if (unit === 'd') result.workingDays += value;
    else result.milliseconds += value * { h: 60 * MINUTE, m: MINUTE, s: 1000 }[unit as 'h' | 'm' | 's'];
  }
  return result;
}

export class DemoClock {
  readonly now: Date;
  private readonly today: CivilDay;

  constructor(now: Date) {
    if (Number.isNaN(now.getTime())) throw new TypeError('demo clock: now must be a valid Date');
    this.now = new Date(now.getTime());
    this.today = civilDay(this.now);
  }

  /**
   * `clock` (Rome time) on the `count`-th working day before today: 1 is the previous working day, whatever
   * day of the week today is. Always before `now`.
   */
  workdaysAgo(count: number, clock: string): Date {
    if (!Number.isInteger(count) || count < 1) throw new Error('demo clock: workdaysAgo needs a whole count ≥ 1');
    const { hour, minute } = parseClock(clock);
    const { year, month, day } = civilParts(addWorkingDays(this.today, -count));
    return fromWall(year, month, day, hour, minute);
  }

  /** `clock` (Rome time) on the `count`-th working day after today. Always after `now`. */
  workdaysAhead(count: number, clock: string): Date {
    if (!Number.isInteger(count) || count < 1) throw new Error('demo clock: workdaysAhead needs a whole count ≥ 1');
    const { hour, minute } = parseClock(clock);
    const { year, month, day } = civilParts(addWorkingDays(this.today, count));
    return fromWall(year, month, day, hour, minute);
  }

  /** Midnight (Rome) `count` calendar days from today (negative: in the past). */
  calendarDays(count: number): Date {
    const { year, month, day } = civilParts(this.today + count);
    return fromWall(year, month, day, 0, 0);
  }

  /** `now` minus an exact duration (no working days allowed). */
  ago(duration: string): Date {
    const { workingDays, milliseconds } = parseDuration(duration);
    if (workingDays) throw new Error(`demo clock: use workdaysAgo for "${duration}"`);
    return new Date(this.now.getTime() - milliseconds);
  }

  /** `now` plus an exact duration (no working days allowed). */
  fromNow(duration: string): Date {
    const { workingDays, milliseconds } = parseDuration(duration);
    if (workingDays) throw new Error(`demo clock: use workdaysAhead for "${duration}"`);
    return new Date(this.now.getTime() + milliseconds);
  }

  /**
   * `from` plus a duration: working days keep the wall time (a step "1d" after Friday 16:20 lands on Monday
   * 16:20), the rest is added exactly.
   */
  after(from: Date, duration: string | Duration): Date {
    const { workingDays, milliseconds } = typeof duration === 'string' ? parseDuration(duration) : duration;
    let result = from;
    if (workingDays > 0) {
      const wall = wallTime(from);
      const { year, month, day } = civilParts(addWorkingDays(civilDay(from), workingDays));
      result = fromWall(year, month, day, wall.hour, wall.minute);
      result = new Date(result.getTime() + wall.second * 1000 + (from.getTime() % 1000));
    }
    return new Date(result.getTime() + milliseconds);
  }
}
