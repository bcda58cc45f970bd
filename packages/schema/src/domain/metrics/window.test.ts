import { describe, expect, it } from 'vitest';
import { MetricsWindowError, resolveWindow } from './window.ts';

describe('resolveWindow', () => {
  it('starts TODAY at midnight in Rome, in winter (UTC+1) and in summer (UTC+2)', () => {
    const winter = new Date('2026-01-15T10:30:00Z');
    expect(resolveWindow({ period: 'TODAY' }, winter)).toEqual({ from: new Date('2026-01-14T23:00:00Z'), to: winter });
    const summer = new Date('2026-07-15T10:30:00Z');
    expect(resolveWindow({ period: 'TODAY' }, summer)).toEqual({ from: new Date('2026-07-14T22:00:00Z'), to: summer });
  });

  it('is already tomorrow in Rome late in the UTC evening', () => {
    const now = new Date('2026-01-15T23:30:00Z'); // 00:30 on the 16th in Rome
    expect(resolveWindow({ period: 'TODAY' }, now).from).toEqual(new Date('2026-01-15T23:00:00Z'));
  });

  it('counts calendar days in Rome, today included, across a DST change', () => {
    const now = new Date('2026-04-01T08:00:00Z');
    // 7 days: 26 March to 1 April; DST started on 29 March, so 26 March began at 23:00 UTC the day before.
    expect(resolveWindow({ period: 'LAST_7_DAYS' }, now)).toEqual({ from: new Date('2026-03-25T23:00:00Z'), to: now });
    expect(resolveWindow({ period: 'LAST_30_DAYS' }, now).from).toEqual(new Date('2026-03-02T23:00:00Z'));
  });

  it('takes a custom window as given and refuses an empty, reversed or huge one', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2026-02-01T00:00:00Z');
    expect(resolveWindow({ period: 'CUSTOM', from, to })).toEqual({ from, to });
    expect(() => resolveWindow({ period: 'CUSTOM', from })).toThrow(MetricsWindowError);
    expect(() => resolveWindow({ period: 'CUSTOM', from: to, to: from })).toThrow(MetricsWindowError);
    expect(() => resolveWindow({ period: 'CUSTOM', from, to: from })).toThrow(MetricsWindowError);
    expect(() => resolveWindow({ period: 'CUSTOM', from, to: new Date('2030-01-01T00:00:00Z') })).toThrow(
      MetricsWindowError,
    );
  });
});
