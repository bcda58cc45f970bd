import type { Client, CombinedError } from '@urql/core';
import { graphql } from '$lib/graphql/graphql';
import {
  UnauthenticatedError,
  type StaticPicture,
  type TicketsPicture,
  type WallboardCall,
  type WallboardMetrics,
  type WallboardSource,
  type WallboardTicket,
  type SlaWatch,
} from './types';

const StaticQuery = graphql(`
  query WallboardStatic {
    me {
      id
      name
      role
    }
    queues {
      id
      name
    }
  }
`);

const TicketsQuery = graphql(`
  query WallboardTickets {
    ticketCounts(filter: { open: true }) {
      queueId
      status
      count
    }
    unclaimed: tickets(
      filter: { open: true, unclaimed: true }
      orderBy: { field: CREATED_AT, direction: ASC }
      first: 50
    ) {
      edges {
        node {
          id
          code
          subject
          status
          priority
          createdAt
          queue {
            id
            name
          }
          claimedBy {
            id
            name
          }
          sla {
            firstResponse {
              state
              dueAt
            }
            nextResponse {
              state
              dueAt
            }
            resolution {
              state
              dueAt
            }
          }
        }
      }
    }
    open: tickets(filter: { open: true }, orderBy: { field: UPDATED_AT, direction: DESC }, first: 100) {
      edges {
        node {
          id
          code
          subject
          status
          priority
          createdAt
          queue {
            id
            name
          }
          claimedBy {
            id
            name
          }
          sla {
            firstResponse {
              state
              dueAt
            }
            nextResponse {
              state
              dueAt
            }
            resolution {
              state
              dueAt
            }
          }
        }
      }
    }
  }
`);

const CallsQuery = graphql(`
  query WallboardCalls {
    calls {
      id
      status
      callerName
      callerNumber
      startedAt
      answeredAt
      operator {
        id
        name
      }
      customer {
        id
        name
      }
    }
  }
`);

const MetricsQuery = graphql(`
  query WallboardMetrics {
    metrics(window: { period: TODAY }) {
      firstResponseTime {
        median
      }
      resolutionRate
      satisfaction {
        averageScore
      }
    }
  }
`);

const TicketEventsSubscription = graphql(`
  subscription WallboardTicketEvents {
    ticketEvents {
      id
      type
    }
  }
`);

const CallEventsSubscription = graphql(`
  subscription WallboardCallEvents {
    callEvents {
      id
      status
    }
  }
`);

type SlaTarget = { state: string; dueAt: string | null } | null;

/**
 * The open tickets closest to an SLA deadline, the most urgent (or most overdue) first: for each ticket the
 * earliest due instant among its targets that are still running, at risk or breached (met and paused ones have
 * no deadline running).
 */
export function nearestSlaDeadlines(
  tickets: Array<
    WallboardTicket & { sla: { firstResponse: SlaTarget; nextResponse: SlaTarget; resolution: SlaTarget } | null }
  >,
  limit = 6,
): SlaWatch[] {
  const watch = new Map<string, SlaWatch>();
  for (const { sla, ...ticket } of tickets) {
    const dues = [sla?.firstResponse, sla?.nextResponse, sla?.resolution]
      .filter((target) => target && target.dueAt && target.state !== 'MET' && target.state !== 'PAUSED')
      .map((target) => target!.dueAt!)
      .sort((a, b) => Date.parse(a) - Date.parse(b));
    if (dues[0] && !watch.has(ticket.id)) watch.set(ticket.id, { ticket, dueAt: dues[0] });
  }
  return [...watch.values()].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)).slice(0, limit);
}

function failure(error: CombinedError): Error {
  if (error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return new UnauthenticatedError();
  return error;
}

/** The wallboard's data from the API, through the dashboard's urql client (always from the network). */
export function createUrqlSource(client: Client): WallboardSource {
  async function run<T>(promise: Promise<{ data?: T; error?: CombinedError }>): Promise<T> {
    const result = await promise;
    if (result.error) throw failure(result.error);
    if (!result.data) throw new Error('No data');
    return result.data;
  }
  const options = { requestPolicy: 'network-only' } as const;

  return {
    async loadStatic(): Promise<StaticPicture> {
      const data = await run(client.query(StaticQuery, {}, options).toPromise());
      return { me: data.me, queues: data.queues };
    },
    async loadTickets(): Promise<TicketsPicture> {
      const data = await run(client.query(TicketsQuery, {}, options).toPromise());
      return {
        counts: data.ticketCounts,
        unclaimed: data.unclaimed.edges.map((e) => e.node),
        claimed: data.open.edges.map((e) => e.node).filter((t) => t.claimedBy !== null),
        slaWatch: nearestSlaDeadlines([...data.unclaimed.edges, ...data.open.edges].map((e) => e.node)),
      };
    },
    async loadCalls(): Promise<WallboardCall[]> {
      const data = await run(client.query(CallsQuery, {}, options).toPromise());
      return data.calls;
    },
    async loadMetrics(): Promise<WallboardMetrics> {
      const { metrics } = await run(client.query(MetricsQuery, {}, options).toPromise());
      const median = metrics.firstResponseTime.median;
      return {
        firstResponseMs: median === null ? null : median * 1000,
        resolutionRate: metrics.resolutionRate,
        satisfaction: metrics.satisfaction.averageScore,
      };
    },
    subscribe(onEvent) {
      const tickets = client.subscription(TicketEventsSubscription, {}).subscribe((result) => {
        if (result.data) onEvent('ticket');
      });
      const calls = client.subscription(CallEventsSubscription, {}).subscribe((result) => {
        if (result.data) onEvent('call');
      });
      return () => {
        tickets.unsubscribe();
        calls.unsubscribe();
      };
    },
  };
}
