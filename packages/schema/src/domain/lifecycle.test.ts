import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CLOSED_TICKET_STATUSES,
  OPEN_TICKET_STATUSES,
  TICKET_STATUSES,
  allowedTransitions,
  canTransition,
  checkTransition,
  isClosedStatus,
  isOpenStatus,
  isReopening,
  isTicketStatus,
  requirementsOf,
  timestampsFor,
  type TicketStatus,
  type TransitionInput,
  type TransitionRequirements,
  type TransitionValues,
} from './lifecycle.ts';

// The team's table, written out again here (in the team's order) so that a change to the module's
// table has to be made on purpose in both places.
const TABLE: Record<TicketStatus, TicketStatus[]> = {
  NEW: ['AWAITING_INPUT', 'DONE', 'CANCELLED'],
  AWAITING_INPUT: ['REQUEST_SENT', 'IN_PROGRESS', 'CHANGES_REQUESTED', 'DONE', 'CANCELLED'],
  REQUEST_SENT: ['IN_PROGRESS', 'RESCHEDULED', 'AWAITING_INPUT', 'CANCELLED'],
  IN_PROGRESS: ['DONE', 'RESCHEDULED', 'CHANGES_REQUESTED', 'SUSPENDED', 'CANCELLED', 'COMPLAINT'],
  RESCHEDULED: ['IN_PROGRESS', 'SUSPENDED', 'CANCELLED'],
  CHANGES_REQUESTED: ['AWAITING_INPUT', 'IN_PROGRESS', 'CANCELLED'],
  SUSPENDED: ['IN_PROGRESS', 'AWAITING_INPUT', 'CANCELLED'],
  COMPLAINT: ['IN_PROGRESS', 'DONE', 'CANCELLED'],
  DONE: ['COMPLAINT', 'AWAITING_INPUT'],
  CANCELLED: ['AWAITING_INPUT'],
};

const STATUSES: TicketStatus[] = [
  'NEW',
  'AWAITING_INPUT',
  'REQUEST_SENT',
  'IN_PROGRESS',
  'DONE',
  'RESCHEDULED',
  'CHANGES_REQUESTED',
  'SUSPENDED',
  'CANCELLED',
  'COMPLAINT',
];

type Pair = [from: TicketStatus, to: TicketStatus];
const ALL_PAIRS: Pair[] = STATUSES.flatMap((from) => STATUSES.map((to): Pair => [from, to]));
const ALLOWED_PAIRS = ALL_PAIRS.filter(([from, to]) => TABLE[from].includes(to));
const FORBIDDEN_PAIRS = ALL_PAIRS.filter(([from, to]) => !TABLE[from].includes(to));

/** The allowed targets of `from`, in status order (the order the module promises). */
const expectedAllowed = (from: TicketStatus): TicketStatus[] => STATUSES.filter((to) => TABLE[from].includes(to));

const NOW = new Date('2025-03-10T09:00:00.000Z');
const LATER = new Date('2025-03-11T14:30:00.000Z');
const EARLIER = new Date('2025-03-09T08:00:00.000Z');

const SOLUTION = { required: true, minLength: 10, maxLength: 10_000 };
const REQUIRED_NOTE = { required: true, minLength: 5, maxLength: 10_000 };
const OPTIONAL_NOTE = { required: false, minLength: 1, maxLength: 10_000 };

const isReopen = (from: TicketStatus, to: TicketStatus) =>
  (from === 'DONE' || from === 'CANCELLED') && to === 'AWAITING_INPUT';

function expectedRequirements(from: TicketStatus, to: TicketStatus): TransitionRequirements {
  if (isReopen(from, to)) return { note: REQUIRED_NOTE };
  switch (to) {
    case 'DONE':
      return { solution: SOLUTION };
    case 'RESCHEDULED':
      return { scheduledAt: { required: true, mustBeAfterNow: true } };
    case 'IN_PROGRESS':
      return { scheduledAt: { required: false, mustBeAfterNow: false } };
    case 'CANCELLED':
    case 'COMPLAINT':
    case 'CHANGES_REQUESTED':
      return { note: REQUIRED_NOTE };
    case 'SUSPENDED':
      return { note: OPTIONAL_NOTE };
    default:
      return {};
  }
}

