/**
 * SLA of stored tickets: reads the history each ticket keeps of itself (`Ticket.slaHistory`, appended by triggers
 * on its timeline and notes) and evaluates it with the pure clock.
 *
 * History entries:
 * - status changes: every timeline entry with `field = 'status'` and a new value (STATUS_CHANGED, AUTO_CLOSED),
 *   the NEW → AWAITING_INPUT move of a claim, and of a reassignment of a NEW ticket;
 * - agent responses: PUBLIC notes written by staff, and `firstResponseAt` (a phone call answered on the spot);
 * - customer messages: notes written by customers, and `lastCustomerActivityAt`.
 */
import type { Prisma, PrismaClient } from '@sportello/db';
import type { StatusChange, TicketSlaHistory, TicketStatus } from './clock.ts';
import { evaluateSla, type SlaStatus } from './clock.ts';
import { calendarOf, clockPolicyOf, matchPolicy, type StoredPolicy } from './policy.ts';

type Client = Prisma.TransactionClient | PrismaClient;

export interface SlaTicket {
  id: string;
  queueId: string;
  customerId: string | null;
  status: TicketStatus;
  requestedPriority: number;
  assessedPriority: number | null;
  claimedById: string | null;
  createdAt: Date;
  firstResponseAt: Date | null;
  lastCustomerActivityAt: Date | null;
  version: number;
  queue: { autoCloseDays: number };
  customer: { contractState: string; contractKind: string | null } | null;
}

export interface LoadedTicket {
  ticket: SlaTicket;
  history: TicketSlaHistory;
  /** Staff PUBLIC notes and customer notes, for the auto-close rule. */
  lastStaffPublicNoteAt: Date | null;
  lastCustomerMessageAt: Date | null;
  /** When the ticket entered its current status. */
  statusSince: Date;
}

/** An entry of `Ticket.slaHistory`, as the migration 'sla_history' writes it (`at` in epoch milliseconds). */
type SlaHistoryEntry =
  | { at: number; note: 'agent' | 'customer' }
  | { at: number; id: string; type: string; field?: string; to?: string; scheduledAt?: string; claimTo?: string };

/** What evaluating a ticket's SLA reads from its row: a query's `select`, or a GraphQL field's. */
export const slaTicketSelect = {
  id: true,
  queueId: true,
  customerId: true,
  status: true,
  requestedPriority: true,
  assessedPriority: true,
  claimedById: true,
  createdAt: true,
  firstResponseAt: true,
  lastCustomerActivityAt: true,
  version: true,
  slaHistory: true,
  queue: { select: { autoCloseDays: true } },
  customer: { select: { contractState: true, contractKind: true } },
} as const satisfies Prisma.TicketSelect;

export type SlaTicketRow = SlaTicket & { slaHistory: Prisma.JsonValue };

export async function loadPolicies(client: Client): Promise<StoredPolicy[]> {
  return client.slaPolicy.findMany({ orderBy: [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] });
}

/** Tickets and their SLA histories, in one query. */
export async function loadTickets(client: Client, ticketIds: readonly string[]): Promise<Map<string, LoadedTicket>> {
  const ids = [...new Set(ticketIds)];
  if (ids.length === 0) return new Map();
  const tickets = await client.ticket.findMany({ where: { id: { in: ids } }, select: slaTicketSelect });
  return new Map(tickets.map((ticket) => [ticket.id, loadedTicketOf(ticket)]));
}

/** A ticket row with its history, folded into what the clock and the automation rules read. */
export function loadedTicketOf(row: SlaTicketRow): LoadedTicket {
  const { slaHistory, ...ticket } = row;
  const entries = slaHistory as SlaHistoryEntry[];
  const events = entries
    .filter((entry) => 'type' in entry)
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let status: TicketStatus = 'NEW';
  let initialStatus: TicketStatus | undefined;
  let statusSince = ticket.createdAt;
  const statusChanges: StatusChange[] = [];
  const move = (at: Date, to: TicketStatus, scheduledAt?: Date | null) => {
    if (to === status) return;
    statusChanges.push({ at, from: status, to, ...(scheduledAt ? { scheduledAt } : {}) });
    status = to;
    statusSince = at;
  };
  for (const event of events) {
    const at = new Date(event.at);
    if (event.type === 'CREATED') {
      initialStatus = (event.to as TicketStatus | undefined) ?? 'NEW';
      status = initialStatus;
    } else if (event.field === 'status' && event.to) {
      move(at, event.to as TicketStatus, event.scheduledAt ? new Date(event.scheduledAt) : null);
    } else if (event.type === 'CLAIMED' && event.claimTo) {
      move(at, event.claimTo as TicketStatus);
    } else if (event.type === 'REASSIGNED' && event.to && status === 'NEW') {
      move(at, 'AWAITING_INPUT');
    }
  }
  const agentResponses: Date[] = [];
  const customerMessages: Date[] = [];
  let lastStaffPublicNoteAt: Date | null = null;
  let lastCustomerMessageAt: Date | null = null;
  const replies = entries.filter((entry) => 'note' in entry).sort((a, b) => a.at - b.at);
  for (const reply of replies) {
    const at = new Date(reply.at);
    if (reply.note === 'customer') {
      customerMessages.push(at);
      lastCustomerMessageAt = at;
    } else {
      agentResponses.push(at);
      lastStaffPublicNoteAt = at;
    }
  }
  if (ticket.firstResponseAt) agentResponses.push(ticket.firstResponseAt);
  if (ticket.lastCustomerActivityAt) {
    customerMessages.push(ticket.lastCustomerActivityAt);
    if (!lastCustomerMessageAt || ticket.lastCustomerActivityAt > lastCustomerMessageAt)
      lastCustomerMessageAt = ticket.lastCustomerActivityAt;
  }
  return {
    ticket,
    history: {
      createdAt: ticket.createdAt,
      ...(initialStatus ? { initialStatus } : {}),
      statusChanges,
      agentResponses,
      customerMessages,
    },
    lastStaffPublicNoteAt,
    lastCustomerMessageAt,
    statusSince,
  };
}

export interface TicketSla {
  policy: StoredPolicy;
  status: SlaStatus;
}

/** The SLA of a loaded ticket at `now` (clamped to its creation), or null when no policy applies. */
export function slaOf(loaded: LoadedTicket, policies: readonly StoredPolicy[], now: Date): TicketSla | null {
  const policy = matchPolicy(policies, loaded.ticket);
  if (!policy) return null;
  const at = now < loaded.ticket.createdAt ? loaded.ticket.createdAt : now;
  return {
    policy,
    status: evaluateSla({
      policy: clockPolicyOf(policy),
      calendar: calendarOf(policy),
      history: loaded.history,
      now: at,
    }),
  };
}
