import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  CLAIM_TICKET,
  collect,
  CREATE_TICKET,
  PNG,
  startTestApi,
  ticketInput,
  TRANSITION_TICKET,
  type Credentials,
  type GraphQLResponse,
  type TestApi,
  type Upload,
} from './harness.ts';

type Fixture = Awaited<ReturnType<TestApi['fixtures']['user']>>;

let api: TestApi;
let queueId: string;
let operator: Fixture;
let supervisor: Fixture;
let admin: Fixture;
/** Two organisations, each with a portal user. */
let orgA: { id: string };
let orgB: { id: string };
let customerA: Fixture;
let customerB: Fixture;
/** A's ticket, with one PUBLIC and one INTERNAL note written by the staff. */
let ticketA: { id: string; code: string; version: number };
let publicNoteA: string;
let internalNoteA: string;
let ticketB: { id: string; code: string; version: number };

const ME = `query { me { id email role } }`;
const ADD_NOTE = `mutation($input: AddNoteInput!) { addNote(input: $input) { id visibility body attachments { id url size contentType fileName } } }`;
const REASSIGN = `mutation($id: ID!, $operatorId: ID) { reassignTicket(id: $id, operatorId: $operatorId) { claimedBy { id } } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { id email } }`;
const CREATE_API_TOKEN = `mutation($name: String!, $scope: TokenScope!, $expiresAt: DateTime) {
  createApiToken(name: $name, scope: $scope, expiresAt: $expiresAt) { token apiToken { id scope prefix } }
}`;

const codeOf = (result: GraphQLResponse) => result.errors?.[0]?.extensions?.code;

/** Exactly one error, with this code, no data for the failed root field, and never an HTTP 500. */
function expectRefused(result: GraphQLResponse, code: string) {
  expect(result.status).not.toBe(500);
  expect(result.errors, JSON.stringify(result)).toHaveLength(1);
  expect(codeOf(result)).toBe(code);
  expect(result.data ?? null).toBeNull();
}

async function newTicket(overrides: Record<string, unknown> = {}, token = operator.token) {
  const result = await api.graphql(CREATE_TICKET, { input: ticketInput(queueId, overrides) }, { token });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.createTicket as { id: string; code: string; version: number };
}

async function addNote(ticketId: string, visibility: 'PUBLIC' | 'INTERNAL', body: string, token = operator.token) {
  const result = await api.graphql(ADD_NOTE, { input: { ticketId, visibility, body } }, { token });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.addNote.id as string;
}

async function login(email: string, password: string) {
  const result = await api.graphql(LOGIN, { email, password });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  const setCookie = result.headers.get('set-cookie') ?? '';
  const value = /sportello_session=([^;]*)/.exec(setCookie)?.[1];
  expect(value).toBeTruthy();
  return { cookie: `sportello_session=${value}`, setCookie };
}

/** addNote with files, as the dashboard sends it. */
const uploadNote = (
  input: { ticketId: string; visibility: 'PUBLIC' | 'INTERNAL'; body: string },
  files: Upload[],
  credentials: Credentials,
) => api.graphqlWithFiles(ADD_NOTE, input, files, credentials);

function download(id: string, credentials: { token?: string; cookie?: string } = {}) {
  return fetch(new URL(`/files/${encodeURIComponent(id)}`, api.url), {
    headers: {
      ...(credentials.token ? { authorization: `Bearer ${credentials.token}` } : {}),
      ...(credentials.cookie ? { cookie: credentials.cookie } : {}),
    },
  });
}

// The start of a Windows executable.
const EXE = Uint8Array.from(Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), Buffer.alloc(240)]));

/**
 * What a subscription gives before it completes: the results it delivered, and the GraphQL errors of an `error`
 * message (graphql-ws sends those when an operation fails as a whole). A closed connection rejects.
 */
function outcomeOf(client: ReturnType<TestApi['wsClient']>, query: string, variables: Record<string, unknown>) {
  return new Promise<{
    results: Array<{ data?: unknown; errors?: unknown }>;
    errors: Array<{ message: string; extensions?: Record<string, unknown> }>;
  }>((resolve, reject) => {
    const results: Array<{ data?: unknown; errors?: unknown }> = [];
    const timer = setTimeout(() => {
      unsubscribe();
      resolve({ results, errors: [] });
    }, 5_000);
    const unsubscribe = client.subscribe(
      { query, variables },
      {
        next: (result) => {
          results.push(result);
          if (result.errors) {
            clearTimeout(timer);
            unsubscribe();
            resolve({ results, errors: [] });
          }
        },
        error: (error) => {
          clearTimeout(timer);
          if (Array.isArray(error)) resolve({ results, errors: error });
          else reject(error);
        },
        complete: () => {
          clearTimeout(timer);
          resolve({ results, errors: [] });
        },
      },
    );
  });
}

