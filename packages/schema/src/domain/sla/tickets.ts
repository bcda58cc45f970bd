/**
 * SLA of stored tickets: loads the histories of many tickets in a few queries (one per kind of row, whatever the
 * number of tickets) and evaluates them with the pure clock.
 *
 * History, from the database:
 * - status changes: every timeline entry with `field = 'status'` and both values (STATUS_CHANGED, AUTO_CLOSED),
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

const ticketSelect = {
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
  queue: { select: { autoCloseDays: true } },
  customer: { select: { contractState: true, contractKind: true } },
} as const satisfies Prisma.TicketSelect;

export async function loadPolicies(client: Client): Promise<StoredPolicy[]> {
  return client.slaPolicy.findMany({ orderBy: [{ position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] });
}

/** Tickets and their SLA histories: three queries for any number of tickets. */
export async function loadTickets(client: Client, ticketIds: readonly string[]): Promise<Map<string, LoadedTicket>> {
  const ids = [...new Set(ticketIds)];
  const result = new Map<string, LoadedTicket>();
  if (ids.length === 0) return result;
  const ticketsQuery = () => client.ticket.findMany({ where: { id: { in: ids } }, select: ticketSelect });
  const eventsQuery = () =>
    client.ticketEvent.findMany({
      where: {
        ticketId: { in: ids },
        type: { in: ['CREATED', 'STATUS_CHANGED', 'AUTO_CLOSED', 'CLAIMED', 'REASSIGNED'] },
      },
      select: { ticketId: true, type: true, field: true, fromValue: true, toValue: true, data: true, createdAt: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  const notesQuery = () =>
    client.note.findMany({
      where: { ticketId: { in: ids } },
      select: { ticketId: true, visibility: true, createdAt: true, author: { select: { role: true } } },
      orderBy: { createdAt: 'asc' },
    });
  // At once on the pool; in turn inside a transaction, whose one connection pg does not share between queries.
  const [tickets, events, notes] =
    '$transaction' in client
      ? await Promise.all([ticketsQuery(), eventsQuery(), notesQuery()])
      : [await ticketsQuery(), await eventsQuery(), await notesQuery()];
  const eventsOf = groupBy(events, (event) => event.ticketId);
  const notesOf = groupBy(notes, (note) => note.ticketId);
  for (const ticket of tickets) {
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
    for (const event of eventsOf.get(ticket.id) ?? []) {
      const data = (event.data ?? {}) as { scheduledAt?: string; status?: { to?: string } };
      if (event.type === 'CREATED') {
        initialStatus = (event.toValue as TicketStatus | null) ?? 'NEW';
        status = initialStatus;
      } else if (event.field === 'status' && event.toValue) {
        move(event.createdAt, event.toValue as TicketStatus, data.scheduledAt ? new Date(data.scheduledAt) : null);
      } else if (event.type === 'CLAIMED' && data.status?.to) {
        move(event.createdAt, data.status.to as TicketStatus);
      } else if (event.type === 'REASSIGNED' && event.toValue && status === 'NEW') {
        move(event.createdAt, 'AWAITING_INPUT');
      }
    }
    const agentResponses: Date[] = [];
    const customerMessages: Date[] = [];
    let lastStaffPublicNoteAt: Date | null = null;
    let lastCustomerMessageAt: Date | null = null;
    for (const note of notesOf.get(ticket.id) ?? []) {
      if (!note.author) continue; // written by the system (automatic closure)
      if (note.author.role === 'CUSTOMER') {
        customerMessages.push(note.createdAt);
        lastCustomerMessageAt = note.createdAt;
      } else if (note.visibility === 'PUBLIC') {
        agentResponses.push(note.createdAt);
        lastStaffPublicNoteAt = note.createdAt;
      }
    }
    if (ticket.firstResponseAt) agentResponses.push(ticket.firstResponseAt);
    if (ticket.lastCustomerActivityAt) {
      customerMessages.push(ticket.lastCustomerActivityAt);
      if (!lastCustomerMessageAt || ticket.lastCustomerActivityAt > lastCustomerMessageAt)
        lastCustomerMessageAt = ticket.lastCustomerActivityAt;
    }
    result.set(ticket.id, {
      ticket: ticket as SlaTicket,
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
    });
  }
  return result;
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

function groupBy<T>(items: readonly T[], key: (item: T) => string) {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
