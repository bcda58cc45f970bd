import { DateTime } from 'luxon';

/** The help desk works on Italian time: "today" starts at midnight in Rome (DST included). */
export const METRICS_TIME_ZONE = 'Europe/Rome';

/** The longest CUSTOM window accepted, so that one request cannot ask for years of percentiles. */
export const MAX_WINDOW_DAYS = 400;

export type MetricsPeriod = 'TODAY' | 'LAST_7_DAYS' | 'LAST_30_DAYS' | 'CUSTOM';

export interface MetricsWindowRequest {
  period: MetricsPeriod;
  /** CUSTOM only: the first instant counted. */
  from?: Date | null;
  /** CUSTOM only: the first instant no longer counted. */
  to?: Date | null;
}

/** A half-open interval [from, to) of instants. */
export interface MetricsWindow {
  from: Date;
  to: Date;
}

export class MetricsWindowError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Turns a window request into instants, always half-open [from, to):
 * - TODAY: from midnight today in Europe/Rome to `now`.
 * - LAST_7_DAYS / LAST_30_DAYS: calendar days in Europe/Rome, today included: from midnight 6 (29) days before
 *   today to `now`. (A day is a Rome calendar day, so a DST change makes one of them 23 or 25 hours long.)
 * - CUSTOM: exactly the `from` and `to` given; `from` must be before `to`, at most MAX_WINDOW_DAYS apart.
 */
export function resolveWindow(request: MetricsWindowRequest, now: Date = new Date()): MetricsWindow {
  const startOfToday = DateTime.fromJSDate(now, { zone: METRICS_TIME_ZONE }).startOf('day');
  switch (request.period) {
    case 'TODAY':
      return { from: startOfToday.toJSDate(), to: now };
    case 'LAST_7_DAYS':
      return { from: startOfToday.minus({ days: 6 }).toJSDate(), to: now };
    case 'LAST_30_DAYS':
      return { from: startOfToday.minus({ days: 29 }).toJSDate(), to: now };
    case 'CUSTOM': {
      const { from, to } = request;
      if (!from) throw new MetricsWindowError('from', 'A custom window needs its start (from).');
      if (!to) throw new MetricsWindowError('to', 'A custom window needs its end (to).');
      if (from.getTime() >= to.getTime()) throw new MetricsWindowError('to', 'The window must end after it starts.');
      if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
        throw new MetricsWindowError('to', `A custom window spans at most ${MAX_WINDOW_DAYS} days.`);
      }
      return { from, to };
    }
  }
}
