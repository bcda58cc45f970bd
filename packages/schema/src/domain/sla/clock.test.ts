import { describe, expect, it } from 'vitest';
import { createCalendar } from './calendar.ts';
import {
  evaluateSla,
  nextDeadline,
  slaTimeline,
  type SlaInput,
  type SlaPolicy,
  type SlaTarget,
  type StatusChange,
  type TicketSlaHistory,
} from './clock.ts';

const HOUR = 3600;
const at = (iso: string) => new Date(iso);
// Week of Monday 12 January 2026, Rome winter time (+01:00).
const mon = (time: string) => at(`2026-01-12T${time}:00+01:00`);
const tue = (time: string) => at(`2026-01-13T${time}:00+01:00`);
const wed = (time: string) => at(`2026-01-14T${time}:00+01:00`);
const thu = (time: string) => at(`2026-01-15T${time}:00+01:00`);
const fri = (time: string) => at(`2026-01-16T${time}:00+01:00`);

const office = createCalendar(); // Mon–Fri 09–13 + 14–18, Europe/Rome, national holidays
const policy: SlaPolicy = {
  firstResponseSeconds: 4 * HOUR,
  nextResponseSeconds: 2 * HOUR,
  resolutionSeconds: 16 * HOUR,
  pausedStatuses: ['AWAITING_INPUT', 'RESCHEDULED', 'SUSPENDED'],
};

function ticket(createdAt: Date, rest: Partial<TicketSlaHistory> = {}): TicketSlaHistory {
  return { createdAt, statusChanges: [], agentResponses: [], customerMessages: [], ...rest };
}
const change = (at: Date, from: StatusChange['from'], to: StatusChange['to'], scheduledAt?: Date): StatusChange => ({
  at,
  from,
  to,
  ...(scheduledAt ? { scheduledAt } : {}),
});
const input = (history: TicketSlaHistory, now: Date, overrides: Partial<SlaInput> = {}): SlaInput => ({
  policy,
  calendar: office,
  history,
  now,
  ...overrides,
});
const events = (list: ReturnType<typeof slaTimeline>, target?: SlaTarget) =>
  list.filter((e) => !target || e.target === target).map((e) => [e.at.toISOString(), e.target, e.type]);
const event = (date: Date, target: SlaTarget, type: string) => [date.toISOString(), target, type];

describe('first response', () => {
  it('is met by an agent reply within the target', () => {
    const sla = evaluateSla(input(ticket(mon('10:00'), { agentResponses: [mon('11:30')] }), mon('12:00')));
    expect(sla.firstResponse).toEqual({
      state: 'MET',
      targetSeconds: 4 * HOUR,
      dueAt: mon('15:00'), // 10–13 + 14–15
      startedAt: mon('10:00'),
      stoppedAt: mon('11:30'),
      elapsedSeconds: 1.5 * HOUR,
      remainingSeconds: 2.5 * HOUR,
    });
    expect(sla.nextResponse).toBeNull();
    expect(sla.resolution).toEqual({
      state: 'RUNNING',
      targetSeconds: 16 * HOUR,
      dueAt: wed('10:00'), // Mon 7 h + Tue 8 h + Wed 1 h
      startedAt: mon('10:00'),
      elapsedSeconds: 2 * HOUR,
      remainingSeconds: 14 * HOUR,
    });
  });

  it('is breached across a night, and stays breached after a late reply', () => {
    const created = mon('16:00');
    expect(evaluateSla(input(ticket(created), tue('12:00'))).firstResponse).toEqual({
      state: 'BREACHED',
      targetSeconds: 4 * HOUR,
      dueAt: tue('11:00'), // Mon 16–18 + Tue 9–11
      startedAt: created,
      elapsedSeconds: 5 * HOUR,
      remainingSeconds: -1 * HOUR,
      breachedAt: tue('11:00'),
    });
    const late = evaluateSla(
      input(ticket(created, { agentResponses: [at('2026-01-13T11:00:01+01:00')] }), tue('12:00')),
    );
    expect(late.firstResponse).toMatchObject({
      state: 'BREACHED',
      stoppedAt: at('2026-01-13T11:00:01+01:00'),
      elapsedSeconds: 4 * HOUR + 1,
      remainingSeconds: -1,
      breachedAt: tue('11:00'),
    });
  });

  it('a reply exactly at the due instant is on time', () => {
    const sla = evaluateSla(input(ticket(mon('16:00'), { agentResponses: [tue('11:00')] }), tue('12:00')));
    expect(sla.firstResponse).toMatchObject({
      state: 'MET',
      dueAt: tue('11:00'),
      elapsedSeconds: 4 * HOUR,
      remainingSeconds: 0,
    });
    expect(sla.firstResponse?.breachedAt).toBeUndefined();
  });

  it('does not run over the weekend', () => {
    const sla = evaluateSla(input(ticket(fri('17:00')), at('2026-01-19T09:30:00+01:00')));
    expect(sla.firstResponse).toMatchObject({
      state: 'RUNNING',
      dueAt: at('2026-01-19T12:00:00+01:00'),
      elapsedSeconds: 1.5 * HOUR,
      remainingSeconds: 2.5 * HOUR,
    });
  });

  it('does not run on Easter Monday', () => {
    const sla = evaluateSla(input(ticket(at('2026-04-03T17:00:00+02:00')), at('2026-04-07T10:00:00+02:00')));
    expect(sla.firstResponse).toMatchObject({
      state: 'RUNNING',
      dueAt: at('2026-04-07T12:00:00+02:00'),
      elapsedSeconds: 2 * HOUR,
    });
  });

  it('ignores history recorded after now', () => {
    const sla = evaluateSla(input(ticket(mon('09:00'), { agentResponses: [tue('09:00')] }), mon('10:00')));
    expect(sla.firstResponse).toMatchObject({ state: 'RUNNING', elapsedSeconds: HOUR, dueAt: mon('13:00') });
  });
});