/** The smallest valid input for a transition (padded with spaces) and the value it normalizes to. */
function validInput(from: TicketStatus, to: TicketStatus): { input: TransitionInput; value: TransitionValues } {
  const requirements = expectedRequirements(from, to);
  if (requirements.solution) {
    return {
      input: { solution: '  Replaced the fuser unit.  ' },
      value: { solution: 'Replaced the fuser unit.' },
    };
  }
  if (requirements.note?.required) {
    return { input: { note: '\n Customer asked for it\t' }, value: { note: 'Customer asked for it' } };
  }
  if (requirements.scheduledAt?.required) {
    return { input: { scheduledAt: LATER }, value: { scheduledAt: LATER } };
  }
  return { input: {}, value: {} };
}

/** What the message calls a required text, and what it says when the text is missing. */
function textWording(from: TicketStatus, to: TicketStatus): { noun: string; missing: string } {
  if (isReopen(from, to)) return { noun: 'The reason', missing: 'A reason is required to reopen a ticket' };
  switch (to) {
    case 'DONE':
      return { noun: 'The solution', missing: 'A solution is required to mark a ticket as done' };
    case 'CANCELLED':
      return { noun: 'The reason', missing: 'A reason is required to cancel a ticket' };
    case 'COMPLAINT':
      return { noun: 'The complaint', missing: 'Details are required to file a complaint' };
    case 'CHANGES_REQUESTED':
      return {
        noun: 'The description of the changes',
        missing: 'A description of the changes is required',
      };
    default:
      throw new Error(`no required text for ${from} → ${to}`);
  }
}

function validationIssues(from: TicketStatus, to: TicketStatus, input: TransitionInput, now = NOW) {
  const result = checkTransition(from, to, input, now);
  if (result.ok || result.error.code !== 'VALIDATION') {
    throw new Error(`expected a VALIDATION error, got ${JSON.stringify(result)}`);
  }
  return result.error.issues;
}

describe('statuses', () => {
  it('lists the ten statuses in the team order', () => {
    expect(TICKET_STATUSES).toEqual(STATUSES);
  });

  it('matches the Prisma enum TicketStatus, in the same order', () => {
    const schema = readFileSync(new URL('../../../../prisma/schema.prisma', import.meta.url), 'utf8');
    const body = /enum TicketStatus \{([^}]*)\}/.exec(schema)?.[1];
    const values = body
      ?.split('\n')
      .map((line) => line.replace(/\/\/.*$/, '').trim())
      .filter(Boolean);
    expect(values).toEqual(STATUSES);
  });

  it('tells closed statuses (DONE, CANCELLED) from open ones', () => {
    expect(STATUSES.filter(isClosedStatus)).toEqual(['DONE', 'CANCELLED']);
    expect(STATUSES.filter(isOpenStatus)).toEqual([
      'NEW',
      'AWAITING_INPUT',
      'REQUEST_SENT',
      'IN_PROGRESS',
      'RESCHEDULED',
      'CHANGES_REQUESTED',
      'SUSPENDED',
      'COMPLAINT',
    ]);
    expect(CLOSED_TICKET_STATUSES).toEqual(['DONE', 'CANCELLED']);
    expect(OPEN_TICKET_STATUSES).toEqual(STATUSES.filter((s) => s !== 'DONE' && s !== 'CANCELLED'));
  });

  it('recognizes status strings', () => {
    for (const status of STATUSES) expect(isTicketStatus(status)).toBe(true);
    for (const value of ['new', 'Done', 'CLOSED', '', ' NEW', null, undefined, 4, {}]) {
      expect(isTicketStatus(value)).toBe(false);
    }
  });
});