/** The codes of the errors a subscription ended with, whichever way graphql-ws carried them. */
const errorCodes = (outcome: Awaited<ReturnType<typeof outcomeOf>>) => [
  ...outcome.errors.map((error) => error.extensions?.code),
  ...outcome.results.flatMap((result) =>
    ((result.errors as Array<{ extensions?: { code?: string } }>) ?? []).map((error) => error.extensions?.code),
  ),
];

beforeAll(async () => {
  api = await startTestApi();
  queueId = (await api.fixtures.queue()).id;
  [operator, supervisor, admin] = await Promise.all([
    api.fixtures.user('OPERATOR'),
    api.fixtures.user('SUPERVISOR'),
    api.fixtures.user('ADMIN'),
  ]);
  [orgA, orgB] = await Promise.all([api.fixtures.customer(), api.fixtures.customer()]);
  [customerA, customerB] = await Promise.all([
    api.fixtures.user('CUSTOMER', { customerId: orgA.id, name: 'Anna Cliente' }),
    api.fixtures.user('CUSTOMER', { customerId: orgB.id, name: 'Bruno Cliente' }),
  ]);
  ticketA = await newTicket({ customerId: orgA.id, subject: 'Ticket of organisation A' });
  ticketB = await newTicket({ customerId: orgB.id, subject: 'Ticket of organisation B' });
  await newTicket({ subject: 'Ticket of no organisation' });
  publicNoteA = await addNote(ticketA.id, 'PUBLIC', 'We are looking into it.');
  internalNoteA = await addNote(ticketA.id, 'INTERNAL', 'Staff only: the customer forgot to pay the last invoice.');
  ticketA.version = (await api.db.ticket.findUniqueOrThrow({ where: { id: ticketA.id } })).version;
});
afterAll(() => api?.stop());

describe('without credentials', () => {
  it.each([
    ['tickets', `query { tickets { edges { node { id } } } }`, {}],
    ['me', ME, {}],
    ['ticket', `query($code: String) { ticket(code: $code) { id } }`, { code: 'HT00001' }],
    ['queues', `query { queues { id } }`, {}],
    ['createTicket', CREATE_TICKET, { input: ticketInput('00000000-0000-0000-0000-000000000000') }],
    ['addNote', ADD_NOTE, { input: { ticketId: 'x', visibility: 'PUBLIC', body: 'hello' } }],
    ['logout', `mutation { logout }`, {}],
  ])('refuses %s with UNAUTHENTICATED', async (_name, query, variables) => {
    const result = await api.graphql(query, variables);
    expectRefused(result, 'UNAUTHENTICATED');
  });

  it('refuses a Bearer token that is not one of ours, and a forged session cookie', async () => {
    expectRefused(await api.graphql(ME, {}, { token: 'spt_not-a-real-token' }), 'UNAUTHENTICATED');
    expectRefused(await api.graphql(ME, {}, { token: 'garbage' }), 'UNAUTHENTICATED');
    expectRefused(await api.graphql(ME, {}, { cookie: 'sportello_session=forged' }), 'UNAUTHENTICATED');
  });

  it('refuses a wrong password, or an unknown email, with INVALID_CREDENTIALS and no cookie', async () => {
    const sessionsBefore = await api.db.session.count();
    for (const [email, password] of [
      [operator.email, 'not the password'],
      ['nobody@test.sportello', operator.password],
    ] as const) {
      const result = await api.graphql(LOGIN, { email, password });
      expectRefused(result, 'INVALID_CREDENTIALS');
      expect(result.headers.get('set-cookie')).toBeNull();
    }
    expect(await api.db.session.count()).toBe(sessionsBefore);
  });

  it('signs in with the right password: an HttpOnly, SameSite=Lax session cookie that authenticates, until logout', async () => {
    const result = await api.graphql(LOGIN, { email: operator.email.toUpperCase(), password: operator.password });
    expect(result.errors).toBeUndefined();
    expect(result.data.login).toEqual({ id: operator.id, email: operator.email });
    const setCookie = result.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^sportello_session=[^;\s]{20,};/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    const cookie = setCookie.split(';')[0]!;

    const me = await api.graphql(ME, {}, { cookie });
    expect(me.errors).toBeUndefined();
    expect(me.data.me).toEqual({ id: operator.id, email: operator.email, role: 'OPERATOR' });

    const logout = await api.graphql(`mutation { logout }`, {}, { cookie });
    expect(logout.errors).toBeUndefined();
    expect(logout.data.logout).toBe(true);
    // The browser is told to forget the cookie, and the server forgot the session anyway.
    expect(logout.headers.get('set-cookie')).toMatch(/^sportello_session=;/);
    expectRefused(await api.graphql(ME, {}, { cookie }), 'UNAUTHENTICATED');
  });
});

