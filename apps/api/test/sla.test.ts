import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalSlaHistory, rebuildSlaHistories } from '@sportello/db/testing';
import { collect, CREATE_TICKET, startTestApi, ticketInput, type TestApi } from './harness.ts';

let api: TestApi;
let admin: Awaited<ReturnType<TestApi['fixtures']['user']>>;
let operator: Awaited<ReturnType<TestApi['fixtures']['user']>>;
let customerUser: Awaited<ReturnType<TestApi['fixtures']['user']>>;
let customerId: string;

beforeAll(async () => {
  api = await startTestApi();
  admin = await api.fixtures.user('ADMIN');
  operator = await api.fixtures.user('OPERATOR');
  customerId = (await api.fixtures.customer()).id;
  customerUser = await api.fixtures.user('CUSTOMER', { customerId });
});
afterAll(() => api?.stop());

const CREATE_POLICY = /* GraphQL */ `
  mutation ($input: CreateSlaPolicyInput!) {
    createSlaPolicy(input: $input) {
      id
      name
      position
      pausedStatuses
      calendar {
        timeZone
        alwaysOpen
      }
    }
  }
`;

const TICKET_SLA = /* GraphQL */ `
  query ($id: ID!, $at: DateTime) {
    ticket(id: $id) {
      sla(at: $at) {
        policy {
          id
          name
        }
        firstResponse {
          state
          dueAt
          remainingSeconds
          elapsedSeconds
          breachedAt
        }
        nextResponse {
          state
          dueAt
          remainingSeconds
          elapsedSeconds
          breachedAt
        }
        resolution {
          state
          dueAt
          remainingSeconds
          elapsedSeconds
          breachedAt
        }
      }
    }
  }
`;

async function createPolicy(input: Record<string, unknown>) {
  const result = await api.graphql(CREATE_POLICY, { input }, { token: admin.token });
  expect(result.errors).toBeUndefined();
  return result.data.createSlaPolicy as { id: string; name: string; position: number };
}

/** A ticket stored as the API would have at `createdAt` (not scheduled: no worker runs here). */
const storedTicket = (queueId: string, createdAt: Date, fields: Record<string, unknown> = {}) =>
  api.fixtures.storedTicket(queueId, createdAt, fields, { scheduled: false });

describe('SLA policies', () => {
  it('applies the first matching policy in the edited order', async () => {
    const queue = await api.fixtures.queue();
    const other = await api.fixtures.queue();
    const urgent = await createPolicy({ name: 'Urgenti', queueId: queue.id, priority: 3, position: 1 });
    const anyPriority = await createPolicy({ name: 'Coda', queueId: queue.id, position: 2 });
    const created = new Date('2026-01-12T09:00:00Z');
    const high = await storedTicket(queue.id, created, { requestedPriority: 3 });
    const low = await storedTicket(queue.id, created, { requestedPriority: 1 });
    const elsewhere = await storedTicket(other.id, created, { requestedPriority: 3 });
    const policyOf = async (id: string) => {
      const result = await api.graphql(TICKET_SLA, { id }, { token: operator.token });
      expect(result.errors).toBeUndefined();
      return result.data.ticket.sla?.policy.name as string | undefined;
    };
    expect(await policyOf(high.id)).toBe('Urgenti');
    expect(await policyOf(low.id)).toBe('Coda');
    expect(await policyOf(elsewhere.id)).toBe('Standard'); // the default policy of the migration

    // The assessed priority wins over the requested one.
    await api.db.ticket.update({ where: { id: low.id }, data: { assessedPriority: 3 } });
    expect(await policyOf(low.id)).toBe('Urgenti');

    const all = await api.graphql(`{ slaPolicies { id name } }`, {}, { token: operator.token });
    const ids = (all.data.slaPolicies as Array<{ id: string }>).map((policy) => policy.id);
    const reordered = [anyPriority.id, ...ids.filter((id) => id !== anyPriority.id)];
    const reorder = await api.graphql(
      `mutation ($ids: [ID!]!) { reorderSlaPolicies(ids: $ids) { id position } }`,
      { ids: reordered },
      { token: admin.token },
    );
    expect(reorder.errors).toBeUndefined();
    expect(await policyOf(high.id)).toBe('Coda');

    // Deactivated policies are skipped.
    await api.graphql(
      `mutation ($id: ID!) { updateSlaPolicy(id: $id, input: { active: false }) { id } }`,
      { id: anyPriority.id },
      { token: admin.token },
    );
    expect(await policyOf(high.id)).toBe('Urgenti');
    expect(urgent.id).toBeTruthy();
  });

  it('refuses invalid policies with VALIDATION issues, and non-admins', async () => {
    const invalid = await api.graphql(
      CREATE_POLICY,
      {
        input: {
          name: 'Rotta',
          firstResponseSeconds: -5,
          atRiskFraction: 2,
          calendar: { timeZone: 'Europe/Atlantide', weeklyHours: [{ weekday: 1, intervals: ['18:00-09:00'] }] },
        },
      },
      { token: admin.token },
    );
    expect(invalid.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const fields = (invalid.errors?.[0]?.extensions?.issues as Array<{ field: string }>).map((issue) => issue.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'firstResponseSeconds',
        'atRiskFraction',
        'calendar.timeZone',
        'calendar.weeklyHours.1.0',
      ]),
    );
    const forbidden = await api.graphql(CREATE_POLICY, { input: { name: 'Mia' } }, { token: operator.token });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const defaults = await createPolicy({ name: 'Predefinita' });
    expect(defaults).toMatchObject({
      pausedStatuses: ['CHANGES_REQUESTED', 'SUSPENDED', 'RESCHEDULED'],
      calendar: { timeZone: 'Europe/Rome', alwaysOpen: false },
    });
    const removed = await api.graphql(
      `mutation ($id: ID!) { deleteSlaPolicy(id: $id) }`,
      { id: defaults.id },
      { token: admin.token },
    );
    expect(removed.data.deleteSlaPolicy).toBe(true);
  });
});

