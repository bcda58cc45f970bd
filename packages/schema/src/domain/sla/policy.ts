/**
 * SLA policies: which one applies to a ticket, and how a stored policy becomes the clock's input. Pure functions.
 *
 * - Policies are tried in `position` order (then creation order); the first ACTIVE one whose every criterion
 *   matches applies. A null criterion matches anything.
 * - Priority criterion: the effective priority, i.e. the assessed one once there is one, else the requested one.
 * - Contract criterion: the customer's contract kind when the contract is ACTIVE; NO_CONTRACT for customers without
 *   an active contract and for tickets without a customer.
 */
import {
  createCalendar,
  validateCalendarConfig,
  type BusinessCalendar,
  type BusinessCalendarInput,
} from './calendar.ts';
import type { SlaPolicy as ClockPolicy, TicketStatus } from './clock.ts';

export type ContractMatch = 'MAINTENANCE_FEE' | 'PREPAID_HOURS' | 'HELP_DESK_DIRECT' | 'NO_CONTRACT';

/**
 * Paused by default: CHANGES_REQUESTED (the customer must change something), SUSPENDED and RESCHEDULED (until the
 * new date). AWAITING_INPUT is NOT paused by default: in this help desk it is the status a ticket gets when it is
 * taken in charge ("being evaluated"), i.e. the team is working on it, not waiting on the customer.
 */
export const DEFAULT_PAUSED_STATUSES: readonly TicketStatus[] = ['CHANGES_REQUESTED', 'SUSPENDED', 'RESCHEDULED'];
export const DEFAULT_AT_RISK_FRACTION = 0.2;

export interface StoredPolicy {
  id: string;
  name: string;
  position: number;
  active: boolean;
  queueId: string | null;
  priority: number | null;
  contract: ContractMatch | null;
  firstResponseSeconds: number | null;
  nextResponseSeconds: number | null;
  resolutionSeconds: number | null;
  calendar: unknown;
  pausedStatuses: readonly TicketStatus[];
  atRiskFraction: number;
  notifyOnAtRisk: boolean;
  notifyOnBreach: boolean;
  raisePriorityOnBreach: boolean;
  reassignOnBreachToId: string | null;
  createdAt: Date;
}

export interface TicketFacts {
  queueId: string;
  requestedPriority: number;
  assessedPriority: number | null;
  customer: { contractState: string; contractKind: string | null } | null;
}

export function contractOf(ticket: Pick<TicketFacts, 'customer'>): ContractMatch | null {
  const customer = ticket.customer;
  if (!customer || customer.contractState !== 'ACTIVE') return 'NO_CONTRACT';
  return (customer.contractKind as ContractMatch | null) ?? null;
}

export const effectivePriority = (ticket: Pick<TicketFacts, 'requestedPriority' | 'assessedPriority'>) =>
  ticket.assessedPriority ?? ticket.requestedPriority;