describe('graphql-ws', () => {
  const UPDATED = `subscription($code: String!) { ticketUpdated(code: $code) { code status } }`;

  it('refuses a connection without credentials at connection_init, delivering nothing', async () => {
    const client = api.wsClient();
    const results: unknown[] = [];
    const closed = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: UPDATED, variables: { code: ticketA.code } },
        { next: (value) => results.push(value), error: resolve, complete: () => resolve('completed') },
      );
    });
    await client.dispose();
    expect(closed).not.toBe('completed');
    expect((closed as { code?: number }).code).toBe(4403);
    expect(results).toEqual([]);
  });

  it('refuses a revoked-looking or unknown token at connection_init', async () => {
    const client = api.wsClient({ token: 'spt_unknown' });
    const error = await collect(client, UPDATED, { code: ticketA.code }, 1, 5_000).done.then(
      () => null,
      (reason: unknown) => reason,
    );
    await client.dispose();
    expect((error as { code?: number } | null)?.code).toBe(4403);
  });

  it('accepts a token in connectionParams.authorization', async () => {
    const client = api.wsClient({ token: operator.token });
    const results = await collect<{ ticketUpdated: { code: string } }>(client, UPDATED, { code: ticketA.code }, 1).done;
    await client.dispose();
    expect(results).toEqual([{ data: { ticketUpdated: { code: ticketA.code, status: 'NEW' } } }]);
  });

  it('accepts the session cookie sent with the upgrade', async () => {
    const { cookie } = await login(customerA.email, customerA.password);
    const client = api.wsClient({ cookie });
    const results = await collect<{ ticketUpdated: { code: string } }>(client, UPDATED, { code: ticketA.code }, 1).done;
    await client.dispose();
    expect(results).toEqual([{ data: { ticketUpdated: { code: ticketA.code, status: 'NEW' } } }]);
  });
});

