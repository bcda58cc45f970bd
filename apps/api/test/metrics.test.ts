import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketStatus } from '@sportello/db';
import { CREATE_TICKET, startTestApi, ticketInput, type TestApi } from './harness.ts';

type User = Awaited<ReturnType<TestApi['fixtures']['user']>>;

let api: TestApi;
let supervisor: User;
let opA: User;
let opB: User;
let q1: string;
let q2: string;
const clients: Client[] = [];

/** The fixed window of the hand-computed figures: 10 March 2026, UTC. */
const W_FROM = new Date('2026-03-10T00:00:00.000Z');
const W_TO = new Date('2026-03-11T00:00:00.000Z');
const WINDOW = { period: 'CUSTOM', from: W_FROM.toISOString(), to: W_TO.toISOString() };
const at = (iso: string) => new Date(iso);
const plus = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

let sequence = 0;
/** A ticket written straight into the database, with exact timestamps and its CREATED event. */
async function insertTicket(options: {
  queueId: string;
  createdAt: Date;
  status: TicketStatus;
  claimedBy?: User | null;
  firstResponseAfter?: number | null;
  resolvedAfter?: number | null;
  closedAfter?: number | null;
  solvedDuringCall?: boolean;
  rating?: number | null;
  /** SLA events the automation worker would have recorded. */
  sla?: 'MET' | 'BREACHED';
}) {
  const { createdAt } = options;
  const ticket = await api.db.ticket.create({
    data: {
      queueId: options.queueId,
      channel: 'PHONE',
      subject: `Metriche ${++sequence}`,
      placeAndWhat: 'Sede di Lecco',
      description: 'Ticket costruito per il calcolo delle metriche.',
      status: options.status,
      claimedById: options.claimedBy?.id ?? null,
      claimedAt: options.claimedBy ? createdAt : null,
      createdAt,
      firstResponseAt: options.firstResponseAfter != null ? plus(createdAt, options.firstResponseAfter) : null,
      resolvedAt: options.resolvedAfter != null ? plus(createdAt, options.resolvedAfter) : null,
      closedAt: options.closedAfter != null ? plus(createdAt, options.closedAfter) : null,
    },
  });
  await api.db.ticketEvent.create({
    data: {
      ticketId: ticket.id,
      type: 'CREATED',
      field: 'status',
      toValue: options.solvedDuringCall ? 'DONE' : 'NEW',
      data: { channel: 'PHONE', ...(options.solvedDuringCall ? { solvedDuringCall: true } : {}) },
      createdAt,
    },
  });
  if (options.sla) {
    await api.db.ticketEvent.createMany({
      data: [
        { ticketId: ticket.id, type: 'SLA_STARTED', internal: true, createdAt },
        { ticketId: ticket.id, type: `SLA_${options.sla}`, internal: true, createdAt: plus(createdAt, 60) },
      ],
    });
  }
  if (options.rating != null) {
    await api.db.rating.create({ data: { ticketId: ticket.id, score: options.rating } });
  }
  return ticket;
}

const METRICS = /* GraphQL */ `
  query ($window: MetricsWindowInput!, $queueId: ID, $operatorId: ID) {
    metrics(window: $window, queueId: $queueId, operatorId: $operatorId) {
      from
      to
      ticketsOpened
      ticketsResolved
      ticketsClosed
      firstResponseTime {
        count
        median
        p90
      }
      resolutionTime {
        count
        median
        p90
      }
      resolutionRate
      firstContactResolved
      firstContactResolution
      slaTickets
      slaMet
      slaCompliance
      backlog {
        queueId
        queue {
          name
        }
        status
        count
      }
      operators {
        operator {
          id
        }
        claimedOpen
        resolved
      }
      satisfaction {
        averageScore
        rated
        closed
        responseRate
      }
    }
  }
`;

async function metrics(variables: Record<string, unknown>, token = supervisor.token) {
  const result = await api.graphql(METRICS, variables, { token });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.metrics;
}

