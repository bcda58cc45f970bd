import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLAIM_TICKET,
  collect,
  CREATE_TICKET,
  startTestApi,
  ticketInput,
  TRANSITION_TICKET,
  type TestApi,
} from './harness.ts';

let api: TestApi;
let queueId: string;
let operator: Awaited<ReturnType<TestApi['fixtures']['user']>>;

beforeAll(async () => {
  api = await startTestApi();
  queueId = (await api.fixtures.queue()).id;
  operator = await api.fixtures.user('OPERATOR');
});
afterAll(() => api?.stop());

async function newTicket(overrides: Record<string, unknown> = {}, token = operator.token) {
  const result = await api.graphql(CREATE_TICKET, { input: ticketInput(queueId, overrides) }, { token });
  expect(result.errors).toBeUndefined();
  return result.data.createTicket as { id: string; code: string; number: number; status: string; version: number };
}

describe('creating tickets', () => {
  it('gives each ticket an HT code from the database sequence', async () => {
    const ticket = await newTicket();
    expect(ticket.code).toMatch(/^HT\d{5}$/);
    expect(ticket.code).toBe(`HT${String(ticket.number).padStart(5, '0')}`);
    expect(ticket.status).toBe('NEW');
    const stored = await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: { events: true } });
    expect(stored.events.map((event) => event.type)).toEqual(['CREATED']);
    expect(stored.channel).toBe('PHONE');
  });

  it('gives 200 tickets created at once 200 distinct codes', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        api.graphql(
          CREATE_TICKET,
          { input: ticketInput(queueId, { subject: `Richiesta ${index}` }) },
          { token: operator.token },
        ),
      ),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);
    const codes = results.map((result) => result.data.createTicket.code as string);
    expect(new Set(codes).size).toBe(200);
    const numbers = codes.map((code) => Number(code.slice(2))).sort((a, b) => a - b);
    expect(numbers.at(-1)! - numbers[0]!).toBe(199);
  });

  it('closes a request solved during the call in one step, with its solution', async () => {
    const ticket = await newTicket({ solution: 'Riavviato lo spooler di stampa: la coda si è svuotata.' });
    expect(ticket.status).toBe('DONE');
    const stored = await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(stored.claimedById).toBe(operator.id);
    expect(stored.solution).toBe('Riavviato lo spooler di stampa: la coda si è svuotata.');
    expect(stored.resolvedAt).not.toBeNull();
    expect(stored.closedAt).not.toBeNull();
  });

  it('marks the tickets of customers without a contract as paid, and holds work until they agree', async () => {
    const customer = await api.fixtures.customer('NONE');
    const ticket = await newTicket({ customerId: customer.id });
    expect(ticket).toMatchObject({ paidIntervention: true });
    const claimed = await api.graphql(CLAIM_TICKET, { id: ticket.id }, { token: operator.token });
    const refused = await api.graphql(
      TRANSITION_TICKET,
      { id: ticket.id, input: { to: 'IN_PROGRESS', version: claimed.data.claimTicket.version } },
      { token: operator.token },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(refused.errors?.[0]?.message).toMatch(/paid intervention/);

    const agreed = await api.graphql(
      `mutation($id: ID!, $input: UpdateTicketInput!) { updateTicket(id: $id, input: $input) { version paidAgreedBy paidAgreedAt } }`,
      { id: ticket.id, input: { version: claimed.data.claimTicket.version, paidAgreedBy: 'Mario Bianchi' } },
      { token: operator.token },
    );
    expect(agreed.data.updateTicket).toMatchObject({ paidAgreedBy: 'Mario Bianchi' });
    const started = await api.graphql(
      TRANSITION_TICKET,
      { id: ticket.id, input: { to: 'IN_PROGRESS', version: agreed.data.updateTicket.version } },
      { token: operator.token },
    );
    expect(started.errors).toBeUndefined();
    expect(started.data.transitionTicket.status).toBe('IN_PROGRESS');
  });
});

