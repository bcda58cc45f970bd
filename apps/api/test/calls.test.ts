import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, CREATE_TICKET, startTestApi, ticketInput, type TestApi } from './harness.ts';

type User = Awaited<ReturnType<TestApi['fixtures']['user']>>;

let api: TestApi;
let queueId: string;
let operator: User;

beforeAll(async () => {
  api = await startTestApi();
  queueId = (await api.fixtures.queue()).id;
  operator = await api.fixtures.user('OPERATOR', { name: 'Sara Colombo' });
});
afterAll(() => api?.stop());

const CALL_FIELDS =
  'id direction callerNumber callerName status startedAt answeredAt endedAt operator { id name } customer { id } contact { id } ticket { code }';

const START_CALL = /* GraphQL */ `
  mutation($direction: CallDirection, $callerNumber: String!, $callerName: String) {
    startCall(direction: $direction, callerNumber: $callerNumber, callerName: $callerName) { ${CALL_FIELDS} }
  }
`;
const ANSWER_CALL = `mutation($id: ID!) { answerCall(id: $id) { ${CALL_FIELDS} } }`;
const END_CALL = `mutation($id: ID!) { endCall(id: $id) { ${CALL_FIELDS} } }`;
const LINK_CALL = `mutation($callId: ID!, $ticketId: ID!) { linkCallToTicket(callId: $callId, ticketId: $ticketId) { ${CALL_FIELDS} } }`;
const CALLS = `query($status: [CallStatus!]) { calls(status: $status) { id status } }`;

async function startCall(
  callerNumber: string,
  options: { direction?: 'INBOUND' | 'OUTBOUND'; callerName?: string; token?: string } = {},
) {
  const { token = operator.token, ...variables } = options;
  const result = await api.graphql(START_CALL, { callerNumber, ...variables }, { token });
  expect(result.errors).toBeUndefined();
  return result.data.startCall;
}

async function call(mutation: string, id: string, token = operator.token) {
  return api.graphql(mutation, { id }, { token });
}

/** A customer with one contact, created directly in the database as the CRM import would. */
async function customerWithContact(phone: string, name: string) {
  const customer = await api.fixtures.customer('ACTIVE');
  const contact = await api.db.contact.create({ data: { customerId: customer.id, name, phone } });
  return { customer, contact };
}