beforeAll(async () => {
  api = await startTestApi();
  [supervisor, opA, opB] = await Promise.all([
    api.fixtures.user('SUPERVISOR'),
    api.fixtures.user('OPERATOR', { name: 'A Operatore' }),
    api.fixtures.user('OPERATOR', { name: 'B Operatore' }),
  ]);
  q1 = (await api.fixtures.queue('Q1 metriche')).id;
  q2 = (await api.fixtures.queue('Q2 metriche')).id;

  // Queue 1. Opened in the window: T1–T4. Resolved in the window: T0 (opened the day before), T1, T3.
  // Closed in the window: T0, T1, T2 (cancelled), T3. First responses in the window: T1–T4.
  await insertTicket({
    queueId: q1, // T0
    createdAt: at('2026-03-09T12:00:00Z'),
    status: 'DONE',
    claimedBy: opA,
    firstResponseAfter: 600, // the day before: outside
    resolvedAfter: 86_400,
    closedAfter: 86_400,
    rating: 4,
  });
  await insertTicket({
    queueId: q1, // T1
    createdAt: at('2026-03-10T08:00:00Z'),
    status: 'DONE',
    claimedBy: opA,
    firstResponseAfter: 60,
    resolvedAfter: 3_600,
    closedAfter: 3_600,
    rating: 5,
    sla: 'MET',
  });
  await insertTicket({
    queueId: q1, // T2
    createdAt: at('2026-03-10T09:00:00Z'),
    status: 'CANCELLED',
    claimedBy: opA,
    firstResponseAfter: 120,
    closedAfter: 7_200,
    sla: 'BREACHED',
  });
  await insertTicket({
    queueId: q1, // T3: solved during the call
    createdAt: at('2026-03-10T10:00:00Z'),
    status: 'DONE',
    claimedBy: opB,
    firstResponseAfter: 0,
    resolvedAfter: 0,
    closedAfter: 0,
    solvedDuringCall: true,
  });
  await insertTicket({
    queueId: q1, // T4
    createdAt: at('2026-03-10T11:00:00Z'),
    status: 'AWAITING_INPUT',
    claimedBy: opB,
    firstResponseAfter: 300,
  });
  // Just outside the window, on both sides (and created DONE, rated: none of it may count).
  for (const createdAt of [at('2026-03-09T23:59:59.999Z'), W_TO]) {
    await insertTicket({
      queueId: q1,
      createdAt,
      status: 'DONE',
      firstResponseAfter: 0,
      resolvedAfter: 0,
      closedAfter: 0,
      solvedDuringCall: true,
      rating: 1,
    });
  }
  // Open since before the window, held by A; and one waiting in the queue, unclaimed.
  await insertTicket({
    queueId: q1,
    createdAt: at('2026-03-01T09:00:00Z'),
    status: 'IN_PROGRESS',
    claimedBy: opA,
    firstResponseAfter: 30,
  });
  await insertTicket({ queueId: q1, createdAt: at('2026-03-02T09:00:00Z'), status: 'NEW' });
  // Queue 2: one ticket of A, opened and resolved in the window, rated 1.
  await insertTicket({
    queueId: q2,
    createdAt: at('2026-03-10T15:00:00Z'),
    status: 'DONE',
    claimedBy: opA,
    firstResponseAfter: 1_000,
    resolvedAfter: 2_000,
    closedAfter: 2_000,
    rating: 1,
  });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await api?.stop();
});

