import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_TICKET, startTestApi, ticketInput, TRANSITION_TICKET, type TestApi } from './harness.ts';

type User = Awaited<ReturnType<TestApi['fixtures']['user']>>;

let api: TestApi;
let queueId: string;
let operator: User;
let supervisor: User;
let customerId: string;
let customerUser: User;
let colleagueOfCustomer: User;
let stranger: User;
const clients: Client[] = [];

beforeAll(async () => {
  api = await startTestApi();
  queueId = (await api.fixtures.queue()).id;
  [operator, supervisor] = await Promise.all([api.fixtures.user('OPERATOR'), api.fixtures.user('SUPERVISOR')]);
  customerId = (await api.fixtures.customer('ACTIVE')).id;
  customerUser = await api.fixtures.user('CUSTOMER', { customerId });
  colleagueOfCustomer = await api.fixtures.user('CUSTOMER', { customerId });
  stranger = await api.fixtures.user('CUSTOMER', { customerId: (await api.fixtures.customer('ACTIVE')).id });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await api?.stop();
});

async function mutate(query: string, variables: Record<string, unknown>, token = operator.token) {
  const result = await api.graphql(query, variables, { token });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data;
}

async function newTicket(overrides: Record<string, unknown> = {}, queue = queueId) {
  return (await mutate(CREATE_TICKET, { input: ticketInput(queue, { customerId, ...overrides }) })).createTicket as {
    id: string;
    code: string;
    status: string;
    version: number;
  };
}

const solution = { solution: 'Riavviato il servizio di stampa: risolto.' };

const RATE = /* GraphQL */ `
  mutation ($ticketId: ID!, $score: Int!, $comment: String) {
    rateTicket(ticketId: $ticketId, score: $score, comment: $comment) {
      id
      score
      comment
      ticket {
        id
        rating {
          score
        }
      }
    }
  }
`;

describe('rateTicket', () => {
  it('lets the customer rate a closed ticket once, and records it on the public timeline', async () => {
    const ticket = await newTicket(solution);
    expect(ticket.status).toBe('DONE');
    const rated = await mutate(RATE, { ticketId: ticket.id, score: 5, comment: ' Velocissimi! ' }, customerUser.token);
    expect(rated.rateTicket).toMatchObject({
      score: 5,
      comment: 'Velocissimi!',
      ticket: { id: ticket.id, rating: { score: 5 } },
    });
    const stored = await api.db.rating.findUniqueOrThrow({ where: { ticketId: ticket.id } });
    const contact = await api.db.contact.findUniqueOrThrow({ where: { userId: customerUser.id } });
    expect(stored.contactId).toBe(contact.id);
    const events = await api.db.ticketEvent.findMany({ where: { ticketId: ticket.id, field: 'rating' } });
    expect(events).toMatchObject([{ type: 'UPDATED', toValue: '5', internal: false, actorId: customerUser.id }]);

    // Twice: refused, whoever asks, and the first rating stays.
    for (const token of [customerUser.token, colleagueOfCustomer.token, operator.token]) {
      const again = await api.graphql(RATE, { ticketId: ticket.id, score: 1 }, { token });
      expect(again.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    }
    expect((await api.db.rating.findMany({ where: { ticketId: ticket.id } })).map((r) => r.score)).toEqual([5]);
  });

  it('refuses an open ticket, a score out of 1–5, and a customer of another organisation', async () => {
    const open = await newTicket();
    const refused = await api.graphql(RATE, { ticketId: open.id, score: 4 }, { token: customerUser.token });
    expect(refused.errors?.[0]?.extensions?.code).toBe('VALIDATION');

    const closed = await newTicket(solution);
    for (const score of [0, 6]) {
      const bad = await api.graphql(RATE, { ticketId: closed.id, score }, { token: customerUser.token });
      expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    }
    const foreign = await api.graphql(RATE, { ticketId: closed.id, score: 4 }, { token: stranger.token });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const unknown = await api.graphql(RATE, { ticketId: 'nope', score: 4 }, { token: customerUser.token });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await api.db.rating.count({ where: { ticketId: { in: [open.id, closed.id] } } })).toBe(0);
  });

  it('lets staff rate on the customer’s behalf a cancelled ticket, and only one of two at once wins', async () => {
    const ticket = await newTicket();
    const claimed = await mutate(`mutation($id: ID!) { claimTicket(id: $id) { version } }`, { id: ticket.id });
    await mutate(TRANSITION_TICKET, {
      id: ticket.id,
      input: { to: 'CANCELLED', version: claimed.claimTicket.version, note: 'Il cliente ha risolto da solo.' },
    });
    const results = await Promise.all([
      api.graphql(RATE, { ticketId: ticket.id, score: 3 }, { token: supervisor.token }),
      api.graphql(RATE, { ticketId: ticket.id, score: 2 }, { token: customerUser.token }),
    ]);
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.filter((result) => result.errors).map((result) => result.errors![0]!.extensions?.code)).toEqual([
      'VALIDATION',
    ]);
    expect(await api.db.rating.count({ where: { ticketId: ticket.id } })).toBe(1);
  });
});