describe('incoming calls', () => {
  it('rings for everybody, matched to the contact whose phone is the caller number however it is written', async () => {
    const { customer, contact } = await customerWithContact('0341282327', 'Anna Ferrari');
    const ringing = await startCall('+39 0341 282327');
    expect(ringing).toMatchObject({
      direction: 'INBOUND',
      callerNumber: '+39 0341 282327',
      callerName: 'Anna Ferrari',
      status: 'RINGING',
      answeredAt: null,
      endedAt: null,
      operator: null,
      customer: { id: customer.id },
      contact: { id: contact.id },
      ticket: null,
    });

    const found = await api.graphql(
      `query($phone: String!) { contactByPhone(phone: $phone) { id name customer { id } } }`,
      { phone: '+39 0341 282327' },
      { token: operator.token },
    );
    expect(found.data.contactByPhone).toEqual({ id: contact.id, name: 'Anna Ferrari', customer: { id: customer.id } });
  });

  it('matches a contact whose stored phone is formatted, from a caller number sent as bare digits', async () => {
    const { customer, contact } = await customerWithContact('+39 031 27.11.45', 'Paolo Galli');
    const ringing = await startCall('031271145');
    expect(ringing).toMatchObject({
      status: 'RINGING',
      callerName: 'Paolo Galli',
      customer: { id: customer.id },
      contact: { id: contact.id },
    });
    const found = await api.graphql(
      `query($phone: String!) { contactByPhone(phone: $phone) { id } }`,
      { phone: '0039 031 271145' },
      { token: operator.token },
    );
    expect(found.data.contactByPhone).toEqual({ id: contact.id });
  });

  it('leaves an unknown number unmatched and keeps the name the caller gave', async () => {
    const ringing = await startCall('02 555 0199', { callerName: 'Fornitore toner' });
    expect(ringing).toMatchObject({ status: 'RINGING', callerName: 'Fornitore toner', customer: null, contact: null });
    const found = await api.graphql(
      `query($phone: String!) { contactByPhone(phone: $phone) { id } }`,
      { phone: '02 555 0199' },
      { token: operator.token },
    );
    expect(found.errors).toBeUndefined();
    expect(found.data.contactByPhone).toBeNull();
  });

  it('gives a call answered by 10 operators at once to exactly one, and names them to the others', async () => {
    const operators = await Promise.all(
      Array.from({ length: 10 }, (_, index) => api.fixtures.user('OPERATOR', { name: `Centralinista ${index}` })),
    );
    const ringing = await startCall('0341 999 000');
    const results = await Promise.all(operators.map((answerer) => call(ANSWER_CALL, ringing.id, answerer.token)));

    const winners = results.filter((result) => !result.errors);
    const losers = results.filter((result) => result.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(9);
    const answered = winners[0]!.data.answerCall;
    const winner = operators[results.indexOf(winners[0]!)]!;
    expect(answered).toMatchObject({
      id: ringing.id,
      status: 'ACTIVE',
      operator: { id: winner.id, name: winner.name },
      endedAt: null,
    });
    expect(answered.answeredAt).not.toBeNull();
    for (const loser of losers) {
      expect(loser.status).toBe(200);
      expect(loser.data?.answerCall ?? null).toBeNull();
      expect(loser.errors![0]!.extensions).toMatchObject({
        code: 'CALL_ALREADY_ANSWERED',
        operator: { id: winner.id, name: winner.name },
      });
      expect(loser.errors![0]!.message).toContain(winner.name);
    }
    const stored = await api.db.call.findUniqueOrThrow({ where: { id: ringing.id } });
    expect(stored).toMatchObject({ status: 'ACTIVE', operatorId: winner.id, version: 2 });
  });
});

describe('ending calls', () => {
  it('ends an answered call, records an unanswered one as missed, and refuses to end either twice', async () => {
    const answeredCall = await startCall('0341 111 222');
    await call(ANSWER_CALL, answeredCall.id);
    const ended = await call(END_CALL, answeredCall.id);
    expect(ended.errors).toBeUndefined();
    expect(ended.data.endCall).toMatchObject({ status: 'ENDED', operator: { id: operator.id } });
    expect(Date.parse(ended.data.endCall.endedAt)).toBeGreaterThanOrEqual(Date.parse(ended.data.endCall.answeredAt));

    const unanswered = await startCall('0341 111 333');
    const missed = await call(END_CALL, unanswered.id);
    expect(missed.errors).toBeUndefined();
    expect(missed.data.endCall).toMatchObject({ status: 'MISSED', operator: null, answeredAt: null });
    expect(missed.data.endCall.endedAt).not.toBeNull();

    for (const [id, status] of [
      [answeredCall.id, 'ENDED'],
      [unanswered.id, 'MISSED'],
    ] as const) {
      const twice = await call(END_CALL, id);
      expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_CALL_STATE', status });
      expect((await api.db.call.findUniqueOrThrow({ where: { id } })).status).toBe(status);
    }

    const late = await call(ANSWER_CALL, unanswered.id);
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_CALL_STATE', status: 'MISSED' });
  });

  it('starts an outbound call active, with the operator placing it on it', async () => {
    const outbound = await startCall('0341 282 999', { direction: 'OUTBOUND' });
    expect(outbound).toMatchObject({
      direction: 'OUTBOUND',
      status: 'ACTIVE',
      operator: { id: operator.id, name: 'Sara Colombo' },
      endedAt: null,
    });
    expect(outbound.answeredAt).not.toBeNull();
    const ended = await call(END_CALL, outbound.id);
    expect(ended.data.endCall.status).toBe('ENDED');
  });
});

describe('calls and tickets', () => {
  it('links the call a ticket is opened from, and another call later', async () => {
    const { customer } = await customerWithContact('0341 777 888', 'Elena Riva');
    const first = await startCall('0341777888');
    await call(ANSWER_CALL, first.id);
    const created = await api.graphql(
      CREATE_TICKET,
      { input: ticketInput(queueId, { callId: first.id, customerId: customer.id }) },
      { token: operator.token },
    );
    expect(created.errors).toBeUndefined();
    const ticket = created.data.createTicket as { id: string; code: string };
    const ended = await call(END_CALL, first.id);
    expect(ended.data.endCall.ticket).toEqual({ code: ticket.code });

    const second = await startCall('0341777888');
    const linked = await api.graphql(LINK_CALL, { callId: second.id, ticketId: ticket.id }, { token: operator.token });
    expect(linked.errors).toBeUndefined();
    expect(linked.data.linkCallToTicket).toMatchObject({
      id: second.id,
      status: 'RINGING',
      ticket: { code: ticket.code },
    });

    const read = await api.graphql(
      `query($id: ID!) { ticket(id: $id) { calls { id ticket { code } } events { type internal } } }`,
      { id: ticket.id },
      { token: operator.token },
    );
    expect(read.data.ticket.calls).toEqual([
      { id: first.id, ticket: { code: ticket.code } },
      { id: second.id, ticket: { code: ticket.code } },
    ]);
    expect(read.data.ticket.events).toEqual([
      { type: 'CREATED', internal: false },
      { type: 'CALL_LINKED', internal: true },
    ]);
    await call(END_CALL, second.id);
  });

  it('refuses to link a call to a ticket that does not exist', async () => {
    const ringing = await startCall('0341 000 111');
    const refused = await api.graphql(
      LINK_CALL,
      { callId: ringing.id, ticketId: '0190b2a4-0000-7000-8000-000000000000' },
      { token: operator.token },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await api.db.call.findUniqueOrThrow({ where: { id: ringing.id } })).ticketId).toBeNull();
    await call(END_CALL, ringing.id);
  });

  it('lists the open calls by default, and the closed ones when asked', async () => {
    const ringing = await startCall('0341 123 001');
    const active = await startCall('0341 123 002');
    await call(ANSWER_CALL, active.id);
    const ended = await startCall('0341 123 003');
    await call(ANSWER_CALL, ended.id);
    await call(END_CALL, ended.id);
    const missed = await startCall('0341 123 004');
    await call(END_CALL, missed.id);

    const open = await api.graphql(CALLS, {}, { token: operator.token });
    expect(open.errors).toBeUndefined();
    expect(new Set(open.data.calls.map((c: any) => c.status))).toEqual(new Set(['RINGING', 'ACTIVE']));
    const openIds = open.data.calls.map((c: any) => c.id);
    expect(openIds).toContain(ringing.id);
    expect(openIds).toContain(active.id);
    expect(openIds).not.toContain(ended.id);
    expect(openIds).not.toContain(missed.id);
    expect(open.data.calls.length).toBe(await api.db.call.count({ where: { status: { in: ['RINGING', 'ACTIVE'] } } }));
    // The newest first.
    expect(openIds.indexOf(active.id)).toBeLessThan(openIds.indexOf(ringing.id));

    const closed = await api.graphql(CALLS, { status: ['ENDED', 'MISSED'] }, { token: operator.token });
    const closedById = new Map(closed.data.calls.map((c: any) => [c.id, c.status]));
    expect(new Set(closedById.values())).toEqual(new Set(['ENDED', 'MISSED']));
    expect(closedById.get(ended.id)).toBe('ENDED');
    expect(closedById.get(missed.id)).toBe('MISSED');
    expect(closedById.has(ringing.id)).toBe(false);
    expect(closedById.has(active.id)).toBe(false);

    const customer = await api.fixtures.customer('ACTIVE');
    const customerUser = await api.fixtures.user('CUSTOMER', { customerId: customer.id });
    const denied = await api.graphql(CALLS, {}, { token: customerUser.token });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    await call(END_CALL, ringing.id);
    await call(END_CALL, active.id);
  });
});