describe('a customer user', () => {
  it('lists only the tickets of their organisation', async () => {
    const result = await api.graphql(
      `query { tickets(first: 100) { edges { node { code customer { id } } } } }`,
      {},
      { token: customerA.token },
    );
    expect(result.errors).toBeUndefined();
    const expected = await api.db.ticket.findMany({ where: { customerId: orgA.id } });
    expect(expected.length).toBeGreaterThan(0);
    const nodes = result.data.tickets.edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => node.code).sort()).toEqual(
      expected.map((ticket) => `HT${String(ticket.number).padStart(5, '0')}`).sort(),
    );
    expect(nodes.every((node: any) => node.customer.id === orgA.id)).toBe(true);

    const counts = await api.graphql(`query { ticketCounts { count } }`, {}, { token: customerA.token });
    expect(counts.data.ticketCounts.reduce((sum: number, row: any) => sum + row.count, 0)).toBe(expected.length);
    // A filter on another organisation does not widen what they see.
    const other = await api.graphql(
      `query($filter: TicketFilter) { tickets(filter: $filter) { edges { node { code } } } }`,
      { filter: { customerId: orgB.id } },
      { token: customerA.token },
    );
    expect(other.data.tickets.edges).toEqual([]);
  });

  it('gets NOT_FOUND for a ticket of another organisation, by code or by id', async () => {
    expectRefused(
      await api.graphql(
        `query($code: String) { ticket(code: $code) { id subject } }`,
        { code: ticketB.code },
        { token: customerA.token },
      ),
      'NOT_FOUND',
    );
    expectRefused(
      await api.graphql(
        `query($id: ID) { ticket(id: $id) { id subject } }`,
        { id: ticketB.id },
        { token: customerA.token },
      ),
      'NOT_FOUND',
    );
    const own = await api.graphql(
      `query($code: String) { ticket(code: $code) { id } }`,
      { code: ticketA.code },
      { token: customerA.token },
    );
    expect(own.data.ticket).toEqual({ id: ticketA.id });
  });

  it('never sees internal notes nor internal timeline entries', async () => {
    const result = await api.graphql(
      `query($code: String) { ticket(code: $code) { notes { id visibility body } events { type internal noteId } } }`,
      { code: ticketA.code },
      { token: customerA.token },
    );
    expect(result.errors).toBeUndefined();
    const { notes, events } = result.data.ticket;
    expect(notes).toEqual([{ id: publicNoteA, visibility: 'PUBLIC', body: 'We are looking into it.' }]);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event: any) => event.internal === false)).toBe(true);
    expect(events.map((event: any) => event.noteId)).not.toContain(internalNoteA);
    expect(JSON.stringify(result)).not.toContain('forgot to pay');

    // The staff see both.
    const staff = await api.graphql(
      `query($code: String) { ticket(code: $code) { notes { id } events { internal } } }`,
      { code: ticketA.code },
      { token: operator.token },
    );
    expect(staff.data.ticket.notes.map((note: any) => note.id)).toEqual([publicNoteA, internalNoteA]);
    expect(staff.data.ticket.events.some((event: any) => event.internal)).toBe(true);
  });

  it('is not pointed to the internal note of a status change (a suspension’s reason is internal)', async () => {
    const ticket = await newTicket({ customerId: orgA.id, subject: 'Da sospendere' });
    let version = (await api.graphql(CLAIM_TICKET, { id: ticket.id }, { token: operator.token })).data.claimTicket
      .version;
    for (const input of [{ to: 'IN_PROGRESS' }, { to: 'SUSPENDED', note: 'Interno: priorità al cliente grande.' }]) {
      const moved = await api.graphql(
        TRANSITION_TICKET,
        { id: ticket.id, input: { ...input, version } },
        { token: operator.token },
      );
      expect(moved.errors, JSON.stringify(moved.errors)).toBeUndefined();
      version = moved.data.transitionTicket.version;
    }
    const [internalNote] = await api.db.note.findMany({ where: { ticketId: ticket.id } });
    expect(internalNote!.visibility).toBe('INTERNAL');

    const seen = await api.graphql(
      `query($code: String) { ticket(code: $code) { status notes { id } events { type toValue noteId } } }`,
      { code: ticket.code },
      { token: customerA.token },
    );
    expect(seen.errors).toBeUndefined();
    expect(seen.data.ticket.status).toBe('SUSPENDED');
    expect(seen.data.ticket.notes).toEqual([]);
    // The customer sees that the ticket was suspended, but nothing of (nor a reference to) the internal reason.
    expect(seen.data.ticket.events.map((event: any) => [event.type, event.toValue, event.noteId])).toContainEqual([
      'STATUS_CHANGED',
      'SUSPENDED',
      null,
    ]);
    expect(JSON.stringify(seen)).not.toContain(internalNote!.id);
    // The staff do see the reference.
    const staff = await api.graphql(
      `query($code: String) { ticket(code: $code) { events { noteId } } }`,
      { code: ticket.code },
      { token: operator.token },
    );
    expect(staff.data.ticket.events.map((event: any) => event.noteId)).toContain(internalNote!.id);
  });

  it('gets NOT_FOUND for another organisation', async () => {
    expectRefused(
      await api.graphql(`query($id: ID!) { customer(id: $id) { name } }`, { id: orgB.id }, { token: customerA.token }),
      'NOT_FOUND',
    );
    const own = await api.graphql(
      `query($id: ID!) { customer(id: $id) { id } }`,
      { id: orgA.id },
      { token: customerA.token },
    );
    expect(own.data.customer).toEqual({ id: orgA.id });
    expectRefused(await api.graphql(`query { customers { id } }`, {}, { token: customerA.token }), 'FORBIDDEN');
  });

  it('cannot claim, transition, reassign, release or edit a ticket, even their own', async () => {
    const before = await api.db.ticket.findUniqueOrThrow({ where: { id: ticketA.id } });
    const eventsBefore = await api.db.ticketEvent.count({ where: { ticketId: ticketA.id } });
    expectRefused(await api.graphql(CLAIM_TICKET, { id: ticketA.id }, { token: customerA.token }), 'FORBIDDEN');
    expectRefused(
      await api.graphql(
        TRANSITION_TICKET,
        { id: ticketA.id, input: { to: 'CANCELLED', version: before.version, note: 'Non serve più.' } },
        { token: customerA.token },
      ),
      'FORBIDDEN',
    );
    expectRefused(
      await api.graphql(REASSIGN, { id: ticketA.id, operatorId: operator.id }, { token: customerA.token }),
      'FORBIDDEN',
    );
    expectRefused(
      await api.graphql(
        `mutation($id: ID!) { releaseTicket(id: $id) { id } }`,
        { id: ticketA.id },
        { token: customerA.token },
      ),
      'FORBIDDEN',
    );
    expectRefused(
      await api.graphql(
        `mutation($id: ID!, $input: UpdateTicketInput!) { updateTicket(id: $id, input: $input) { id } }`,
        { id: ticketA.id, input: { version: before.version, subject: 'Urgentissimo!!!' } },
        { token: customerA.token },
      ),
      'FORBIDDEN',
    );
    expect(await api.db.ticket.findUniqueOrThrow({ where: { id: ticketA.id } })).toEqual(before);
    expect(await api.db.ticketEvent.count({ where: { ticketId: ticketA.id } })).toBe(eventsBefore);
  });

  it('creates tickets through the portal, for their own organisation whatever they send', async () => {
    const result = await api.graphql(
      CREATE_TICKET,
      { input: ticketInput(queueId, { channel: 'PHONE', customerId: orgB.id, subject: 'Dal portale' }) },
      { token: customerA.token },
    );
    expect(result.errors).toBeUndefined();
    const stored = await api.db.ticket.findUniqueOrThrow({
      where: { id: result.data.createTicket.id },
      include: { contact: true },
    });
    expect(stored).toMatchObject({ channel: 'PORTAL', customerId: orgA.id, createdById: customerA.id, status: 'NEW' });
    expect(stored.contact?.userId).toBe(customerA.id);
    expect(result.data.createTicket.claimedBy).toBeNull();
  });

  it('cannot set what only the staff set on a new ticket', async () => {
    const before = await api.db.ticket.count();
    const result = await api.graphql(
      CREATE_TICKET,
      { input: ticketInput(queueId, { solution: 'Risolto da solo, chiudo io il ticket.' }) },
      { token: customerA.token },
    );
    expectRefused(result, 'FORBIDDEN');
    expect(await api.db.ticket.count()).toBe(before);
  });

  it('adds PUBLIC notes to their tickets, but no INTERNAL ones and none on other organisations’ tickets', async () => {
    const notesBefore = await api.db.note.count();
    const added = await api.graphql(
      ADD_NOTE,
      { input: { ticketId: ticketA.id, visibility: 'PUBLIC', body: 'Grazie, attendo.' } },
      { token: customerA.token },
    );
    expect(added.errors).toBeUndefined();
    expect(added.data.addNote).toMatchObject({ visibility: 'PUBLIC', body: 'Grazie, attendo.' });
    expect(await api.db.note.count()).toBe(notesBefore + 1);

    expectRefused(
      await api.graphql(
        ADD_NOTE,
        { input: { ticketId: ticketA.id, visibility: 'INTERNAL', body: 'Nota segreta' } },
        { token: customerA.token },
      ),
      'FORBIDDEN',
    );
    expectRefused(
      await api.graphql(
        ADD_NOTE,
        { input: { ticketId: ticketB.id, visibility: 'PUBLIC', body: 'Curiosando' } },
        { token: customerA.token },
      ),
      'NOT_FOUND',
    );
    expect(await api.db.note.count()).toBe(notesBefore + 1);
  });

  it('cannot read the staff’s email addresses, only their names, but can read their own', async () => {
    const claimed = await api.graphql(CLAIM_TICKET, { id: ticketB.id }, { token: operator.token });
    expect(claimed.errors).toBeUndefined();
    ticketB.version = claimed.data.claimTicket.version;

    const names = await api.graphql(
      `query($code: String) { ticket(code: $code) { claimedBy { name } } }`,
      { code: ticketB.code },
      { token: customerB.token },
    );
    expect(names.errors).toBeUndefined();
    expect(names.data.ticket.claimedBy).toEqual({ name: operator.name });

    const emails = await api.graphql(
      `query($code: String) { ticket(code: $code) { code claimedBy { name email } } }`,
      { code: ticketB.code },
      { token: customerB.token },
    );
    expect(emails.status).not.toBe(500);
    expect(emails.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(emails)).not.toContain(operator.email);

    const users = await api.graphql(`query { users { email } }`, {}, { token: customerB.token });
    expectRefused(users, 'FORBIDDEN');
    const me = await api.graphql(ME, {}, { token: customerB.token });
    expect(me.data.me).toEqual({ id: customerB.id, email: customerB.email, role: 'CUSTOMER' });
  });
});

