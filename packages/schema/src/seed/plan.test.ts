import { describe, expect, it } from 'vitest';
import { demoProblems } from './demo-checks.ts';
import { buildDemoPlan } from './plan.ts';
import { DemoClock } from './time.ts';

// The plan is pure: check it for many moments of seeding, including the awkward ones (Monday before work,
// the weekend, just after midnight, the daylight-saving switches).
const moments: Date[] = [
  new Date('2026-11-23T19:52:00Z'), // a Monday evening
  new Date('2026-11-23T06:00:00Z'), // Monday 07:00 in Rome, before anyone is at work
  new Date('2026-11-21T11:00:00Z'), // a Saturday
  new Date('2026-11-22T23:05:00Z'), // Monday, five minutes past midnight in Rome
  new Date('2026-03-29T01:30:00Z'), // the night clocks go forward
  new Date('2026-10-25T01:30:00Z'), // the night clocks go back
  new Date('2027-01-01T00:00:00Z'), // New Year
  new Date('2030-07-15T09:30:00Z'),
];
for (let hours = 0; hours < 24 * 14; hours += 7)
  moments.push(new Date(Date.UTC(2026, 4, 4, 0, 17) + hours * 3_600_000));

describe('demo plan', () => {
  it.each(moments.map((now) => [now.toISOString(), now] as const))('is consistent when seeded at %s', (_, now) => {
    const plan = buildDemoPlan(now);
    expect(demoProblems(plan, now)).toEqual([]);
    for (const event of plan.events) expect(event.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
  });

  it('is the same story whatever the moment: same tickets, same statuses', () => {
    const summary = (now: Date) =>
      buildDemoPlan(now)
        .tickets.map((ticket) => `${ticket.subject}|${ticket.status}`)
        .sort();
    expect(summary(moments[0]!)).toEqual(summary(moments[1]!));
  });

  it('has unique ids', () => {
    const plan = buildDemoPlan(moments[0]);
    const ids = [
      plan.users,
      plan.customers,
      plan.contacts,
      plan.queues,
      plan.categories,
      plan.tickets,
      plan.events,
      plan.notes,
      plan.reminders,
      plan.calls,
    ].flatMap((rows) => rows.map((row) => row.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('demo clock', () => {
  it('counts working days back from today, in Rome time', () => {
    const clock = new DemoClock(new Date('2026-11-23T10:00:00Z')); // Monday
    expect(clock.workdaysAgo(1, '09:40').toISOString()).toBe('2026-11-20T08:40:00.000Z'); // Friday, UTC+1
    expect(clock.workdaysAhead(1, '14:30').toISOString()).toBe('2026-11-24T13:30:00.000Z');
  });

  it('keeps the wall time across a daylight-saving switch', () => {
    const clock = new DemoClock(new Date('2026-03-30T10:00:00Z'));
    const friday = clock.workdaysAgo(1, '16:00'); // 27 March, still UTC+1
    expect(friday.toISOString()).toBe('2026-03-27T15:00:00.000Z');
    expect(clock.after(friday, '1d').toISOString()).toBe('2026-03-30T14:00:00.000Z'); // Monday 16:00, UTC+2
    expect(clock.after(friday, '1h30m').toISOString()).toBe('2026-03-27T16:30:00.000Z');
  });
});