describe('claiming ("presa in carico")', () => {
  it('lets exactly one of 50 operators claiming at once win, and publishes one claim event', async () => {
    const ticket = await newTicket();
    const operators = await Promise.all(Array.from({ length: 50 }, () => api.fixtures.user('OPERATOR')));
    const watcher = api.wsClient({ token: operator.token });
    const events = collect<{ ticketEvents: { type: string; ticket: { id: string } } }>(
      watcher,
      `subscription { ticketEvents { type ticket { id } } }`,
      {},
      2,
      3_000,
    );
    await events.started;
    await new Promise((resolve) => setTimeout(resolve, 500));

    const results = await Promise.all(
      operators.map((claimer) => api.graphql(CLAIM_TICKET, { id: ticket.id }, { token: claimer.token })),
    );
    const winners = results.filter((result) => !result.errors);
    const losers = results.filter((result) => result.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    const winner = winners[0]!.data.claimTicket;
    for (const loser of losers) {
      expect(loser.status).toBe(200);
      expect(loser.errors![0]!.extensions).toMatchObject({
        code: 'TICKET_ALREADY_CLAIMED',
        claimedBy: { id: winner.claimedBy.id },
      });
    }
    expect(winner.status).toBe('AWAITING_INPUT');

    const delivered = (await events.done).filter((event) => event.data?.ticketEvents.ticket.id === ticket.id);
    expect(delivered.map((event) => event.data!.ticketEvents.type)).toEqual(['CLAIMED']);
    await watcher.dispose();

    const stored = await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: { events: true } });
    expect(stored.claimedById).toBe(winner.claimedBy.id);
    expect(stored.events.filter((event) => event.type === 'CLAIMED')).toHaveLength(1);
  });

  it('tells the second claimer who holds the ticket, and lets the holder release it', async () => {
    const ticket = await newTicket();
    const colleague = await api.fixtures.user('OPERATOR', { name: 'Luca Verdi' });
    await api.graphql(CLAIM_TICKET, { id: ticket.id }, { token: colleague.token });
    const second = await api.graphql(CLAIM_TICKET, { id: ticket.id }, { token: operator.token });
    expect(second.errors![0]!.extensions).toMatchObject({
      code: 'TICKET_ALREADY_CLAIMED',
      claimedBy: { name: 'Luca Verdi' },
    });
    expect(second.errors![0]!.message).toContain('Luca Verdi');

    const notMine = await api.graphql(
      `mutation($id: ID!) { releaseTicket(id: $id) { id } }`,
      { id: ticket.id },
      { token: operator.token },
    );
    expect(notMine.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const released = await api.graphql(
      `mutation($id: ID!) { releaseTicket(id: $id) { claimedBy { id } status } }`,
      { id: ticket.id },
      { token: colleague.token },
    );
    expect(released.data.releaseTicket).toEqual({ claimedBy: null, status: 'AWAITING_INPUT' });
  });

  it('lets supervisors reassign, and nobody else', async () => {
    const ticket = await newTicket();
    const supervisor = await api.fixtures.user('SUPERVISOR');
    const reassign = `mutation($id: ID!, $operatorId: ID) { reassignTicket(id: $id, operatorId: $operatorId) { claimedBy { id } status } }`;
    const denied = await api.graphql(reassign, { id: ticket.id, operatorId: operator.id }, { token: operator.token });
    expect(denied.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const done = await api.graphql(reassign, { id: ticket.id, operatorId: operator.id }, { token: supervisor.token });
    expect(done.data.reassignTicket).toEqual({ claimedBy: { id: operator.id }, status: 'AWAITING_INPUT' });
  });
});

describe('the lifecycle', () => {
  it('walks a ticket to DONE and back through a complaint, recording every step', async () => {
    const ticket = await newTicket();
    const claimed = (await api.graphql(CLAIM_TICKET, { id: ticket.id }, { token: operator.token })).data.claimTicket;
    let version = claimed.version as number;
    const steps: Array<[string, Record<string, unknown>]> = [
      ['REQUEST_SENT', {}],
      ['IN_PROGRESS', {}],
      ['RESCHEDULED', { scheduledAt: new Date(Date.now() + 86_400_000).toISOString() }],
      ['IN_PROGRESS', {}],
      ['DONE', { solution: 'Sostituito il fusore della stampante.' }],
      ['COMPLAINT', { note: 'La stampante si è bloccata di nuovo dopo un giorno, foto allegate.' }],
    ];
    for (const [to, extra] of steps) {
      const result = await api.graphql(
        TRANSITION_TICKET,
        { id: ticket.id, input: { to, version, ...extra } },
        { token: operator.token },
      );
      expect(result.errors, `${to}: ${JSON.stringify(result.errors)}`).toBeUndefined();
      expect(result.data.transitionTicket.status).toBe(to);
      version = result.data.transitionTicket.version;
    }
    const stored = await api.db.ticket.findUniqueOrThrow({
      where: { id: ticket.id },
      include: { events: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }, notes: true },
    });
    expect(
      stored.events
        .filter((event) => event.type === 'STATUS_CHANGED')
        .map((event) => `${event.fromValue}>${event.toValue}`),
    ).toEqual([
      'AWAITING_INPUT>REQUEST_SENT',
      'REQUEST_SENT>IN_PROGRESS',
      'IN_PROGRESS>RESCHEDULED',
      'RESCHEDULED>IN_PROGRESS',
      'IN_PROGRESS>DONE',
      'DONE>COMPLAINT',
    ]);
    expect(stored.notes.map((note) => [note.visibility, note.body])).toEqual([
      ['PUBLIC', 'La stampante si è bloccata di nuovo dopo un giorno, foto allegate.'],
    ]);
    expect(stored.closedAt).toBeNull();
  });

  it('names the allowed moves when a move is not allowed', async () => {
    const ticket = await newTicket();
    const result = await api.graphql(
      TRANSITION_TICKET,
      { id: ticket.id, input: { to: 'IN_PROGRESS', version: ticket.version } },
      { token: operator.token },
    );
    expect(result.errors![0]!.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'NEW',
      to: 'IN_PROGRESS',
      allowed: ['AWAITING_INPUT', 'DONE', 'CANCELLED'],
    });
    expect(await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).toMatchObject({
      status: 'NEW',
      version: ticket.version,
    });
  });

  it('requires a reason to cancel, and keeps it as a note', async () => {
    const ticket = await newTicket();
    const missing = await api.graphql(
      TRANSITION_TICKET,
      { id: ticket.id, input: { to: 'CANCELLED', version: ticket.version } },
      { token: operator.token },
    );
    expect(missing.errors![0]!.extensions).toMatchObject({ code: 'VALIDATION', issues: [{ field: 'note' }] });
    const cancelled = await api.graphql(
      TRANSITION_TICKET,
      { id: ticket.id, input: { to: 'CANCELLED', version: ticket.version, note: 'Richiesta duplicata di HT00001.' } },
      { token: operator.token },
    );
    expect(cancelled.data.transitionTicket).toMatchObject({ status: 'CANCELLED' });
    expect(cancelled.data.transitionTicket.closedAt).not.toBeNull();
    const notes = await api.db.note.findMany({ where: { ticketId: ticket.id } });
    expect(notes.map((note) => note.body)).toEqual(['Richiesta duplicata di HT00001.']);
  });

  it('rejects a stale version and changes nothing', async () => {
    const ticket = await newTicket();
    const claimed = (await api.graphql(CLAIM_TICKET, { id: ticket.id }, { token: operator.token })).data.claimTicket;
    const stale = await api.graphql(
      TRANSITION_TICKET,
      { id: ticket.id, input: { to: 'IN_PROGRESS', version: claimed.version - 1 } },
      { token: operator.token },
    );
    expect(stale.errors![0]!.extensions).toMatchObject({ code: 'STALE_VERSION', currentVersion: claimed.version });
    expect(await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).toMatchObject({
      status: 'AWAITING_INPUT',
      version: claimed.version,
    });
  });

  it('lets only one of two operators moving the same ticket at once win', async () => {
    const ticket = await newTicket();
    const supervisor = await api.fixtures.user('SUPERVISOR');
    const claimed = (await api.graphql(CLAIM_TICKET, { id: ticket.id }, { token: operator.token })).data.claimTicket;
    const [first, second] = await Promise.all([
      api.graphql(
        TRANSITION_TICKET,
        { id: ticket.id, input: { to: 'IN_PROGRESS', version: claimed.version } },
        { token: operator.token },
      ),
      api.graphql(
        TRANSITION_TICKET,
        { id: ticket.id, input: { to: 'CANCELLED', version: claimed.version, note: 'Annullato dal supervisore.' } },
        { token: supervisor.token },
      ),
    ]);
    const outcomes = [first, second].map((result) => result.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(outcomes).toEqual(['OK', 'STALE_VERSION']);
    const stored = await api.db.ticket.findUniqueOrThrow({
      where: { id: ticket.id },
      include: { events: true, notes: true },
    });
    expect(stored.version).toBe(claimed.version + 1);
    expect(stored.events.filter((event) => event.type === 'STATUS_CHANGED')).toHaveLength(1);
    expect(stored.notes).toHaveLength(stored.status === 'CANCELLED' ? 1 : 0);
  });
});