describe('transition table', () => {
  it('has 33 allowed and 67 forbidden pairs (sanity check of this test table)', () => {
    expect(ALLOWED_PAIRS).toHaveLength(33);
    expect(FORBIDDEN_PAIRS).toHaveLength(67);
  });

  it.each(STATUSES)('allowedTransitions(%s) lists exactly the table targets, in status order', (from) => {
    expect(allowedTransitions(from)).toEqual(expectedAllowed(from));
  });

  it('never allows a self transition', () => {
    for (const status of STATUSES) expect(canTransition(status, status)).toBe(false);
  });

  it('cannot be changed through the arrays it returns', () => {
    const targets = allowedTransitions('NEW') as TicketStatus[];
    expect(() => targets.push('COMPLAINT')).toThrow(TypeError);
    expect(allowedTransitions('NEW')).toEqual(['AWAITING_INPUT', 'DONE', 'CANCELLED']);
  });

  it('knows which transitions reopen a closed ticket', () => {
    const reopening = ALL_PAIRS.filter(([from, to]) => isReopening(from, to));
    expect(reopening).toEqual([
      ['DONE', 'AWAITING_INPUT'],
      ['CANCELLED', 'AWAITING_INPUT'],
    ]);
  });
});

describe('allowed transitions', () => {
  it.each(ALLOWED_PAIRS)('%s → %s succeeds with its required fields', (from, to) => {
    const { input, value } = validInput(from, to);
    expect(canTransition(from, to)).toBe(true);
    expect(checkTransition(from, to, input, NOW)).toEqual({ ok: true, value });
  });

  it.each(ALLOWED_PAIRS)('%s → %s has the expected requirements', (from, to) => {
    expect(requirementsOf(from, to)).toEqual(expectedRequirements(from, to));
  });
});

describe('forbidden transitions', () => {
  it.each(FORBIDDEN_PAIRS)('%s → %s fails with INVALID_TRANSITION', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(requirementsOf(from, to)).toBeNull();
    // Even with every field filled in validly, the pair itself is refused.
    const input = { solution: 'Replaced the fuser unit.', note: 'Some reason', scheduledAt: LATER };
    expect(checkTransition(from, to, input, NOW)).toEqual({
      ok: false,
      error: { code: 'INVALID_TRANSITION', from, to, allowed: expectedAllowed(from) },
    });
  });

  it('returns a copy of the allowed list in the error', () => {
    const result = checkTransition('CANCELLED', 'DONE', {}, NOW);
    if (result.ok || result.error.code !== 'INVALID_TRANSITION') throw new Error('expected INVALID_TRANSITION');
    result.error.allowed.push('DONE');
    expect(allowedTransitions('CANCELLED')).toEqual(['AWAITING_INPUT']);
  });
});

describe('required texts', () => {
  const PAIRS_WITH_REQUIRED_TEXT = ALLOWED_PAIRS.filter(([from, to]) => {
    const requirements = expectedRequirements(from, to);
    return requirements.solution?.required === true || requirements.note?.required === true;
  });

  it('are the 18 transitions to DONE, CANCELLED, COMPLAINT, CHANGES_REQUESTED and the reopenings', () => {
    const count = (predicate: (pair: Pair) => boolean) => PAIRS_WITH_REQUIRED_TEXT.filter(predicate).length;
    expect(count(([, to]) => to === 'DONE')).toBe(4);
    expect(count(([, to]) => to === 'CANCELLED')).toBe(8);
    expect(count(([, to]) => to === 'COMPLAINT')).toBe(2);
    expect(count(([, to]) => to === 'CHANGES_REQUESTED')).toBe(2);
    expect(count(([from, to]) => isReopen(from, to))).toBe(2);
    expect(PAIRS_WITH_REQUIRED_TEXT).toHaveLength(18);
  });

  describe.each(PAIRS_WITH_REQUIRED_TEXT)('%s → %s', (from, to) => {
    const field = to === 'DONE' ? 'solution' : 'note';
    const min = field === 'solution' ? 10 : 5;
    const { noun, missing } = textWording(from, to);

    it(`fails when ${field} is missing`, () => {
      expect(validationIssues(from, to, {})).toEqual([{ field, message: missing }]);
      expect(validationIssues(from, to, { [field]: null })).toEqual([{ field, message: missing }]);
    });

    it(`fails when ${field} is empty or whitespace only`, () => {
      expect(validationIssues(from, to, { [field]: '' })).toEqual([{ field, message: missing }]);
      expect(validationIssues(from, to, { [field]: ' \n\t  ' })).toEqual([{ field, message: missing }]);
    });

    it(`fails when ${field} is shorter than ${min} characters once trimmed`, () => {
      const tooShort = `   ${'x'.repeat(min - 1)}        `;
      expect(validationIssues(from, to, { [field]: tooShort })).toEqual([
        { field, message: `${noun} must be at least ${min} characters long` },
      ]);
    });

    it(`accepts exactly ${min} and exactly 10,000 characters`, () => {
      const shortest = 'y'.repeat(min);
      expect(checkTransition(from, to, { [field]: ` ${shortest} ` }, NOW)).toEqual({
        ok: true,
        value: { [field]: shortest },
      });
      const longest = 'z'.repeat(10_000);
      expect(checkTransition(from, to, { [field]: `\n${longest}\n` }, NOW)).toEqual({
        ok: true,
        value: { [field]: longest },
      });
    });

    it(`fails when ${field} is longer than 10,000 characters`, () => {
      expect(validationIssues(from, to, { [field]: 'z'.repeat(10_001) })).toEqual([
        { field, message: `${noun} must be at most 10,000 characters long` },
      ]);
    });

    it(`fails when ${field} is not a string`, () => {
      const input = { [field]: 12345678901 } as unknown as TransitionInput;
      expect(validationIssues(from, to, input)).toEqual([{ field, message: `${noun} must be text` }]);
    });
  });
});