const METRICS_UPDATED = /* GraphQL */ `
  subscription ($queueId: ID) {
    metricsUpdated(window: { period: TODAY }, queueId: $queueId) {
      ticketsOpened
      ticketsResolved
      satisfaction {
        averageScore
        rated
      }
    }
  }
`;
interface Figures {
  metricsUpdated: {
    ticketsOpened: number;
    ticketsResolved: number;
    satisfaction: { averageScore: number | null; rated: number };
  };
}

/** A subscription read step by step, with the time each result arrived. */
function follow(client: Client, variables: Record<string, unknown>) {
  const results: Array<{ at: number; data?: Figures; errors?: unknown }> = [];
  let failure: unknown;
  const stop = client.subscribe<Figures>(
    { query: METRICS_UPDATED, variables },
    {
      next: (result) => results.push({ at: Date.now(), ...(result as { data?: Figures; errors?: unknown }) }),
      error: (error) => (failure = error ?? new Error('subscription failed')),
      complete: () => {},
    },
  );
  return {
    results,
    stop,
    async waitUntil(check: () => boolean, timeoutMs = 8_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check() && failure === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      if (failure !== undefined) throw failure;
      return results;
    },
  };
}

describe('metricsUpdated', () => {
  it('sends the current figures first, then one update for a burst of changes, at most once a second', async () => {
    const queue = (await api.fixtures.queue()).id;
    await newTicket({}, queue);
    const client = api.wsClient({ token: supervisor.token });
    clients.push(client);
    const figures = follow(client, { queueId: queue });
    const opened = () => figures.results.map((result) => result.data?.metricsUpdated.ticketsOpened);

    await figures.waitUntil(() => figures.results.length >= 1);
    expect(figures.results[0]!.errors).toBeUndefined();
    expect(opened()).toEqual([1]);

    // A burst of ten tickets: far fewer than ten updates, never two within a second.
    await Promise.all(Array.from({ length: 10 }, () => newTicket({}, queue)));
    await figures.waitUntil(() => opened().at(-1) === 11);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // nothing more may come
    expect(opened().at(-1)).toBe(11);
    expect(figures.results.length).toBeLessThanOrEqual(3);
    for (let index = 1; index < figures.results.length; index++) {
      expect(figures.results[index]!.at - figures.results[index - 1]!.at).toBeGreaterThanOrEqual(900);
    }
    // Changes elsewhere that leave these figures alone send nothing.
    const before = figures.results.length;
    await newTicket({}, queueId);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(figures.results.length).toBe(before);

    // A ticket solved and rated: the figures follow.
    const solved = await newTicket(solution, queue);
    await mutate(RATE, { ticketId: solved.id, score: 4 }, customerUser.token);
    await figures.waitUntil(() => figures.results.at(-1)?.data?.metricsUpdated.satisfaction.rated === 1);
    expect(figures.results.at(-1)!.data!.metricsUpdated).toEqual({
      ticketsOpened: 12,
      ticketsResolved: 1,
      satisfaction: { averageScore: 4, rated: 1 },
    });
    expect(figures.results.every((result) => result.errors === undefined)).toBe(true);
    figures.stop();
  });

  it('is for staff only', async () => {
    const client = api.wsClient({ token: customerUser.token });
    clients.push(client);
    const figures = follow(client, {});
    const results = await figures.waitUntil(() => figures.results.length >= 1, 3_000);
    expect(results).toHaveLength(1);
    expect(results[0]!.data?.metricsUpdated ?? null).toBeNull();
    expect((results[0]!.errors as Array<{ extensions?: { code?: string } }>).map((e) => e.extensions?.code)).toEqual([
      'FORBIDDEN',
    ]);
  });
});
