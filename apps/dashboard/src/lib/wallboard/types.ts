/** What the wallboard shows, independent of how it is fetched (so the state can be tested without a server). */

export type TicketStatus =
  | 'NEW'
  | 'AWAITING_INPUT'
  | 'REQUEST_SENT'
  | 'IN_PROGRESS'
  | 'DONE'
  | 'RESCHEDULED'
  | 'CHANGES_REQUESTED'
  | 'SUSPENDED'
  | 'CANCELLED'
  | 'COMPLAINT';

/** The statuses of an open ticket, in lifecycle order (the columns of the counts panel). */
export const OPEN_STATUSES = [
  'NEW',
  'AWAITING_INPUT',
  'REQUEST_SENT',
  'IN_PROGRESS',
  'RESCHEDULED',
  'CHANGES_REQUESTED',
  'SUSPENDED',
  'COMPLAINT',
] as const satisfies readonly TicketStatus[];

export interface WallboardQueue {
  id: string;
  name: string;
}

export interface WallboardCount {
  queueId: string;
  status: TicketStatus;
  count: number;
}

export interface WallboardCall {
  id: string;
  status: 'RINGING' | 'ACTIVE' | 'ENDED' | 'MISSED';
  callerName: string | null;
  callerNumber: string;
  startedAt: string;
  answeredAt: string | null;
  operator: { id: string; name: string } | null;
  customer: { id: string; name: string } | null;
}

export interface WallboardTicket {
  id: string;
  code: string;
  subject: string;
  status: TicketStatus;
  priority: number;
  createdAt: string;
  queue: WallboardQueue;
  claimedBy: { id: string; name: string } | null;
}

export interface TicketsPicture {
  counts: WallboardCount[];
  /** Open unclaimed tickets, oldest first. */
  unclaimed: WallboardTicket[];
  /** Open claimed tickets. */
  claimed: WallboardTicket[];
  /** Open tickets closest to an SLA deadline, the most urgent first (absent where the API gives no SLA). */
  slaWatch?: SlaWatch[];
}

export interface SlaWatch {
  ticket: WallboardTicket;
  /** The earliest running deadline (ISO date). */
  dueAt: string;
}

export interface StaticPicture {
  me: { id: string; name: string; role: string };
  queues: WallboardQueue[];
}

/** Today's figures; null where there is nothing to measure yet. */
export interface WallboardMetrics {
  /** Median first response time, in milliseconds. */
  firstResponseMs: number | null;
  /** Tickets resolved / tickets opened (may exceed 1). */
  resolutionRate: number | null;
  /** Average customer rating, 1–5. */
  satisfaction: number | null;
}

/** Thrown by a source when the session is missing or expired (extensions.code UNAUTHENTICATED). */
export class UnauthenticatedError extends Error {
  constructor() {
    super('UNAUTHENTICATED');
    this.name = 'UnauthenticatedError';
  }
}

/** Where the wallboard gets its data and its live events from. */
export interface WallboardSource {
  loadStatic(): Promise<StaticPicture>;
  loadTickets(): Promise<TicketsPicture>;
  loadCalls(): Promise<WallboardCall[]>;
  loadMetrics(): Promise<WallboardMetrics>;
  /** Calls `onEvent` for every ticket or call event; returns the function that stops listening. */
  subscribe(onEvent: (kind: 'ticket' | 'call') => void): () => void;
}