describe('RESCHEDULED', () => {
  const FROM: TicketStatus[] = ['REQUEST_SENT', 'IN_PROGRESS'];

  it('is reachable only from REQUEST_SENT and IN_PROGRESS', () => {
    expect(STATUSES.filter((from) => canTransition(from, 'RESCHEDULED'))).toEqual(FROM);
  });

  describe.each(FROM)('from %s', (from) => {
    it('requires a date', () => {
      const issue = { field: 'scheduledAt', message: 'A new date is required to reschedule a ticket' };
      expect(validationIssues(from, 'RESCHEDULED', {})).toEqual([issue]);
      expect(validationIssues(from, 'RESCHEDULED', { scheduledAt: null })).toEqual([issue]);
    });

    it('rejects a date in the past', () => {
      expect(validationIssues(from, 'RESCHEDULED', { scheduledAt: EARLIER })).toEqual([
        { field: 'scheduledAt', message: 'The new date must be in the future' },
      ]);
    });

    it('rejects a date equal to now', () => {
      expect(validationIssues(from, 'RESCHEDULED', { scheduledAt: new Date(NOW.getTime()) })).toEqual([
        { field: 'scheduledAt', message: 'The new date must be in the future' },
      ]);
    });

    it('accepts a date one millisecond after now', () => {
      const soon = new Date(NOW.getTime() + 1);
      expect(checkTransition(from, 'RESCHEDULED', { scheduledAt: soon }, NOW)).toEqual({
        ok: true,
        value: { scheduledAt: soon },
      });
    });

    it('rejects an invalid date', () => {
      expect(validationIssues(from, 'RESCHEDULED', { scheduledAt: new Date('not a date') })).toEqual([
        { field: 'scheduledAt', message: 'The new date is not a valid date' },
      ]);
      const notADate = { scheduledAt: '2030-01-01T00:00:00Z' } as unknown as TransitionInput;
      expect(validationIssues(from, 'RESCHEDULED', notADate)).toEqual([
        { field: 'scheduledAt', message: 'The new date is not a valid date' },
      ]);
    });
  });

  it('compares with the now it is given, not the real clock', () => {
    const farFuture = new Date('2999-01-01T00:00:00Z');
    expect(validationIssues('IN_PROGRESS', 'RESCHEDULED', { scheduledAt: LATER }, farFuture)).toEqual([
      { field: 'scheduledAt', message: 'The new date must be in the future' },
    ]);
  });
});