describe('subscriptions of a customer', () => {
  it('delivers the events of their organisation’s tickets only, and never an internal note', async () => {
    const client = api.wsClient({ token: customerA.token });
    const events = collect<{
      ticketEvents: { type: string; internal: boolean; noteId: string | null; ticket: { id: string } };
    }>(client, `subscription { ticketEvents { type internal noteId ticket { id } } }`, {}, 3, 3_000);
    await events.started;
    await new Promise((resolve) => setTimeout(resolve, 500));

    await addNote(ticketA.id, 'INTERNAL', 'Interno: da non mostrare.');
    await addNote(ticketB.id, 'PUBLIC', 'Risposta al cliente B.');
    const other = await newTicket({ customerId: orgB.id, subject: 'Altro ticket di B' });
    const visible = await addNote(ticketA.id, 'PUBLIC', 'Risposta al cliente A.');
    const delivered = await events.done;
    await client.dispose();

    expect(delivered.map((result) => result.errors)).toEqual([undefined]);
    expect(delivered.map((result) => result.data!.ticketEvents)).toEqual([
      { type: 'NOTE_ADDED', internal: false, noteId: visible, ticket: { id: ticketA.id } },
    ]);
    expect(other.id).toBeTruthy();
  });

  it('refuses ticketUpdated for another organisation’s ticket with NOT_FOUND, and delivers no data', async () => {
    const client = api.wsClient({ token: customerA.token });
    const outcome = await outcomeOf(
      client,
      `subscription($code: String!) { ticketUpdated(code: $code) { code subject } }`,
      { code: ticketB.code },
    );
    await client.dispose();
    expect(errorCodes(outcome)).toEqual(['NOT_FOUND']);
    expect(outcome.results.map((result) => result.data ?? null)).toEqual(outcome.results.map(() => null));
    expect(JSON.stringify(outcome)).not.toContain('organisation B');
  });

  it('refuses ticketUpdated for an unknown or malformed code with NOT_FOUND, and keeps the connection usable', async () => {
    const client = api.wsClient({ token: customerA.token });
    for (const code of ['HT99999', 'banana']) {
      const missing = await outcomeOf(client, `subscription($code: String!) { ticketUpdated(code: $code) { code } }`, {
        code,
      });
      expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
    }
    const own = await collect<{ ticketUpdated: { code: string } }>(
      client,
      `subscription($code: String!) { ticketUpdated(code: $code) { code } }`,
      { code: ticketA.code },
      1,
    ).done;
    await client.dispose();
    expect(own).toEqual([{ data: { ticketUpdated: { code: ticketA.code } } }]);
  });

  it('refuses the staff-only parts of the live feed', async () => {
    const client = api.wsClient({ token: customerA.token });
    const calls = await outcomeOf(client, `subscription { callEvents { id callerNumber } }`, {});
    await client.dispose();
    expect(errorCodes(calls)).toEqual(['FORBIDDEN']);
  });
});