export function sortPolicies<T extends Pick<StoredPolicy, 'position' | 'createdAt' | 'id'>>(policies: readonly T[]) {
  return [...policies].sort(
    (a, b) =>
      a.position - b.position ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The first active policy (in order) matching the ticket, or null. */
export function matchPolicy<T extends StoredPolicy>(policies: readonly T[], ticket: TicketFacts): T | null {
  const priority = effectivePriority(ticket);
  const contract = contractOf(ticket);
  for (const policy of sortPolicies(policies)) {
    if (!policy.active) continue;
    if (policy.queueId !== null && policy.queueId !== ticket.queueId) continue;
    if (policy.priority !== null && policy.priority !== priority) continue;
    if (policy.contract !== null && policy.contract !== contract) continue;
    return policy;
  }
  return null;
}

/** Per policy row: a page of tickets evaluates them against the same few rows. */
const clockPolicies = new WeakMap<StoredPolicy, ClockPolicy>();
export function clockPolicyOf(policy: StoredPolicy): ClockPolicy {
  let clockPolicy = clockPolicies.get(policy);
  if (!clockPolicy) clockPolicies.set(policy, (clockPolicy = toClockPolicy(policy)));
  return clockPolicy;
}

function toClockPolicy(policy: StoredPolicy): ClockPolicy {
  return {
    ...(policy.firstResponseSeconds != null ? { firstResponseSeconds: policy.firstResponseSeconds } : {}),
    ...(policy.nextResponseSeconds != null ? { nextResponseSeconds: policy.nextResponseSeconds } : {}),
    ...(policy.resolutionSeconds != null ? { resolutionSeconds: policy.resolutionSeconds } : {}),
    pausedStatuses: policy.pausedStatuses,
    atRiskFraction: policy.atRiskFraction,
  };
}

const calendars = new Map<string, BusinessCalendar>();
const calendarsOfRows = new WeakMap<Pick<StoredPolicy, 'calendar'>, BusinessCalendar>();
/**
 * The policy's calendar, built once per distinct config, so that what it learns (offsets, open days) serves every
 * later reading of the same config. Stored configs were validated when saved.
 */
export function calendarOf(policy: Pick<StoredPolicy, 'calendar'>): BusinessCalendar {
  let calendar = calendarsOfRows.get(policy);
  if (!calendar) calendarsOfRows.set(policy, (calendar = calendarOfConfig(policy.calendar)));
  return calendar;
}

function calendarOfConfig(config: unknown): BusinessCalendar {
  const key = JSON.stringify(config ?? {});
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = createCalendar((config ?? {}) as BusinessCalendarInput);
    if (calendars.size > 200) calendars.clear();
    calendars.set(key, calendar);
  }
  return calendar;
}

export interface PolicyIssue {
  field: string;
  message: string;
}

/** Checks a policy's editable values; an empty list means valid. Calendar warnings are not errors. */
export function validatePolicy(input: {
  name?: string | null;
  priority?: number | null;
  firstResponseSeconds?: number | null;
  nextResponseSeconds?: number | null;
  resolutionSeconds?: number | null;
  atRiskFraction?: number | null;
  calendar?: unknown;
  pausedStatuses?: readonly string[] | null;
}): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  if (input.name !== undefined && (!input.name || input.name.trim().length < 2 || input.name.trim().length > 120))
    issues.push({ field: 'name', message: 'The name must be 2 to 120 characters.' });
  if (input.priority != null && !(Number.isInteger(input.priority) && input.priority >= 0 && input.priority <= 3))
    issues.push({ field: 'priority', message: 'The priority goes from 0 to 3 stars.' });
  for (const field of ['firstResponseSeconds', 'nextResponseSeconds', 'resolutionSeconds'] as const) {
    const value = input[field];
    if (value != null && !(Number.isInteger(value) && value > 0 && value <= 366 * 86_400))
      issues.push({ field, message: 'A target is a whole number of seconds, more than 0 and at most one year.' });
  }
  if (input.atRiskFraction != null && !(input.atRiskFraction >= 0 && input.atRiskFraction <= 1))
    issues.push({ field: 'atRiskFraction', message: 'The at-risk fraction goes from 0 to 1.' });
  if (input.calendar !== undefined) {
    const calendar = input.calendar;
    if (calendar === null || typeof calendar !== 'object' || Array.isArray(calendar)) {
      issues.push({ field: 'calendar', message: 'The calendar must be an object.' });
    } else {
      try {
        for (const issue of validateCalendarConfig(calendar as BusinessCalendarInput)) {
          if (issue.severity === 'error') issues.push({ field: `calendar.${issue.path}`, message: issue.message });
        }
      } catch {
        issues.push({ field: 'calendar', message: 'The calendar is not a valid calendar configuration.' });
      }
    }
  }
  if (input.pausedStatuses?.some((status) => status === 'DONE' || status === 'CANCELLED'))
    issues.push({ field: 'pausedStatuses', message: 'Closed statuses stop the clock already: do not list them.' });
  return issues;
}