describe('optional fields', () => {
  const TO_IN_PROGRESS = STATUSES.filter((from) => canTransition(from, 'IN_PROGRESS'));
  const TO_SUSPENDED = STATUSES.filter((from) => canTransition(from, 'SUSPENDED'));

  it('IN_PROGRESS and SUSPENDED are reached from the expected statuses', () => {
    expect(TO_IN_PROGRESS).toEqual([
      'AWAITING_INPUT',
      'REQUEST_SENT',
      'RESCHEDULED',
      'CHANGES_REQUESTED',
      'SUSPENDED',
      'COMPLAINT',
    ]);
    expect(TO_SUSPENDED).toEqual(['IN_PROGRESS', 'RESCHEDULED']);
  });

  describe.each(TO_IN_PROGRESS)('%s → IN_PROGRESS', (from) => {
    it('works without a date', () => {
      expect(checkTransition(from, 'IN_PROGRESS', {}, NOW)).toEqual({ ok: true, value: {} });
      expect(checkTransition(from, 'IN_PROGRESS', { scheduledAt: null }, NOW)).toEqual({
        ok: true,
        value: {},
      });
    });

    it('accepts a date in the future or in the past', () => {
      for (const scheduledAt of [LATER, EARLIER, NOW]) {
        expect(checkTransition(from, 'IN_PROGRESS', { scheduledAt }, NOW)).toEqual({
          ok: true,
          value: { scheduledAt },
        });
      }
    });

    it('rejects an invalid date', () => {
      expect(validationIssues(from, 'IN_PROGRESS', { scheduledAt: new Date(Number.NaN) })).toEqual([
        { field: 'scheduledAt', message: 'The scheduled date is not a valid date' },
      ]);
    });
  });

  describe.each(TO_SUSPENDED)('%s → SUSPENDED', (from) => {
    it('works without a note', () => {
      expect(checkTransition(from, 'SUSPENDED', {}, NOW)).toEqual({ ok: true, value: {} });
      expect(checkTransition(from, 'SUSPENDED', { note: null }, NOW)).toEqual({ ok: true, value: {} });
    });

    it('accepts a one-character note, trimmed', () => {
      expect(checkTransition(from, 'SUSPENDED', { note: '  !  ' }, NOW)).toEqual({
        ok: true,
        value: { note: '!' },
      });
    });

    it('rejects a note that is given but empty', () => {
      for (const note of ['', '   ', '\n\t']) {
        expect(validationIssues(from, 'SUSPENDED', { note })).toEqual([
          { field: 'note', message: 'The note cannot be empty' },
        ]);
      }
    });

    it('rejects a note longer than 10,000 characters', () => {
      expect(checkTransition(from, 'SUSPENDED', { note: 'n'.repeat(10_000) }, NOW).ok).toBe(true);
      expect(validationIssues(from, 'SUSPENDED', { note: 'n'.repeat(10_001) })).toEqual([
        { field: 'note', message: 'The note must be at most 10,000 characters long' },
      ]);
    });
  });
});