describe('API tokens', () => {
  it('lets a READ token read, and refuses every change with FORBIDDEN', async () => {
    const { cookie } = await login(operator.email, operator.password);
    const created = await api.graphql(CREATE_API_TOKEN, { name: 'wallboard', scope: 'READ' }, { cookie });
    expect(created.errors).toBeUndefined();
    expect(created.data.createApiToken.apiToken.scope).toBe('READ');
    const token = created.data.createApiToken.token as string;
    expect(created.data.createApiToken.token.startsWith(created.data.createApiToken.apiToken.prefix)).toBe(true);

    const read = await api.graphql(`query { tickets(first: 1) { edges { node { id } } } me { id } }`, {}, { token });
    expect(read.errors).toBeUndefined();
    expect(read.data.me.id).toBe(operator.id);

    const before = {
      tickets: await api.db.ticket.count(),
      notes: await api.db.note.count(),
      ticket: await api.db.ticket.findUniqueOrThrow({ where: { id: ticketA.id } }),
    };
    expectRefused(await api.graphql(CREATE_TICKET, { input: ticketInput(queueId) }, { token }), 'FORBIDDEN');
    expectRefused(await api.graphql(CLAIM_TICKET, { id: ticketA.id }, { token }), 'FORBIDDEN');
    expectRefused(
      await api.graphql(ADD_NOTE, { input: { ticketId: ticketA.id, visibility: 'INTERNAL', body: 'no' } }, { token }),
      'FORBIDDEN',
    );
    expectRefused(
      await api.graphql(
        TRANSITION_TICKET,
        { id: ticketA.id, input: { to: 'CANCELLED', version: before.ticket.version, note: 'Annullato.' } },
        { token },
      ),
      'FORBIDDEN',
    );
    expectRefused(
      await api.graphql(CREATE_API_TOKEN, { name: 'escalate', scope: 'READ_WRITE' }, { token }),
      'FORBIDDEN',
    );
    expectRefused(
      await api.graphql(
        `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`,
        { id: created.data.createApiToken.apiToken.id },
        { token },
      ),
      'FORBIDDEN',
    );
    expect(await api.db.ticket.count()).toBe(before.tickets);
    expect(await api.db.note.count()).toBe(before.notes);
    expect(await api.db.ticket.findUniqueOrThrow({ where: { id: ticketA.id } })).toEqual(before.ticket);
  });

  it('refuses to create a token from another token', async () => {
    const before = await api.db.apiToken.count();
    const result = await api.graphql(CREATE_API_TOKEN, { name: 'child', scope: 'READ' }, { token: operator.token });
    expectRefused(result, 'FORBIDDEN');
    expect(await api.db.apiToken.count()).toBe(before);
  });

  it('stops a revoked token at once', async () => {
    const { cookie } = await login(supervisor.email, supervisor.password);
    const created = await api.graphql(CREATE_API_TOKEN, { name: 'script', scope: 'READ_WRITE' }, { cookie });
    const token = created.data.createApiToken.token as string;
    expect((await api.graphql(ME, {}, { token })).data.me.id).toBe(supervisor.id);

    const revoked = await api.graphql(
      `mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }`,
      { id: created.data.createApiToken.apiToken.id },
      { cookie },
    );
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data.revokeApiToken.revokedAt).not.toBeNull();
    expectRefused(await api.graphql(ME, {}, { token }), 'UNAUTHENTICATED');
    expectRefused(await api.graphql(CREATE_TICKET, { input: ticketInput(queueId) }, { token }), 'UNAUTHENTICATED');
  });

  it('closes the connection of a revoked token, ending its subscriptions (4403)', async () => {
    const { cookie } = await login(operator.email, operator.password);
    const created = await api.graphql(CREATE_API_TOKEN, { name: 'wallboard-ws', scope: 'READ' }, { cookie });
    const token = created.data.createApiToken.token;
    // The token works for subscriptions until it is revoked (checked on a connection of its own, so that the only
    // subscription on the connection held below is the one the revocation must end).
    const UPDATED = `subscription($code: String!) { ticketUpdated(code: $code) { code } }`;
    const probe = api.wsClient({ token });
    const before = await collect<{ ticketUpdated: { code: string } }>(probe, UPDATED, { code: ticketA.code }, 1).done;
    await probe.dispose();
    expect(before).toEqual([{ data: { ticketUpdated: { code: ticketA.code } } }]);
    // The held connection speaks graphql-ws by hand: what is checked is how the server ends it, without a client
    // library's own handling of the close in between.
    const socket = new WebSocket(api.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    const subscribed = new Promise<void>((resolve) =>
      socket.on('message', (raw) => {
        const message = JSON.parse(String(raw)) as { type: string };
        if (message.type === 'connection_ack') {
          socket.send(
            JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { ticketEvents { id } }' } }),
          );
          resolve();
        }
      }),
    );
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })),
    );
    await subscribed;

    await api.graphql(
      `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`,
      { id: created.data.createApiToken.apiToken.id },
      { cookie },
    );
    expect(await closed).toBe(4403);
  });

  it('cannot revoke a colleague’s token', async () => {
    const { cookie } = await login(operator.email, operator.password);
    const theirs = await api.db.apiToken.findFirstOrThrow({ where: { userId: supervisor.id, revokedAt: null } });
    expectRefused(
      await api.graphql(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: theirs.id }, { cookie }),
      'NOT_FOUND',
    );
    expect((await api.db.apiToken.findUniqueOrThrow({ where: { id: theirs.id } })).revokedAt).toBeNull();
  });

  it('stops an expired token', async () => {
    const { issueApiToken } = await import('@sportello/schema/domain/identity');
    const { token, apiToken } = await issueApiToken(operator.id, {
      name: 'short-lived',
      scope: 'READ_WRITE',
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect((await api.graphql(ME, {}, { token })).data.me.id).toBe(operator.id);
    await api.db.apiToken.update({ where: { id: apiToken.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expectRefused(await api.graphql(ME, {}, { token }), 'UNAUTHENTICATED');

    const expired = await issueApiToken(operator.id, {
      name: 'already expired',
      scope: 'READ',
      expiresAt: new Date(Date.now() - 60_000),
    });
    expectRefused(await api.graphql(ME, {}, { token: expired.token }), 'UNAUTHENTICATED');
  });

  it('stops the token of a deactivated user', async () => {
    const leaver = await api.fixtures.user('OPERATOR');
    await api.db.user.update({ where: { id: leaver.id }, data: { active: false } });
    expectRefused(await api.graphql(ME, {}, { token: leaver.token }), 'UNAUTHENTICATED');
  });
});

describe('roles', () => {
  const CREATE_QUEUE = `mutation($input: QueueInput!) { createQueue(input: $input) { id name } }`;
  const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email role } }`;
  const newUser = (email: string) => ({
    email,
    name: 'Nuova Operatrice',
    role: 'OPERATOR',
    password: 'una password lunga',
  });

  it('lets operators neither reassign nor create queues or users', async () => {
    const ticket = await newTicket();
    const before = { queues: await api.db.queue.count(), users: await api.db.user.count() };
    expectRefused(
      await api.graphql(REASSIGN, { id: ticket.id, operatorId: operator.id }, { token: operator.token }),
      'FORBIDDEN',
    );
    expectRefused(
      await api.graphql(CREATE_QUEUE, { input: { name: 'CODA OPERATORE' } }, { token: operator.token }),
      'FORBIDDEN',
    );
    expectRefused(
      await api.graphql(CREATE_USER, { input: newUser('from-operator@test.sportello') }, { token: operator.token }),
      'FORBIDDEN',
    );
    expect((await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).claimedById).toBeNull();
    expect({ queues: await api.db.queue.count(), users: await api.db.user.count() }).toEqual(before);
  });

  it('lets supervisors reassign, but not create queues or users', async () => {
    const ticket = await newTicket();
    const done = await api.graphql(REASSIGN, { id: ticket.id, operatorId: operator.id }, { token: supervisor.token });
    expect(done.errors).toBeUndefined();
    expect(done.data.reassignTicket).toEqual({ claimedBy: { id: operator.id } });
    expectRefused(
      await api.graphql(CREATE_QUEUE, { input: { name: 'CODA SUPERVISORE' } }, { token: supervisor.token }),
      'FORBIDDEN',
    );
    expectRefused(
      await api.graphql(CREATE_USER, { input: newUser('from-supervisor@test.sportello') }, { token: supervisor.token }),
      'FORBIDDEN',
    );
  });

  it('lets admins create queues and users', async () => {
    const queue = await api.graphql(CREATE_QUEUE, { input: { name: 'CODA ADMIN' } }, { token: admin.token });
    expect(queue.errors).toBeUndefined();
    expect(queue.data.createQueue.name).toBe('CODA ADMIN');
    const user = await api.graphql(
      CREATE_USER,
      { input: newUser('From-Admin@test.sportello') },
      { token: admin.token },
    );
    expect(user.errors).toBeUndefined();
    expect(user.data.createUser).toMatchObject({ email: 'from-admin@test.sportello', role: 'OPERATOR' });
    // The new user can sign in.
    await login('from-admin@test.sportello', 'una password lunga');
  });

  it('does not let a READ token of an admin create anything', async () => {
    const { cookie } = await login(admin.email, admin.password);
    const token = (await api.graphql(CREATE_API_TOKEN, { name: 'read-only admin', scope: 'READ' }, { cookie })).data
      .createApiToken.token;
    expectRefused(await api.graphql(CREATE_QUEUE, { input: { name: 'CODA DA TOKEN' } }, { token }), 'FORBIDDEN');
    expect(await api.db.queue.findUnique({ where: { name: 'CODA DA TOKEN' } })).toBeNull();
  });
});

describe('attachments', () => {
  let publicFile: { id: string; url: string };
  let internalFile: { id: string; url: string };

  beforeAll(async () => {
    const uploaded = await uploadNote(
      { ticketId: ticketA.id, visibility: 'PUBLIC', body: 'Ecco la foto del problema.' },
      [{ name: 'foto.png', type: 'image/png', bytes: PNG }],
      { token: customerA.token },
    );
    expect(uploaded.errors, JSON.stringify(uploaded.errors)).toBeUndefined();
    expect(uploaded.data.addNote.attachments).toMatchObject([
      { fileName: 'foto.png', contentType: 'image/png', size: PNG.byteLength },
    ]);
    publicFile = uploaded.data.addNote.attachments[0];

    const internal = await uploadNote(
      { ticketId: ticketA.id, visibility: 'INTERNAL', body: 'Schermata interna.' },
      [
        {
          name: 'interno.txt',
          type: 'text/plain',
          bytes: new TextEncoder().encode('password del router: admin/admin\n'),
        },
      ],
      { token: operator.token },
    );
    expect(internal.errors, JSON.stringify(internal.errors)).toBeUndefined();
    internalFile = internal.data.addNote.attachments[0];
  });

  it('serves a file only with credentials', async () => {
    const response = await download(publicFile.id);
    expect(response.status).toBe(401);
    expect(Buffer.from(await response.arrayBuffer()).includes(Buffer.from(PNG))).toBe(false);
  });

  it('serves the file, byte for byte, to the customer who owns it and to the staff', async () => {
    expect(publicFile.url).toBe(`/files/${publicFile.id}`);
    for (const credentials of [{ token: customerA.token }, { token: operator.token }]) {
      const response = await download(publicFile.id, credentials);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG);
    }
    const { cookie } = await login(customerA.email, customerA.password);
    expect((await download(publicFile.id, { cookie })).status).toBe(200);
  });

  it('hides the file from a customer of another organisation, and the files of internal notes from customers', async () => {
    expect((await download(publicFile.id, { token: customerB.token })).status).toBe(404);
    expect((await download(internalFile.id, { token: customerA.token })).status).toBe(404);
    expect((await download(internalFile.id, { token: customerB.token })).status).toBe(404);
    const staff = await download(internalFile.id, { token: operator.token });
    expect(staff.status).toBe(200);
    expect(await staff.text()).toBe('password del router: admin/admin\n');
    expect((await download('no-such-file', { token: operator.token })).status).toBe(404);
  });

  it('refuses a file whose bytes are not of an allowed type, storing nothing', async () => {
    const before = {
      notes: await api.db.note.count(),
      attachments: await api.db.attachment.count(),
      files: await api.storedFiles(),
    };
    const result = await uploadNote(
      { ticketId: ticketA.id, visibility: 'PUBLIC', body: 'Foto del problema' },
      [{ name: 'foto.png', type: 'image/png', bytes: EXE }],
      { token: customerA.token },
    );
    expectRefused(result, 'VALIDATION');
    expect((result.errors![0]!.extensions!.issues as Array<{ field: string }>).map((issue) => issue.field)).toEqual([
      'attachments.0',
    ]);
    expect({
      notes: await api.db.note.count(),
      attachments: await api.db.attachment.count(),
      files: await api.storedFiles(),
    }).toEqual(before);
  });

  it('stores nothing when one of several files is refused', async () => {
    const before = {
      notes: await api.db.note.count(),
      attachments: await api.db.attachment.count(),
      files: await api.storedFiles(),
    };
    const result = await uploadNote(
      { ticketId: ticketA.id, visibility: 'PUBLIC', body: 'Due file' },
      [
        { name: 'ok.png', type: 'image/png', bytes: PNG },
        { name: 'setup.pdf', type: 'application/pdf', bytes: EXE },
      ],
      { token: customerA.token },
    );
    expectRefused(result, 'VALIDATION');
    expect({
      notes: await api.db.note.count(),
      attachments: await api.db.attachment.count(),
      files: await api.storedFiles(),
    }).toEqual(before);
  });

  it('stores nothing when the note itself is refused after the files were checked', async () => {
    const before = {
      notes: await api.db.note.count(),
      attachments: await api.db.attachment.count(),
      files: await api.storedFiles(),
    };
    const result = await uploadNote(
      { ticketId: ticketB.id, visibility: 'PUBLIC', body: 'Sul ticket di un altro' },
      [{ name: 'foto.png', type: 'image/png', bytes: PNG }],
      { token: customerA.token },
    );
    expectRefused(result, 'NOT_FOUND');
    expect({
      notes: await api.db.note.count(),
      attachments: await api.db.attachment.count(),
      files: await api.storedFiles(),
    }).toEqual(before);
  });
});
