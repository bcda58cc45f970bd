import type { TicketStatus } from '../index.ts';

/**
 * The moves between ticket statuses, as the help desk allows them (the helpdesk platform guide; the same
 * table as `@sportello/schema`'s domain/lifecycle.ts, which this package cannot import: the schema package
 * depends on this one). The seed refuses any story that does not follow it.
 */
export const STATUS_EDGES: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
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

export const canMove = (from: TicketStatus, to: TicketStatus): boolean => STATUS_EDGES[from].includes(to);

export const isClosed = (status: TicketStatus): boolean => status === 'DONE' || status === 'CANCELLED';

/** Moves that must come with a written note (reason, complaint, changes asked for). */
export function needsNote(from: TicketStatus, to: TicketStatus): boolean {
  if (isClosed(from) && to === 'AWAITING_INPUT') return true; // reopening
  return to === 'CANCELLED' || to === 'CHANGES_REQUESTED' || to === 'COMPLAINT';
}

/** Statuses in which work is done: a paid intervention needs the customer's agreement first. */
export const WORK_STATUSES: readonly TicketStatus[] = ['REQUEST_SENT', 'IN_PROGRESS', 'RESCHEDULED', 'DONE'];