describe('at risk', () => {
  const created = mon('09:00'); // first response due at 13:00; at risk with 48 min (20%) left, at 12:12

  it('turns AT_RISK when at most 20% of the target is left', () => {
    expect(evaluateSla(input(ticket(created), at('2026-01-12T12:11:59+01:00'))).firstResponse?.state).toBe('RUNNING');
    expect(evaluateSla(input(ticket(created), mon('12:12'))).firstResponse).toMatchObject({
      state: 'AT_RISK',
      dueAt: mon('13:00'),
      remainingSeconds: 48 * 60,
    });
  });

  it('uses a configurable fraction', () => {
    const half = { policy: { ...policy, atRiskFraction: 0.5 } };
    expect(evaluateSla(input(ticket(created), at('2026-01-12T10:59:59+01:00'), half)).firstResponse?.state).toBe(
      'RUNNING',
    );
    expect(evaluateSla(input(ticket(created), mon('11:00'), half)).firstResponse?.state).toBe('AT_RISK');
    expect(nextDeadline(input(ticket(created), mon('10:00'), half))).toEqual({
      at: mon('11:00'),
      target: 'firstResponse',
      becomes: 'AT_RISK',
    });
  });

  it('nextDeadline walks through at-risk and breach instants of every target', () => {
    expect(nextDeadline(input(ticket(created), mon('12:00')))).toEqual({
      at: mon('12:12'),
      target: 'firstResponse',
      becomes: 'AT_RISK',
    });
    expect(nextDeadline(input(ticket(created), mon('12:12')))).toEqual({
      at: mon('13:00'),
      target: 'firstResponse',
      becomes: 'BREACHED',
    });
    // Resolution (16 h) is at risk after 12 h 48 min: Mon 8 h + Tue 9–13 + 14:00–14:48.
    expect(nextDeadline(input(ticket(created), mon('13:00')))).toEqual({
      at: tue('14:48'),
      target: 'resolution',
      becomes: 'AT_RISK',
    });
  });
});