describe('fields a transition does not use', () => {
  const VALUES = { solution: 'Replaced the fuser unit.', note: 'Some reason', scheduledAt: LATER };

  const unusedMessage = (field: keyof TransitionInput, from: TicketStatus, to: TicketStatus) =>
    ({
      solution: 'solution is only used when moving to DONE',
      note: `note is not used when moving from ${from} to ${to}`,
      scheduledAt: 'scheduledAt is only used when moving to IN_PROGRESS or RESCHEDULED',
    })[field];

  const CASES = ALLOWED_PAIRS.flatMap(([from, to]) =>
    (['solution', 'note', 'scheduledAt'] as const)
      .filter((field) => expectedRequirements(from, to)[field] === undefined)
      .map((field): [TicketStatus, TicketStatus, keyof TransitionInput] => [from, to, field]),
  );

  it('are 71 (transition, field) combinations', () => {
    // 33 transitions × 3 fields − 28 used: solution 4 (DONE), note 16 (18 required texts minus the
    // 4 solutions, plus 2 optional to SUSPENDED), scheduledAt 8 (2 RESCHEDULED, 6 IN_PROGRESS).
    const used = ALLOWED_PAIRS.reduce((sum, [from, to]) => sum + Object.keys(expectedRequirements(from, to)).length, 0);
    expect(used).toBe(33 * 3 - CASES.length);
    expect(used).toBe(28);
    expect(CASES).toHaveLength(71);
  });

  it.each(CASES)('%s → %s rejects %s', (from, to, field) => {
    const { input } = validInput(from, to);
    expect(validationIssues(from, to, { ...input, [field]: VALUES[field] })).toEqual([
      { field, message: unusedMessage(field, from, to) },
    ]);
  });

  it('rejects an unused field even when it is an empty string', () => {
    expect(validationIssues('NEW', 'AWAITING_INPUT', { note: '' })).toEqual([
      { field: 'note', message: 'note is not used when moving from NEW to AWAITING_INPUT' },
    ]);
  });

  it('treats null as not given', () => {
    const input = { solution: null, note: null, scheduledAt: null };
    expect(checkTransition('NEW', 'AWAITING_INPUT', input, NOW)).toEqual({ ok: true, value: {} });
  });

  it('reports every problem at once, in field order', () => {
    expect(validationIssues('NEW', 'AWAITING_INPUT', VALUES)).toEqual([
      { field: 'solution', message: 'solution is only used when moving to DONE' },
      { field: 'note', message: 'note is not used when moving from NEW to AWAITING_INPUT' },
      { field: 'scheduledAt', message: 'scheduledAt is only used when moving to IN_PROGRESS or RESCHEDULED' },
    ]);
    expect(validationIssues('IN_PROGRESS', 'DONE', { solution: 'short', scheduledAt: EARLIER })).toEqual([
      { field: 'solution', message: 'The solution must be at least 10 characters long' },
      { field: 'scheduledAt', message: 'scheduledAt is only used when moving to IN_PROGRESS or RESCHEDULED' },
    ]);
  });

  it('a note is used when reopening, but not when returning to AWAITING_INPUT from an open status', () => {
    expect(checkTransition('DONE', 'AWAITING_INPUT', { note: 'Printer broke again' }, NOW)).toEqual({
      ok: true,
      value: { note: 'Printer broke again' },
    });
    expect(validationIssues('REQUEST_SENT', 'AWAITING_INPUT', { note: 'Request refused' })).toEqual([
      { field: 'note', message: 'note is not used when moving from REQUEST_SENT to AWAITING_INPUT' },
    ]);
  });
});

describe('checkTransition', () => {
  it('returns a copy of the date, not the caller’s object', () => {
    const scheduledAt = new Date(LATER.getTime());
    const result = checkTransition('IN_PROGRESS', 'RESCHEDULED', { scheduledAt }, NOW);
    if (!result.ok) throw new Error('expected success');
    expect(result.value.scheduledAt).toEqual(LATER);
    expect(result.value.scheduledAt).not.toBe(scheduledAt);
  });

  it('does not modify the input', () => {
    const input = { solution: '  Replaced the fuser unit.  ' };
    checkTransition('IN_PROGRESS', 'DONE', input, NOW);
    expect(input).toEqual({ solution: '  Replaced the fuser unit.  ' });
  });

  it('throws when now is not a valid date (a programming error, not a user one)', () => {
    expect(() => checkTransition('NEW', 'AWAITING_INPUT', {}, new Date('nope'))).toThrow(TypeError);
  });
});

describe('timestampsFor', () => {
  it('DONE sets resolvedAt and closedAt to now', () => {
    expect(timestampsFor('DONE', NOW)).toEqual({ resolvedAt: NOW, closedAt: NOW });
  });

  it('CANCELLED sets closedAt to now and clears resolvedAt', () => {
    expect(timestampsFor('CANCELLED', NOW)).toEqual({ resolvedAt: null, closedAt: NOW });
  });

  it.each(STATUSES.filter((s) => s !== 'DONE' && s !== 'CANCELLED'))('%s clears both', (to) => {
    expect(timestampsFor(to, NOW)).toEqual({ resolvedAt: null, closedAt: null });
  });

  it('leaving DONE or CANCELLED clears both, for every transition out of them', () => {
    for (const from of ['DONE', 'CANCELLED'] as const) {
      for (const to of allowedTransitions(from)) {
        expect(timestampsFor(to, NOW)).toEqual({ resolvedAt: null, closedAt: null });
      }
    }
  });
});