describe('metrics on a data set computed by hand', () => {
  it('gives the figures of one queue', async () => {
    const figures = await metrics({ window: WINDOW, queueId: q1 });
    expect(figures).toEqual({
      from: W_FROM.toISOString(),
      to: W_TO.toISOString(),
      ticketsOpened: 4,
      ticketsResolved: 3,
      ticketsClosed: 4,
      // First responses 0, 60, 120, 300 s: median (60 + 120) / 2; p90 at rank 2.7: 120 + 0.7 × 180.
      firstResponseTime: { count: 4, median: 90, p90: 246 },
      // Resolutions 0, 3600, 86400 s: median 3600; p90 at rank 1.8: 3600 + 0.8 × 82800.
      resolutionTime: { count: 3, median: 3_600, p90: 69_840 },
      resolutionRate: 0.75,
      firstContactResolved: 1,
      firstContactResolution: 0.25,
      // Of the closed tickets, T1 met its SLA and T2 breached it; T0 and T3 had none.
      slaTickets: 2,
      slaMet: 1,
      slaCompliance: 0.5,
      backlog: [
        { queueId: q1, queue: { name: 'Q1 metriche' }, status: 'NEW', count: 1 },
        { queueId: q1, queue: { name: 'Q1 metriche' }, status: 'AWAITING_INPUT', count: 1 },
        { queueId: q1, queue: { name: 'Q1 metriche' }, status: 'IN_PROGRESS', count: 1 },
      ],
      operators: [
        // A: holds the old IN_PROGRESS one; resolved T0 and T1. B: holds T4; resolved T3.
        { operator: { id: opA.id }, claimedOpen: 1, resolved: 2 },
        { operator: { id: opB.id }, claimedOpen: 1, resolved: 1 },
      ],
      // T0 (4) and T1 (5) rated, T2 and T3 not: 4.5, 2 of 4.
      satisfaction: { averageScore: 4.5, rated: 2, closed: 4, responseRate: 0.5 },
    });
  });

  it('gives the figures of one operator, in one queue and in all', async () => {
    const inQueue = await metrics({ window: WINDOW, queueId: q1, operatorId: opA.id });
    expect(inQueue).toMatchObject({
      ticketsOpened: 2, // T1, T2
      ticketsResolved: 2, // T0, T1
      ticketsClosed: 3, // T0, T1, T2
      firstResponseTime: { count: 2, median: 90, p90: 114 }, // 60, 120
      resolutionTime: { count: 2, median: 45_000, p90: 78_120 }, // 3600, 86400
      resolutionRate: 1,
      firstContactResolved: 0,
      firstContactResolution: 0,
      backlog: [{ queueId: q1, status: 'IN_PROGRESS', count: 1 }],
      operators: [{ operator: { id: opA.id }, claimedOpen: 1, resolved: 2 }],
      satisfaction: { averageScore: 4.5, rated: 2, closed: 3, responseRate: 2 / 3 },
    });
    const everywhere = await metrics({ window: WINDOW, operatorId: opA.id });
    expect(everywhere).toMatchObject({
      ticketsOpened: 3, // T1, T2, Q2's
      ticketsResolved: 3, // T0, T1, Q2's
      firstResponseTime: { count: 3, median: 120 }, // 60, 120, 1000
      resolutionTime: { count: 3, median: 3_600 }, // 2000, 3600, 86400
      resolutionRate: 1,
      operators: [{ operator: { id: opA.id }, claimedOpen: 1, resolved: 3 }],
      satisfaction: { averageScore: 10 / 3, rated: 3, closed: 4, responseRate: 0.75 },
    });
    const b = await metrics({ window: WINDOW, operatorId: opB.id });
    expect(b).toMatchObject({
      ticketsOpened: 2,
      ticketsResolved: 1,
      firstResponseTime: { count: 2, median: 150, p90: 270 }, // 0, 300
      resolutionTime: { count: 1, median: 0, p90: 0 },
      resolutionRate: 0.5,
      firstContactResolution: 0.5,
      satisfaction: { averageScore: null, rated: 0, closed: 1, responseRate: 0 },
    });
  });

  it('gives the figures of the other queue, and of nothing when the window is empty', async () => {
    const other = await metrics({ window: WINDOW, queueId: q2 });
    expect(other).toMatchObject({
      ticketsOpened: 1,
      ticketsResolved: 1,
      firstResponseTime: { count: 1, median: 1_000, p90: 1_000 },
      resolutionTime: { count: 1, median: 2_000, p90: 2_000 },
      slaCompliance: null,
      backlog: [],
      operators: [{ operator: { id: opA.id }, claimedOpen: 0, resolved: 1 }],
      satisfaction: { averageScore: 1, rated: 1, closed: 1, responseRate: 1 },
    });
    const empty = await metrics({
      window: { period: 'CUSTOM', from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' },
      queueId: q1,
    });
    expect(empty).toMatchObject({
      ticketsOpened: 0,
      ticketsResolved: 0,
      firstResponseTime: { count: 0, median: null, p90: null },
      resolutionTime: { count: 0, median: null, p90: null },
      resolutionRate: null,
      firstContactResolution: null,
      satisfaction: { averageScore: null, rated: 0, closed: 0, responseRate: null },
    });
  });

  it('moves the window by a millisecond: the tickets on its edges come in and out', async () => {
    // Starting 1 ms earlier takes in the ticket created at 23:59:59.999; ending 1 ms later the one at midnight.
    const wider = await metrics({
      window: { period: 'CUSTOM', from: '2026-03-09T23:59:59.999Z', to: '2026-03-11T00:00:00.001Z' },
      queueId: q1,
    });
    expect(wider).toMatchObject({ ticketsOpened: 6, firstContactResolved: 3, ticketsResolved: 5 });
    expect(wider.satisfaction).toEqual({ averageScore: 11 / 4, rated: 4, closed: 6, responseRate: 4 / 6 });
  });

  it('refuses a bad window, and anybody but staff', async () => {
    const reversed = await api.graphql(
      METRICS,
      { window: { period: 'CUSTOM', from: W_TO.toISOString(), to: W_FROM.toISOString() } },
      { token: supervisor.token },
    );
    expect(reversed.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const missing = await api.graphql(METRICS, { window: { period: 'CUSTOM' } }, { token: supervisor.token });
    expect(missing.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const customer = await api.fixtures.user('CUSTOMER', { customerId: (await api.fixtures.customer()).id });
    const refused = await api.graphql(METRICS, { window: WINDOW }, { token: customer.token });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await api.graphql(METRICS, { window: WINDOW });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('counts what happened today, in Rome', async () => {
    const queue = await api.fixtures.queue();
    const created = await api.graphql(
      CREATE_TICKET,
      { input: ticketInput(queue.id, { solution: 'Risolto al telefono riavviando il router.' }) },
      { token: opA.token },
    );
    expect(created.errors).toBeUndefined();
    const today = await metrics({ window: { period: 'TODAY' }, queueId: queue.id });
    expect(today).toMatchObject({ ticketsOpened: 1, ticketsResolved: 1, firstContactResolution: 1 });
    expect(new Date(today.from).getTime()).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - new Date(today.from).getTime()).toBeLessThanOrEqual(25 * 3_600_000);
  });
});

describe('the queries', () => {
  it('are planned on the indexes of their cohorts', async () => {
    const { metricsQueries } = await import('@sportello/schema/domain/metrics/compute');
    // Without many rows the planner prefers sequential scans; forbidding them shows which indexes are usable.
    const queries = metricsQueries({ from: W_FROM, to: W_TO }, { queueId: q1 });
    const plans: Record<string, string> = {};
    await api.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      for (const [name, query] of Object.entries(queries)) {
        const explained = await tx.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(
          `EXPLAIN ${query.text}`,
          ...query.values,
        );
        plans[name] = explained.map((row) => row['QUERY PLAN']).join('\n');
      }
    });
    const all = Object.values(plans).join('\n');
    // Each cohort on its own covering index, the open tickets on their partial index; no query per row, and no
    // read of the timeline (the per-ticket outcomes are kept on the ticket).
    expect(plans.opened).toContain('Ticket_createdAt_metrics_idx');
    expect(plans.responded).toContain('Ticket_firstResponseAt_metrics_idx');
    expect(plans.resolved).toContain('Ticket_resolvedAt_metrics_idx');
    expect(plans.closed).toContain('Ticket_closedAt_metrics_idx');
    expect(all).not.toContain('TicketEvent');
    expect(plans.backlog).toContain('Ticket_open_metrics_idx');
    expect(all).not.toMatch(/SubPlan/);
  });
});