describe('pause and resume by status', () => {
  const history = ticket(mon('09:00'), {
    agentResponses: [mon('09:45')],
    statusChanges: [
      change(mon('10:00'), 'NEW', 'AWAITING_INPUT'),
      change(tue('10:00'), 'AWAITING_INPUT', 'IN_PROGRESS'),
    ],
  });

  it('is PAUSED with no due instant while awaiting the customer', () => {
    expect(evaluateSla(input(history, mon('15:00'))).resolution).toEqual({
      state: 'PAUSED',
      targetSeconds: 16 * HOUR,
      dueAt: null,
      startedAt: mon('09:00'),
      elapsedSeconds: HOUR,
      remainingSeconds: 15 * HOUR,
    });
    expect(nextDeadline(input(history, mon('15:00')))).toBeNull(); // nothing changes by itself
  });

  it('runs again after the status changes, with the time already used', () => {
    expect(evaluateSla(input(history, tue('12:00'))).resolution).toMatchObject({
      state: 'RUNNING',
      dueAt: wed('18:00'), // 13 h left at Tue 12:00: Tue 5 h + Wed 8 h
      elapsedSeconds: 3 * HOUR,
      remainingSeconds: 13 * HOUR,
    });
    expect(events(slaTimeline(input(history, tue('12:00'))))).toEqual([
      event(mon('09:00'), 'firstResponse', 'STARTED'),
      event(mon('09:00'), 'resolution', 'STARTED'),
      event(mon('09:45'), 'firstResponse', 'MET'),
      event(mon('10:00'), 'resolution', 'PAUSED'),
      event(tue('10:00'), 'resolution', 'RESUMED'),
    ]);
  });

  it('pauses the first response too, when nobody has replied yet', () => {
    const noReply = { ...history, agentResponses: [] };
    expect(evaluateSla(input(noReply, tue('11:00'))).firstResponse).toMatchObject({
      state: 'RUNNING',
      dueAt: tue('13:00'), // Mon 09–10 + Tue 10–11 used, 2 h left
      elapsedSeconds: 2 * HOUR,
    });
  });

  it('pausing at the due instant does not save the target; closing does', () => {
    // Resolution (16 h) from Mon 09:00 is due Tue 18:00.
    const paused = ticket(mon('09:00'), { statusChanges: [change(tue('18:00'), 'IN_PROGRESS', 'SUSPENDED')] });
    expect(evaluateSla(input(paused, wed('12:00'))).resolution).toMatchObject({
      state: 'BREACHED',
      breachedAt: tue('18:00'),
      elapsedSeconds: 16 * HOUR,
      remainingSeconds: 0,
    });
    const done = ticket(mon('09:00'), { statusChanges: [change(tue('18:00'), 'IN_PROGRESS', 'DONE')] });
    expect(evaluateSla(input(done, wed('12:00'))).resolution).toMatchObject({
      state: 'MET',
      stoppedAt: tue('18:00'),
      dueAt: tue('18:00'),
      remainingSeconds: 0,
    });
    // Closed after the office closed: no business time used past 18:00, but after the deadline.
    const doneLate = ticket(mon('09:00'), { statusChanges: [change(tue('18:30'), 'IN_PROGRESS', 'DONE')] });
    expect(evaluateSla(input(doneLate, wed('12:00'))).resolution).toMatchObject({
      state: 'BREACHED',
      breachedAt: tue('18:00'),
      stoppedAt: tue('18:30'),
      remainingSeconds: 0,
    });
  });
});

describe('closing and reopening', () => {
  const history = ticket(mon('09:00'), {
    agentResponses: [mon('09:30')],
    customerMessages: [tue('09:00')],
    statusChanges: [change(mon('11:00'), 'IN_PROGRESS', 'DONE'), change(tue('09:00'), 'DONE', 'IN_PROGRESS')],
  });

  it('DONE meets the resolution target', () => {
    expect(evaluateSla(input(history, mon('12:00'))).resolution).toEqual({
      state: 'MET',
      targetSeconds: 16 * HOUR,
      dueAt: tue('18:00'),
      startedAt: mon('09:00'),
      stoppedAt: mon('11:00'),
      elapsedSeconds: 2 * HOUR,
      remainingSeconds: 14 * HOUR,
    });
    expect(nextDeadline(input(history, mon('12:00')))).toBeNull();
  });

  it('reopening resumes the resolution clock with the time already used', () => {
    const sla = evaluateSla(input(history, tue('10:00')));
    expect(sla.resolution).toMatchObject({ state: 'RUNNING', dueAt: wed('16:00'), elapsedSeconds: 3 * HOUR });
    expect(sla.resolution?.stoppedAt).toBeUndefined();
    expect(sla.nextResponse).toMatchObject({ state: 'RUNNING', startedAt: tue('09:00'), dueAt: tue('11:00') });
    expect(events(slaTimeline(input(history, tue('10:00'))))).toEqual([
      event(mon('09:00'), 'firstResponse', 'STARTED'),
      event(mon('09:00'), 'resolution', 'STARTED'),
      event(mon('09:30'), 'firstResponse', 'MET'),
      event(mon('11:00'), 'resolution', 'MET'),
      event(tue('09:00'), 'nextResponse', 'STARTED'),
      event(tue('09:00'), 'resolution', 'RESUMED'),
    ]);
  });

  it('CANCELLED stops every clock, including an unanswered first response', () => {
    const cancelled = ticket(mon('09:00'), { statusChanges: [change(mon('10:00'), 'NEW', 'CANCELLED')] });
    const sla = evaluateSla(input(cancelled, wed('12:00')));
    expect(sla.firstResponse).toMatchObject({ state: 'MET', stoppedAt: mon('10:00'), elapsedSeconds: HOUR });
    expect(sla.resolution).toMatchObject({ state: 'MET', stoppedAt: mon('10:00'), elapsedSeconds: HOUR });
  });
});

