import { describe, expect, it } from 'vitest';
import { contractOf, matchPolicy, validatePolicy, type StoredPolicy } from './policy.ts';

let sequence = 0;
function policy(overrides: Partial<StoredPolicy>): StoredPolicy {
  sequence++;
  return {
    id: `p${sequence}`,
    name: `Policy ${sequence}`,
    position: 0,
    active: true,
    queueId: null,
    priority: null,
    contract: null,
    firstResponseSeconds: 3600,
    nextResponseSeconds: null,
    resolutionSeconds: null,
    calendar: {},
    pausedStatuses: [],
    atRiskFraction: 0.2,
    notifyOnAtRisk: true,
    notifyOnBreach: true,
    raisePriorityOnBreach: true,
    reassignOnBreachToId: null,
    createdAt: new Date(2026, 0, sequence),
    ...overrides,
  };
}

const ticket = (overrides: Partial<Parameters<typeof matchPolicy>[1]> = {}) => ({
  queueId: 'software',
  requestedPriority: 1,
  assessedPriority: null,
  customer: { contractState: 'ACTIVE', contractKind: 'MAINTENANCE_FEE' },
  ...overrides,
});

describe('matchPolicy', () => {
  const catchAll = policy({ name: 'Standard', position: 1000 });
  const urgent = policy({ name: 'Urgent', position: 1, priority: 3 });
  const software = policy({ name: 'Software', position: 2, queueId: 'software' });
  const paid = policy({ name: 'Paid', position: 0, contract: 'NO_CONTRACT' });
  const all = [catchAll, software, urgent, paid];

  it('takes the first matching policy by position', () => {
    expect(matchPolicy(all, ticket())?.name).toBe('Software');
    expect(matchPolicy(all, ticket({ requestedPriority: 3 }))?.name).toBe('Urgent');
    expect(matchPolicy(all, ticket({ queueId: 'hardware' }))?.name).toBe('Standard');
  });

  it('uses the assessed priority once there is one', () => {
    expect(matchPolicy(all, ticket({ requestedPriority: 3, assessedPriority: 1 }))?.name).toBe('Software');
    expect(matchPolicy(all, ticket({ requestedPriority: 0, assessedPriority: 3 }))?.name).toBe('Urgent');
  });

  it('matches customers without an active contract, and tickets without a customer, as NO_CONTRACT', () => {
    expect(contractOf({ customer: null })).toBe('NO_CONTRACT');
    expect(contractOf({ customer: { contractState: 'EXPIRED', contractKind: 'PREPAID_HOURS' } })).toBe('NO_CONTRACT');
    expect(matchPolicy(all, ticket({ customer: null }))?.name).toBe('Paid');
    expect(matchPolicy(all, ticket({ customer: { contractState: 'NONE', contractKind: null } }))?.name).toBe('Paid');
  });

  it('skips inactive policies, breaks position ties by creation, and may match nothing', () => {
    expect(matchPolicy([{ ...software, active: false }, catchAll], ticket())?.name).toBe('Standard');
    const older = policy({ name: 'Older', position: 5, createdAt: new Date(2020, 0, 1) });
    const newer = policy({ name: 'Newer', position: 5, createdAt: new Date(2025, 0, 1) });
    expect(matchPolicy([newer, older], ticket())?.name).toBe('Older');
    expect(matchPolicy([software], ticket({ queueId: 'hardware' }))).toBeNull();
  });
});

describe('validatePolicy', () => {
  it('lists every problem with its field', () => {
    const issues = validatePolicy({
      name: 'x',
      priority: 4,
      resolutionSeconds: 0,
      atRiskFraction: -0.1,
      calendar: { timeZone: 'Mars/Olympus', holidays: { extra: ['2026-02-30'] } },
      pausedStatuses: ['DONE'],
    });
    expect(issues.map((issue) => issue.field)).toEqual([
      'name',
      'priority',
      'resolutionSeconds',
      'atRiskFraction',
      'calendar.timeZone',
      'calendar.holidays.extra.0',
      'pausedStatuses',
    ]);
    expect(validatePolicy({ name: 'Standard', calendar: { alwaysOpen: true }, firstResponseSeconds: 60 })).toEqual([]);
    expect(validatePolicy({ calendar: [] })).toEqual([
      { field: 'calendar', message: 'The calendar must be an object.' },
    ]);
  });
});