describe('SLA of a ticket', () => {
  it('derives the clocks from the history (24/7 calendar, fixed instants)', async () => {
    const queue = await api.fixtures.queue();
    await createPolicy({
      name: 'H24',
      queueId: queue.id,
      firstResponseSeconds: 3600,
      nextResponseSeconds: 1800,
      resolutionSeconds: 4 * 3600,
      calendar: { alwaysOpen: true },
    });
    const at = (time: string) => new Date(`2026-01-12T${time}:00.000Z`);
    const ticket = await storedTicket(queue.id, at('09:00'), {
      firstResponseAt: at('09:30'),
      lastCustomerActivityAt: at('10:00'),
    });
    await api.db.note.createMany({
      data: [
        {
          ticketId: ticket.id,
          authorId: operator.id,
          visibility: 'PUBLIC',
          body: 'Ci serve il modello',
          createdAt: at('09:30'),
        },
        {
          ticketId: ticket.id,
          authorId: customerUser.id,
          visibility: 'PUBLIC',
          body: 'HP 4250',
          createdAt: at('10:00'),
        },
      ],
    });
    const result = await api.graphql(
      TICKET_SLA,
      { id: ticket.id, at: at('10:20').toISOString() },
      { token: operator.token },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.ticket.sla).toMatchObject({
      policy: { name: 'H24' },
      firstResponse: { state: 'MET', elapsedSeconds: 1800, remainingSeconds: 1800, breachedAt: null },
      nextResponse: {
        state: 'RUNNING',
        elapsedSeconds: 1200,
        remainingSeconds: 600,
        dueAt: at('10:30').toISOString(),
      },
      resolution: { state: 'RUNNING', elapsedSeconds: 4800, remainingSeconds: 9600, dueAt: at('13:00').toISOString() },
    });
    const late = await api.graphql(
      TICKET_SLA,
      { id: ticket.id, at: at('10:40').toISOString() },
      { token: operator.token },
    );
    expect(late.data.ticket.sla.nextResponse).toMatchObject({
      state: 'BREACHED',
      breachedAt: at('10:30').toISOString(),
      remainingSeconds: -600,
    });
    // Customers do not see the SLA.
    const asCustomer = await api.graphql(TICKET_SLA, { id: ticket.id }, { token: customerUser.token });
    expect(asCustomer.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
  });

  it('evaluates the SLA of a page of 50 tickets', async () => {
    const queue = await api.fixtures.queue();
    for (let index = 0; index < 50; index++) await storedTicket(queue.id, new Date('2026-01-12T09:00:00Z'));
    const result = await api.graphql(
      `query ($queueId: ID!) { tickets(first: 50, filter: { queueId: $queueId }) { edges { node { id sla(at: "2026-01-12T10:00:00Z") { policy { name } firstResponse { state } } } } } }`,
      { queueId: queue.id },
      { token: operator.token },
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data.tickets.edges.map((edge: { node: { sla: unknown } }) => edge.node.sla);
    expect(nodes).toHaveLength(50);
    expect(new Set(nodes.map((sla: { policy: { name: string } }) => sla.policy.name))).toEqual(new Set(['Standard']));
  });

  it('is delivered with the live ticket updates', async () => {
    const queue = await api.fixtures.queue();
    const created = await api.graphql(CREATE_TICKET, { input: ticketInput(queue.id) }, { token: operator.token });
    const { code, id } = created.data.createTicket as { code: string; id: string };
    const updates = collect<{ ticketUpdated: { sla: { policy: { name: string }; firstResponse: { state: string } } } }>(
      api.wsClient({ token: operator.token }),
      `subscription ($code: String!) { ticketUpdated(code: $code) { sla { policy { name } firstResponse { state } resolution { state } } } }`,
      { code },
      2,
      8_000,
    );
    const events = collect<{ ticketEvents: { type: string; ticket: { sla: { resolution: { state: string } } } } }>(
      api.wsClient({ token: operator.token }),
      `subscription ($queueId: ID) { ticketEvents(queueId: $queueId) { type ticket { sla { resolution { state } } } } }`,
      { queueId: queue.id },
      1,
      8_000,
    );
    await Promise.all([updates.started, events.started]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await api.graphql(`mutation ($id: ID!) { claimTicket(id: $id) { id } }`, { id }, { token: operator.token });
    const delivered = await updates.done;
    expect(delivered.map((result) => result.data?.ticketUpdated.sla.policy.name)).toEqual(['Standard', 'Standard']);
    // Created on the phone: the call was the first response.
    expect(delivered[0]!.data!.ticketUpdated.sla.firstResponse.state).toBe('MET');
    const [event] = await events.done;
    expect(event!.data!.ticketEvents).toMatchObject({ type: 'CLAIMED', ticket: { sla: { resolution: {} } } });
  });
});

describe('SLA history kept on the ticket', () => {
  const ADD_NOTE = `mutation ($input: AddNoteInput!) { addNote(input: $input) { id } }`;
  const historyOf = async (ticketId: string) =>
    (await api.db.ticket.findUniqueOrThrow({ where: { id: ticketId }, select: { slaHistory: true } }))
      .slaHistory as Array<{ at: number; id?: string; type?: string; note?: string }>;

  it('keeps every reply of writers racing on one ticket, and leaves internal notes out', async () => {
    const queue = await api.fixtures.queue();
    const created = await api.graphql(CREATE_TICKET, { input: ticketInput(queue.id) }, { token: operator.token });
    const { id: ticketId } = created.data.createTicket as { id: string };
    const customerTicket = await api.graphql(
      CREATE_TICKET,
      { input: { ...ticketInput(queue.id), customerId } },
      { token: operator.token },
    );
    expect(customerTicket.errors).toBeUndefined();
    const onCustomerTicket = (customerTicket.data.createTicket as { id: string }).id;
    const note = (token: string, input: { ticketId: string; visibility: string }) =>
      api.graphql(ADD_NOTE, { input: { ...input, body: 'Aggiornamento' } }, { token });
    const results = await Promise.all([
      ...Array.from({ length: 8 }, () => note(operator.token, { ticketId, visibility: 'PUBLIC' })),
      ...Array.from({ length: 4 }, () => note(operator.token, { ticketId, visibility: 'INTERNAL' })),
      ...Array.from({ length: 6 }, () =>
        note(customerUser.token, { ticketId: onCustomerTicket, visibility: 'PUBLIC' }),
      ),
    ]);
    expect(results.flatMap((result) => result.errors ?? [])).toEqual([]);
    const replies = (await historyOf(ticketId)).filter((entry) => entry.note);
    expect(replies.map((entry) => entry.note)).toEqual(Array(8).fill('agent'));
    const customerReplies = (await historyOf(onCustomerTicket)).filter((entry) => entry.note);
    expect(customerReplies.map((entry) => entry.note)).toEqual(Array(6).fill('customer'));
  });

  it('is what the migration rebuilds for tickets written before it', async () => {
    const queue = await api.fixtures.queue();
    const created = await api.graphql(CREATE_TICKET, { input: ticketInput(queue.id) }, { token: operator.token });
    const { id: ticketId } = created.data.createTicket as { id: string };
    await api.graphql(
      `mutation ($id: ID!) { claimTicket(id: $id) { id } }`,
      { id: ticketId },
      { token: operator.token },
    );
    await api.graphql(
      ADD_NOTE,
      { input: { ticketId, visibility: 'PUBLIC', body: 'Arriviamo domani' } },
      { token: operator.token },
    );
    expect((await historyOf(ticketId)).map((entry) => entry.type ?? entry.note)).toEqual([
      'CREATED',
      'CLAIMED',
      'agent',
    ]);

    // Every ticket of this file (those above too), as the triggers wrote them, against the migration's own rebuild.
    const histories = async () =>
      (await api.db.ticket.findMany({ select: { id: true, slaHistory: true }, orderBy: { id: 'asc' } })).map(
        (ticket) => ({ id: ticket.id, history: canonicalSlaHistory(ticket.slaHistory) }),
      );
    const written = await histories();
    expect(written.length).toBeGreaterThan(50);
    const rebuild = await rebuildSlaHistories();
    await api.db.$transaction([
      api.db.ticket.updateMany({ data: { slaHistory: [] } }),
      api.db.$executeRawUnsafe(rebuild),
    ]);
    expect(await histories()).toEqual(written);
  });
});