describe('RESCHEDULED', () => {
  const history = ticket(mon('09:00'), {
    agentResponses: [mon('09:30')],
    statusChanges: [change(mon('10:00'), 'IN_PROGRESS', 'RESCHEDULED', thu('09:00'))],
  });

  it('pauses until its scheduled date, then runs without any status change', () => {
    expect(evaluateSla(input(history, wed('12:00'))).resolution).toMatchObject({
      state: 'PAUSED',
      dueAt: null,
      elapsedSeconds: HOUR,
    });
    expect(nextDeadline(input(history, wed('12:00')))).toEqual({
      at: thu('09:00'),
      target: 'resolution',
      becomes: 'RUNNING',
    });
    expect(evaluateSla(input(history, thu('11:00'))).resolution).toMatchObject({
      state: 'RUNNING',
      dueAt: fri('17:00'), // 13 h left at Thu 11:00: Thu 6 h + Fri 7 h
      elapsedSeconds: 3 * HOUR,
    });
    expect(events(slaTimeline(input(history, thu('11:00'))), 'resolution')).toEqual([
      event(mon('09:00'), 'resolution', 'STARTED'),
      event(mon('10:00'), 'resolution', 'PAUSED'),
      event(thu('09:00'), 'resolution', 'RESUMED'),
    ]);
  });

  it('a scheduled date at night resumes the clock, which counts again at opening', () => {
    const night = ticket(mon('09:00'), {
      statusChanges: [change(mon('10:00'), 'IN_PROGRESS', 'RESCHEDULED', thu('02:00'))],
    });
    expect(nextDeadline(input(night, wed('12:00')))).toEqual({
      at: thu('02:00'),
      target: 'firstResponse',
      becomes: 'RUNNING',
    });
    expect(evaluateSla(input(night, thu('08:00'))).resolution).toMatchObject({
      state: 'RUNNING',
      elapsedSeconds: HOUR,
      dueAt: fri('17:00'), // 15 h from Thu 09:00: Thu 8 h + Fri 7 h
    });
  });

  it('does not pause when RESCHEDULED is not a paused status', () => {
    const running = { policy: { ...policy, pausedStatuses: ['AWAITING_INPUT' as const] } };
    expect(evaluateSla(input(history, wed('12:00'), running)).resolution).toMatchObject({
      state: 'BREACHED',
      breachedAt: tue('18:00'),
      elapsedSeconds: 19 * HOUR,
      remainingSeconds: -3 * HOUR,
    });
  });
});