describe('listing and finding tickets', () => {
  it('filters, searches by code or text and sorts', async () => {
    const otherQueue = await api.fixtures.queue();
    const target = await newTicket({
      queueId: otherQueue.id,
      subject: 'Camper: frigorifero trivalente spento',
      requestedPriority: 3,
    });
    await newTicket({ queueId: otherQueue.id, subject: 'Autovettura: spia motore accesa', requestedPriority: 1 });
    const list = `query($filter: TicketFilter, $orderBy: TicketOrder, $first: Int) {
      tickets(filter: $filter, orderBy: $orderBy, first: $first) { edges { node { code subject priority } } pageInfo { hasNextPage endCursor } }
    }`;
    const byQueue = await api.graphql(
      list,
      { filter: { queueId: otherQueue.id }, orderBy: { field: 'PRIORITY', direction: 'DESC' } },
      { token: operator.token },
    );
    expect(byQueue.data.tickets.edges.map((edge: any) => edge.node.priority)).toEqual([3, 1]);
    const byText = await api.graphql(list, { filter: { search: 'frigorifero' } }, { token: operator.token });
    expect(byText.data.tickets.edges.map((edge: any) => edge.node.code)).toEqual([target.code]);
    const byCode = await api.graphql(
      list,
      { filter: { search: target.code.toLowerCase() } },
      { token: operator.token },
    );
    expect(byCode.data.tickets.edges.map((edge: any) => edge.node.code)).toEqual([target.code]);
    const unclaimed = await api.graphql(
      list,
      { filter: { queueId: otherQueue.id, unclaimed: true, status: ['NEW'] } },
      { token: operator.token },
    );
    expect(unclaimed.data.tickets.edges).toHaveLength(2);

    const firstPage = await api.graphql(
      list,
      { first: 1, filter: { queueId: otherQueue.id } },
      { token: operator.token },
    );
    expect(firstPage.data.tickets.pageInfo.hasNextPage).toBe(true);
    const one = await api.graphql(
      `query($code: String!) { ticket(code: $code) { code subject queue { name } } }`,
      { code: target.code },
      { token: operator.token },
    );
    expect(one.data.ticket).toEqual({
      code: target.code,
      subject: 'Camper: frigorifero trivalente spento',
      queue: { name: otherQueue.name },
    });
  });

  it('lists open and closed tickets as they close and reopen, the last changed first', async () => {
    const listQueue = await api.fixtures.queue();
    const waiting = await newTicket({ queueId: listQueue.id, subject: 'Computer: ventola rumorosa' });
    const solved = await newTicket({ queueId: listQueue.id, solution: 'Sostituito il toner della stampante.' });
    const reopened = await newTicket({ queueId: listQueue.id, solution: 'Reimpostata la password della posta.' });
    const complaint = await api.graphql(
      TRANSITION_TICKET,
      { id: reopened.id, input: { to: 'COMPLAINT', version: reopened.version, note: 'La posta non parte ancora.' } },
      { token: operator.token },
    );
    expect(complaint.errors).toBeUndefined();
    const list = `query($filter: TicketFilter) {
      tickets(filter: $filter, orderBy: { field: UPDATED_AT, direction: DESC }) { edges { node { id status } } }
    }`;
    const page = async (open: boolean) =>
      (
        await api.graphql(list, { filter: { queueId: listQueue.id, open } }, { token: operator.token })
      ).data.tickets.edges.map((edge: any) => [edge.node.id, edge.node.status]);
    expect(await page(true)).toEqual([
      [reopened.id, 'COMPLAINT'],
      [waiting.id, 'NEW'],
    ]);
    expect(await page(false)).toEqual([[solved.id, 'DONE']]);

    // Whoever writes tickets is held to it by the database: closed exactly when there is a closing time.
    const outOfStep = [
      { id: waiting.id, data: { status: 'DONE' as const } },
      { id: waiting.id, data: { closedAt: new Date() } },
      { id: solved.id, data: { status: 'IN_PROGRESS' as const } },
      { id: solved.id, data: { closedAt: null } },
    ];
    for (const { id, data } of outOfStep) {
      await expect(api.db.ticket.update({ where: { id }, data })).rejects.toThrow(/Ticket_closed_with_closing_time/);
    }
    expect(await page(true)).toEqual([
      [reopened.id, 'COMPLAINT'],
      [waiting.id, 'NEW'],
    ]);
    expect(await page(false)).toEqual([[solved.id, 'DONE']]);
  });

  it('counts tickets per queue and status', async () => {
    const countQueue = await api.fixtures.queue();
    await newTicket({ queueId: countQueue.id });
    await newTicket({ queueId: countQueue.id });
    const counts = await api.graphql(
      `query($filter: TicketFilter) { ticketCounts(filter: $filter) { queueId status count } }`,
      { filter: { queueId: countQueue.id } },
      { token: operator.token },
    );
    expect(counts.data.ticketCounts).toEqual([{ queueId: countQueue.id, status: 'NEW', count: 2 }]);
  });
});