describe('the live call panel', () => {
  const CALL_EVENTS = `subscription { callEvents { id status operator { id } ticket { code } } }`;
  type CallEvent = {
    callEvents: { id: string; status: string; operator: { id: string } | null; ticket: { code: string } | null };
  };

  it('hears a call start, be answered and end, in that order', async () => {
    const watcher = api.wsClient({ token: operator.token });
    const events = collect<CallEvent>(watcher, CALL_EVENTS, {}, 3, 10_000);
    await events.started;
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Each event delivers the call as it is when delivered (ids, not rows, travel through the pub/sub): the next
    // change waits until the panel heard the previous one, or a fast answer would already show in the first event.
    const ringing = await startCall('0341 404 404');
    await events.received(1);
    await call(ANSWER_CALL, ringing.id);
    await events.received(2);
    await call(END_CALL, ringing.id);

    const delivered = await events.done;
    await watcher.dispose();
    expect(delivered.map((event) => event.errors)).toEqual([undefined, undefined, undefined]);
    expect(delivered.map((event) => event.data!.callEvents)).toEqual([
      { id: ringing.id, status: 'RINGING', operator: null, ticket: null },
      { id: ringing.id, status: 'ACTIVE', operator: { id: operator.id }, ticket: null },
      { id: ringing.id, status: 'ENDED', operator: { id: operator.id }, ticket: null },
    ]);
  });

  it('hears a call being linked to a ticket, whether by linking it or by opening the ticket from it', async () => {
    const first = await startCall('0341 505 505', { direction: 'OUTBOUND' });
    const second = await startCall('0341 505 506', { direction: 'OUTBOUND' });
    const watcher = api.wsClient({ token: operator.token });
    const events = collect<CallEvent>(watcher, CALL_EVENTS, {}, 2, 5_000);
    await events.started;
    await new Promise((resolve) => setTimeout(resolve, 500));

    const created = await api.graphql(
      CREATE_TICKET,
      { input: ticketInput(queueId, { callId: first.id }) },
      { token: operator.token },
    );
    expect(created.errors).toBeUndefined();
    const code = created.data.createTicket.code;
    await api.graphql(
      LINK_CALL,
      { callId: second.id, ticketId: created.data.createTicket.id },
      { token: operator.token },
    );

    const delivered = await events.done;
    await watcher.dispose();
    expect(delivered.map((event) => event.data?.callEvents)).toEqual([
      { id: first.id, status: 'ACTIVE', operator: { id: operator.id }, ticket: { code } },
      { id: second.id, status: 'ACTIVE', operator: { id: operator.id }, ticket: { code } },
    ]);
    await call(END_CALL, first.id);
    await call(END_CALL, second.id);
  });

  it('is for the support staff only', async () => {
    const customer = await api.fixtures.customer('ACTIVE');
    const customerUser = await api.fixtures.user('CUSTOMER', { customerId: customer.id });
    const client = api.wsClient({ token: customerUser.token });
    const events = collect<CallEvent>(client, CALL_EVENTS, {}, 2, 3_000);
    await events.started;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ringing = await startCall('0341 606 606');

    const delivered = await events.done;
    await client.dispose();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.data ?? null).toBeNull();
    expect(delivered[0]!.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    await call(END_CALL, ringing.id);
  });
});