describe('next response', () => {
  const history = ticket(mon('09:00'), {
    agentResponses: [mon('09:30'), mon('12:00')],
    customerMessages: [mon('10:00'), mon('11:00'), tue('09:00')],
  });

  it('starts at the first unanswered customer message and is met by the next reply', () => {
    const timeline = slaTimeline(input(history, tue('12:00')));
    expect(events(timeline, 'nextResponse')).toEqual([
      event(mon('10:00'), 'nextResponse', 'STARTED'), // 11:00 does not restart it
      event(mon('12:00'), 'nextResponse', 'MET'), // exactly 2 h: on time
      event(tue('09:00'), 'nextResponse', 'STARTED'),
      event(tue('11:00'), 'nextResponse', 'BREACHED'),
    ]);
    expect(evaluateSla(input(history, tue('12:00'))).nextResponse).toEqual({
      state: 'BREACHED',
      targetSeconds: 2 * HOUR,
      dueAt: tue('11:00'),
      startedAt: tue('09:00'),
      elapsedSeconds: 3 * HOUR,
      remainingSeconds: -1 * HOUR,
      breachedAt: tue('11:00'),
    });
    expect(evaluateSla(input(history, mon('12:30'))).nextResponse).toMatchObject({
      state: 'MET',
      startedAt: mon('10:00'),
      stoppedAt: mon('12:00'),
      elapsedSeconds: 2 * HOUR,
      remainingSeconds: 0,
    });
  });

  it('is null until a customer writes after the first reply', () => {
    const waiting = ticket(mon('09:00'), { customerMessages: [mon('10:00')] });
    const sla = evaluateSla(input(waiting, mon('11:00')));
    expect(sla.nextResponse).toBeNull();
    expect(sla.firstResponse).toMatchObject({ state: 'RUNNING', elapsedSeconds: 2 * HOUR });
  });

  it('a message on a closed ticket waits for the reopening', () => {
    const closed = ticket(mon('09:00'), {
      agentResponses: [mon('09:30')],
      customerMessages: [mon('16:00')],
      statusChanges: [change(mon('15:00'), 'IN_PROGRESS', 'DONE'), change(tue('09:00'), 'DONE', 'IN_PROGRESS')],
    });
    expect(evaluateSla(input(closed, mon('17:00'))).nextResponse).toMatchObject({
      state: 'PAUSED',
      elapsedSeconds: 0,
      dueAt: null,
    });
    expect(evaluateSla(input(closed, tue('10:00'))).nextResponse).toMatchObject({
      state: 'RUNNING',
      elapsedSeconds: HOUR,
      dueAt: tue('11:00'),
    });
  });
});

describe('clock changes with a 24/7 calendar', () => {
  const allTime = createCalendar({ alwaysOpen: true });
  const daily: SlaPolicy = { resolutionSeconds: 24 * HOUR, pausedStatuses: [] };

  it('29 March 2026 has 23 hours', () => {
    const sla = evaluateSla(
      input(ticket(at('2026-03-28T12:00:00+01:00')), at('2026-03-29T12:00:00+02:00'), {
        policy: daily,
        calendar: allTime,
      }),
    );
    expect(sla.resolution).toMatchObject({
      state: 'AT_RISK',
      dueAt: at('2026-03-29T13:00:00+02:00'),
      elapsedSeconds: 23 * HOUR,
      remainingSeconds: HOUR,
    });
  });

  it('25 October 2026 has 25 hours', () => {
    const sla = evaluateSla(
      input(ticket(at('2026-10-24T12:00:00+02:00')), at('2026-10-25T12:00:00+01:00'), {
        policy: daily,
        calendar: allTime,
      }),
    );
    expect(sla.resolution).toMatchObject({
      state: 'BREACHED',
      breachedAt: at('2026-10-25T11:00:00+01:00'),
      elapsedSeconds: 25 * HOUR,
      remainingSeconds: -HOUR,
    });
  });
});

describe('a calendar with no opening hours', () => {
  it('never advances: running, nothing used, no due instant, nothing to schedule', () => {
    const closed = createCalendar({ weeklyHours: {} });
    const history = ticket(mon('09:00'));
    expect(evaluateSla(input(history, fri('12:00'), { calendar: closed })).firstResponse).toEqual({
      state: 'RUNNING',
      targetSeconds: 4 * HOUR,
      dueAt: null,
      startedAt: mon('09:00'),
      elapsedSeconds: 0,
      remainingSeconds: 4 * HOUR,
    });
    expect(nextDeadline(input(history, fri('12:00'), { calendar: closed }))).toBeNull();
  });
});

describe('policy and input checks', () => {
  it('reports only the targets the policy sets', () => {
    const sla = evaluateSla(
      input(ticket(mon('09:00')), mon('10:00'), { policy: { resolutionSeconds: HOUR, pausedStatuses: [] } }),
    );
    expect(sla.firstResponse).toBeNull();
    expect(sla.nextResponse).toBeNull();
    expect(sla.resolution?.state).toBe('BREACHED');
  });

  it('rejects impossible input', () => {
    expect(() => evaluateSla(input(ticket(tue('09:00')), mon('09:00')))).toThrow(RangeError);
    expect(() =>
      evaluateSla(input(ticket(mon('09:00')), mon('10:00'), { policy: { ...policy, atRiskFraction: 2 } })),
    ).toThrow(RangeError);
  });
});
