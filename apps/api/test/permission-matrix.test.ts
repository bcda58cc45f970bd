/**
 * The permission matrix: every root field of the schema (queries, mutations, subscriptions) × every kind of caller,
 * each cell executed against the real server with real data, arguments valid so that the permission check — not
 * input validation — decides. A new root field without an entry here fails the first test, so the matrix cannot
 * silently fall behind the schema.
 *
 * Outcomes: `ok` (data, no error), an error code (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND — the last one for another
 * organisation's data), or `silent` (an event stream that delivers nothing of another organisation's tickets).
 * Refused mutations must leave the database exactly as it was; the other customer's responses are searched for
 * the first customer's planted secrets, and customers' responses for the secret of an internal note.
 */
import { randomBytes } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTORS, createActors, createTicketAs, type Actor, type ActorName, type Actors } from './actors-support.ts';
import { startTestApi, type Credentials, type GraphQLResponse, type TestApi } from './harness.ts';

process.env.SPORTELLO_RATE_LIMITS = 'off';

type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'silent';
type Expectation = Record<ActorName, Outcome>;
type RootType = 'Query' | 'Mutation' | 'Subscription';

interface Case {
  /** What the case shows, when an operation has several. */
  name?: string;
  document: string;
  /** Fresh arguments for this actor, made just before its attempt (tickets to claim, tokens to revoke…). */
  variables?: (actor: Actor) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Credentials other than the actor's usual ones (logout ends the session it is sent with). */
  credentials?: (actor: Actor) => Promise<Credentials>;
  expect: Expectation;
  /** Subscriptions that deliver only on a change: makes one (called repeatedly until something arrives). */
  trigger?: (actor: Actor) => Promise<void>;
  /** Further checks on an allowed result. */
  verify?: (actor: Actor, result: GraphQLResponse) => Promise<void>;
}

// Expectations by who may do it.
const all = (outcome: Outcome): Expectation =>
  Object.fromEntries(ACTORS.map((actor) => [actor, outcome])) as Expectation;
const expectation = (base: Outcome, overrides: Partial<Expectation>): Expectation => ({
  ...all(base),
  anonymous: 'UNAUTHENTICATED',
  ...overrides,
});
/** Anyone signed in. */
const AUTHENTICATED = expectation('ok', {});
/** The support staff, tokens included; never customers. */
const STAFF = expectation('ok', { customer: 'FORBIDDEN', otherCustomer: 'FORBIDDEN' });
/** The support staff, with a session or a READ_WRITE token. */
const STAFF_WRITER = { ...STAFF, readToken: 'FORBIDDEN' } satisfies Expectation;
const SUPERVISOR_WRITER = expectation('FORBIDDEN', { supervisor: 'ok', admin: 'ok' });
const ADMIN_WRITER = expectation('FORBIDDEN', { admin: 'ok' });
/** Reads of one ticket (or organisation) of the customer: the other customer is told it does not exist. */
const OWNER_READER = expectation('ok', { otherCustomer: 'NOT_FOUND' });
/** Writes on the customer's ticket by the staff and the customer; never by a READ token. */
const OWNER_WRITER = { ...OWNER_READER, readToken: 'FORBIDDEN' } satisfies Expectation;

let api: TestApi;
let actors: Actors;
/** The customer's organisation's ticket, with a PUBLIC and an INTERNAL note. */
let ticketA: { id: string; code: string };
const SECRET = randomBytes(6).toString('hex');
const SECRET_SUBJECT = `SECRET-SUBJECT-${SECRET}`;
const SECRET_INTERNAL = `SECRET-INTERNAL-${SECRET}`;
let sequence = 0;
const unique = (prefix: string) => `${prefix}-${SECRET}-${++sequence}`;

const staffCredentials = () => actors.actors.operator.credentials;
const ownerOf = (actor: Actor) => actor.user ?? actors.users.operator;

async function call(query: string, variables: Record<string, unknown>, credentials = staffCredentials()) {
  const result = await api.graphql(query, variables, credentials);
  if (result.errors) throw new Error(`arranging failed: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** A new ticket of the customer's organisation, created by the operator. */
const freshTicket = (overrides: Record<string, unknown> = {}) =>
  createTicketAs(api, staffCredentials(), actors.queue.id, { customerId: actors.orgA.id, ...overrides });

async function freshCall() {
  const data = await call(`mutation { startCall(callerNumber: "+39 0341 000000") { id } }`, {});
  return data.startCall.id as string;
}

async function freshSlaPolicy() {
  const data = await call(
    `mutation($input: CreateSlaPolicyInput!) { createSlaPolicy(input: $input) { id } }`,
    { input: { name: unique('Policy'), queueId: actors.queue.id, resolutionSeconds: 3600 * 8 } },
    actors.actors.admin.credentials,
  );
  return data.createSlaPolicy.id as string;
}

/** A closed ticket's signed survey link, as mailed to the customer; the token is its last path segment. */
async function freshSurveyToken() {
  const { id } = await freshTicket({ solution: 'Risolto al telefono.' });
  const data = await call(`query($id: ID!) { ticket(id: $id) { surveyLink } }`, { id });
  return decodeURIComponent(String(data.ticket.surveyLink).split('/').pop()!);
}

const mailboxInput = () => ({
  name: unique('Mailbox'),
  host: '127.0.0.1',
  port: 993,
  username: 'support',
  password: 'secret',
  queueId: actors.queue.id,
});

async function freshMailbox() {
  const data = await call(
    `mutation($input: MailboxInput!) { createMailbox(input: $input) { id } }`,
    { input: mailboxInput() },
    actors.actors.admin.credentials,
  );
  return data.createMailbox.id as string;
}

/** A message that could not be processed (no sender): retrying keeps it FAILED, which is still an answer. */
async function freshFailedInboundMail() {
  const mail = await api.db.inboundMail.create({
    data: {
      messageId: `<${unique('broken')}@example.test>`,
      source: 'http',
      outcome: 'FAILED',
      error: 'No sender',
      raw: Buffer.from('Subject: no sender\r\n\r\nbody\r\n'),
    },
  });
  return mail.id;
}

/** A mail whose last attempt failed, waiting for its back-off. */
async function freshPendingOutboundMail() {
  const mail = await api.db.outboundMail.create({
    data: {
      kind: 'TICKET_CREATED',
      toAddress: 'cliente@example.test',
      locale: 'IT',
      subject: '[HT00001] Prova',
      textBody: 'Prova',
      htmlBody: '<p>Prova</p>',
      messageId: `<${unique('out')}@sportello.test>`,
      attempts: 1,
      lastError: 'ECONNREFUSED',
      nextAttemptAt: new Date(Date.now() + 3_600_000),
    },
  });
  return mail.id;
}

const TICKET_SELECTION = `id code subject status notes { body visibility } events { type }`;
const WINDOW = { period: 'TODAY' };

const MATRIX: Record<string, Case[]> = {
  // ——— Queries ———
  'Query.me': [{ document: `query { me { id email role } }`, expect: AUTHENTICATED }],
  'Query.users': [{ document: `query { users { id email role } }`, expect: STAFF }],
  'Query.apiTokens': [{ document: `query { apiTokens { id name user { id } } }`, expect: STAFF }],
  'Query.queues': [{ document: `query { queues { id name } }`, expect: AUTHENTICATED }],
  'Query.customers': [{ document: `query { customers { id name } }`, expect: STAFF }],
  'Query.customer': [
    {
      name: "the customer's organisation",
      document: `query($id: ID!) { customer(id: $id) { id name contacts { name } } }`,
      variables: () => ({ id: actors.orgA.id }),
      expect: OWNER_READER,
    },
  ],
  'Query.contactByPhone': [
    {
      document: `query($phone: String!) { contactByPhone(phone: $phone) { id name } }`,
      variables: () => ({ phone: '+39 02 1234567' }),
      expect: STAFF,
    },
  ],
  'Query.tickets': [
    {
      document: `query { tickets(first: 100) { edges { node { ${TICKET_SELECTION} } } } }`,
      expect: AUTHENTICATED,
      verify: async (actor, result) => {
        const codes = result.data.tickets.edges.map((edge: { node: { code: string } }) => edge.node.code);
        if (actor.name === 'customer') expect(codes).toContain(ticketA.code);
        if (actor.name === 'operator') expect(codes).toContain(ticketA.code);
      },
    },
  ],
  'Query.ticket': [
    {
      name: "the customer's ticket",
      document: `query($code: String) { ticket(code: $code) { ${TICKET_SELECTION} } }`,
      variables: () => ({ code: ticketA.code }),
      expect: OWNER_READER,
    },
  ],
  'Query.ticketCounts': [{ document: `query { ticketCounts { queueId status count } }`, expect: AUTHENTICATED }],
  'Query.myReminders': [{ document: `query { myReminders { id text } }`, expect: STAFF }],
  'Query.calls': [{ document: `query { calls { id status } }`, expect: STAFF }],
  'Query.metrics': [
    {
      document: `query($window: MetricsWindowInput!) { metrics(window: $window) { ticketsOpened } }`,
      variables: () => ({ window: WINDOW }),
      expect: STAFF,
    },
  ],
  'Query.slaPolicies': [{ document: `query { slaPolicies { id name } }`, expect: STAFF }],

  // ——— Mutations ———
  'Mutation.createUser': [
    {
      document: `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      variables: () => ({
        input: {
          email: `${unique('new-user')}@test.sportello`,
          name: 'Nuova Operatrice',
          role: 'OPERATOR',
          password: 'una password lunga',
        },
      }),
      expect: ADMIN_WRITER,
    },
  ],
  'Mutation.updateUser': [
    {
      document: `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id name } }`,
      variables: async () => ({ id: (await api.fixtures.user('OPERATOR')).id, input: { name: 'Nome Cambiato' } }),
      expect: ADMIN_WRITER,
    },
  ],
  'Mutation.login': [
    {
      name: 'with the right password (anyone may sign in)',
      document: `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { id } }`,
      variables: () => ({ email: actors.users.operator.email, password: actors.users.operator.password }),
      expect: all('ok'),
    },
  ],
  'Mutation.logout': [
    {
      document: `mutation { logout }`,
      credentials: (actor) => actor.freshCredentials(),
      expect: AUTHENTICATED,
    },
  ],
  'Mutation.createApiToken': [
    {
      name: 'only from a signed-in staff session, never from a token',
      document: `mutation($name: String!) { createApiToken(name: $name, scope: READ) { token apiToken { id } } }`,
      variables: () => ({ name: unique('token') }),
      expect: { ...STAFF, readToken: 'FORBIDDEN', writeToken: 'FORBIDDEN' },
    },
  ],
  'Mutation.revokeApiToken': [
    {
      name: 'one of your own tokens',
      document: `mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }`,
      variables: async (actor) => {
        const { issueApiToken } = await import('@sportello/schema/domain/identity');
        const { apiToken } = await issueApiToken(ownerOf(actor).id, { name: unique('own'), scope: 'READ' });
        return { id: apiToken.id };
      },
      expect: STAFF_WRITER,
    },
    {
      name: "a colleague's token (only admins)",
      document: `mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }`,
      variables: async () => {
        const { issueApiToken } = await import('@sportello/schema/domain/identity');
        const colleague = await api.fixtures.user('SUPERVISOR');
        const { apiToken } = await issueApiToken(colleague.id, { name: unique('theirs'), scope: 'READ' });
        return { id: apiToken.id };
      },
      expect: { ...STAFF_WRITER, operator: 'NOT_FOUND', supervisor: 'NOT_FOUND', writeToken: 'NOT_FOUND' },
    },
  ],
  'Mutation.createQueue': [
    {
      document: `mutation($input: QueueInput!) { createQueue(input: $input) { id } }`,
      variables: () => ({ input: { name: unique('CODA') } }),
      expect: ADMIN_WRITER,
    },
  ],
  'Mutation.updateQueue': [
    {
      document: `mutation($id: ID!, $input: QueueInput!) { updateQueue(id: $id, input: $input) { id } }`,
      variables: async () => ({ id: (await api.fixtures.queue()).id, input: { description: 'Nuova descrizione' } }),
      expect: ADMIN_WRITER,
    },
  ],
  'Mutation.createCategory': [
    {
      document: `mutation($queueId: ID!, $name: String!) { createCategory(queueId: $queueId, name: $name) { id } }`,
      variables: () => ({ queueId: actors.queue.id, name: unique('Categoria') }),
      expect: ADMIN_WRITER,
    },
  ],
  'Mutation.updateCategory': [
    {
      document: `mutation($id: ID!, $name: String) { updateCategory(id: $id, name: $name) { id } }`,
      variables: async () => {
        const category = await api.db.category.create({ data: { queueId: actors.queue.id, name: unique('Cat') } });
        return { id: category.id, name: unique('Categoria') };
      },
      expect: ADMIN_WRITER,
    },
  ],
  'Mutation.createTicket': [
    {
      name: "for the customer's organisation (a customer always writes for their own)",
      document: `mutation($input: CreateTicketInput!) { createTicket(input: $input) { id code customer { id } } }`,
      variables: () => ({
        input: {
          queueId: actors.queue.id,
          customerId: actors.orgA.id,
          subject: 'La VPN non si collega',
          placeAndWhat: 'Sede di Milano, portatile di Anna',
          description: 'Da stamattina il client VPN dà errore di autenticazione.',
        },
      }),
      expect: { ...AUTHENTICATED, readToken: 'FORBIDDEN' },
      verify: async (actor, result) => {
        const own = actor.name === 'otherCustomer' ? actors.orgB.id : actors.orgA.id;
        expect(result.data.createTicket.customer?.id).toBe(own);
      },
    },
  ],
  'Mutation.updateTicket': [
    {
      document: `mutation($id: ID!, $input: UpdateTicketInput!) { updateTicket(id: $id, input: $input) { id subject } }`,
      variables: async () => {
        const ticket = await freshTicket();
        return { id: ticket.id, input: { version: ticket.version, subject: 'Oggetto corretto' } };
      },
      expect: STAFF_WRITER,
    },
  ],
  'Mutation.claimTicket': [
    {
      document: `mutation($id: ID!) { claimTicket(id: $id) { id claimedBy { id } } }`,
      variables: async () => ({ id: (await freshTicket()).id }),
      expect: STAFF_WRITER,
    },
  ],
  'Mutation.releaseTicket': [
    {
      name: 'a ticket the caller (or, for non-staff callers, the operator) took in charge',
      document: `mutation($id: ID!) { releaseTicket(id: $id) { id claimedBy { id } } }`,
      variables: async (actor) => {
        const ticket = await freshTicket();
        const claimer = ownerOf(actor).role === 'CUSTOMER' ? actors.users.operator : ownerOf(actor);
        await call(`mutation($id: ID!) { claimTicket(id: $id) { id } }`, { id: ticket.id }, { token: claimer.token });
        return { id: ticket.id };
      },
      expect: STAFF_WRITER,
    },
  ],
  'Mutation.reassignTicket': [
    {
      document: `mutation($id: ID!, $operatorId: ID) { reassignTicket(id: $id, operatorId: $operatorId) { id } }`,
      variables: async () => ({ id: (await freshTicket()).id, operatorId: actors.users.operator.id }),
      expect: SUPERVISOR_WRITER,
    },
  ],
  'Mutation.transitionTicket': [
    {
      document: `mutation($id: ID!, $input: TransitionTicketInput!) { transitionTicket(id: $id, input: $input) { id status } }`,
      variables: async () => {
        const ticket = await freshTicket();
        return { id: ticket.id, input: { to: 'CANCELLED', version: ticket.version, note: 'Aperto per errore.' } };
      },
      expect: STAFF_WRITER,
    },
  ],
  'Mutation.addNote': [
    {
      name: "a PUBLIC note on the customer's ticket",
      document: `mutation($input: AddNoteInput!) { addNote(input: $input) { id body } }`,
      variables: () => ({ input: { ticketId: ticketA.id, visibility: 'PUBLIC', body: 'Aggiornamento.' } }),
      expect: OWNER_WRITER,
    },
  ],
  'Mutation.addReminder': [
    {
      document: `mutation($ticketId: ID!, $dueAt: DateTime!, $text: String!) {
        addReminder(ticketId: $ticketId, dueAt: $dueAt, text: $text) { id }
      }`,
      variables: () => ({
        ticketId: ticketA.id,
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        text: 'Richiamare il cliente',
      }),
      expect: STAFF_WRITER,
    },
  ],
  'Mutation.completeReminder': [
    {
      name: "one of the caller's reminders (the operator's for non-staff callers)",
      document: `mutation($id: ID!) { completeReminder(id: $id) { id doneAt } }`,
      variables: async (actor) => {
        const owner = ownerOf(actor).role === 'CUSTOMER' ? actors.users.operator : ownerOf(actor);
        const reminder = await api.db.reminder.create({
          data: { ticketId: ticketA.id, ownerId: owner.id, text: 'Controllare', dueAt: new Date() },
        });
        return { id: reminder.id };
      },
      expect: STAFF_WRITER,
    },
  ],
  'Mutation.startCall': [
    {
      document: `mutation { startCall(callerNumber: "+39 0341 123456") { id status } }`,
      expect: STAFF_WRITER,
    },
  ],
  'Mutation.answerCall': [
    {
      document: `mutation($id: ID!) { answerCall(id: $id) { id status } }`,
      variables: async () => ({ id: await freshCall() }),
      expect: STAFF_WRITER,
    },
  ],
  'Mutation.endCall': [
    {
      document: `mutation($id: ID!) { endCall(id: $id) { id status } }`,
      variables: async () => ({ id: await freshCall() }),
      expect: STAFF_WRITER,
    },
  ],
  'Mutation.linkCallToTicket': [
    {
      document: `mutation($callId: ID!, $ticketId: ID!) { linkCallToTicket(callId: $callId, ticketId: $ticketId) { id } }`,
      variables: async () => ({ callId: await freshCall(), ticketId: ticketA.id }),
      expect: STAFF_WRITER,
    },
  ],
  'Mutation.rateTicket': [
    {
      name: "a closed ticket of the customer's organisation",
      document: `mutation($ticketId: ID!) { rateTicket(ticketId: $ticketId, score: 5) { id score } }`,
      variables: async () => ({ ticketId: (await freshTicket({ solution: 'Risolto al telefono.' })).id }),
      expect: OWNER_WRITER,
    },
  ],
  'Mutation.createSlaPolicy': [
    {
      document: `mutation($input: CreateSlaPolicyInput!) { createSlaPolicy(input: $input) { id } }`,
      variables: () => ({ input: { name: unique('Policy'), queueId: actors.queue.id, resolutionSeconds: 7200 } }),
      expect: ADMIN_WRITER,
    },
  ],
  'Mutation.updateSlaPolicy': [
    {
      document: `mutation($id: ID!, $input: UpdateSlaPolicyInput!) { updateSlaPolicy(id: $id, input: $input) { id } }`,
      variables: async () => ({ id: await freshSlaPolicy(), input: { resolutionSeconds: 3600 } }),
      expect: ADMIN_WRITER,
    },
  ],
  'Mutation.deleteSlaPolicy': [
    {
      document: `mutation($id: ID!) { deleteSlaPolicy(id: $id) }`,
      variables: async () => ({ id: await freshSlaPolicy() }),
      expect: ADMIN_WRITER,
    },
  ],
  'Mutation.reorderSlaPolicies': [
    {
      document: `mutation($ids: [ID!]!) { reorderSlaPolicies(ids: $ids) { id } }`,
      variables: async () => {
        await freshSlaPolicy();
        const policies = await api.db.slaPolicy.findMany({ orderBy: { position: 'asc' } });
        return { ids: policies.map((policy) => policy.id).reverse() };
      },
      expect: ADMIN_WRITER,
    },
  ],

  // ——— Survey: the signed link is the credential, so anyone holding one may read and answer it ———
  'Query.survey': [
    {
      document: `query($token: String!) { survey(token: $token) { ticketCode answered } }`,
      variables: async () => ({ token: await freshSurveyToken() }),
      expect: all('ok'),
    },
  ],
  'Mutation.answerSurvey': [
    {
      name: 'one answer per ticket, whoever holds the link',
      document: `mutation($token: String!) { answerSurvey(token: $token, score: 4) { answered score } }`,
      variables: async () => ({ token: await freshSurveyToken() }),
      expect: all('ok'),
    },
  ],
  'Query.surveySettings': [
    {
      document: `query { surveySettings { validDays } }`,
      expect: expectation('FORBIDDEN', { admin: 'ok', readToken: 'ok' }),
    },
  ],
  'Mutation.setSurveyValidDays': [
    { document: `mutation { setSurveyValidDays(days: 14) { validDays } }`, expect: ADMIN_WRITER },
  ],

  // ——— Mail: mailboxes are the admins'; staff look after the mail that failed ———
  'Query.mailboxes': [
    {
      document: `query { mailboxes { id name } }`,
      expect: expectation('FORBIDDEN', { admin: 'ok', readToken: 'ok' }),
    },
  ],
  'Mutation.createMailbox': [
    {
      document: `mutation($input: MailboxInput!) { createMailbox(input: $input) { id } }`,
      variables: () => ({ input: mailboxInput() }),
      expect: ADMIN_WRITER,
    },
  ],
  'Mutation.updateMailbox': [
    {
      document: `mutation($id: ID!, $input: MailboxInput!) { updateMailbox(id: $id, input: $input) { id } }`,
      variables: async () => ({ id: await freshMailbox(), input: { folder: 'Support' } }),
      expect: ADMIN_WRITER,
    },
  ],
  'Mutation.deactivateMailbox': [
    {
      document: `mutation($id: ID!) { deactivateMailbox(id: $id) { id active } }`,
      variables: async () => ({ id: await freshMailbox() }),
      expect: ADMIN_WRITER,
    },
  ],
  'Query.inboundMails': [
    { document: `query { inboundMails(first: 5) { edges { node { id outcome } } } }`, expect: STAFF },
  ],
  'Mutation.retryInboundMail': [
    {
      document: `mutation($id: ID!) { retryInboundMail(id: $id) { id outcome } }`,
      variables: async () => ({ id: await freshFailedInboundMail() }),
      expect: STAFF_WRITER,
    },
  ],
  'Query.pendingOutboundMails': [
    {
      document: `query { pendingOutboundMails { id status } }`,
      expect: expectation('FORBIDDEN', { admin: 'ok', readToken: 'ok' }),
    },
  ],
  'Mutation.retryOutboundMail': [
    {
      document: `mutation($id: ID!) { retryOutboundMail(id: $id) { id status } }`,
      variables: async () => ({ id: await freshPendingOutboundMail() }),
      expect: ADMIN_WRITER,
    },
  ],

  // ——— Subscriptions (over graphql-ws, as the dashboard subscribes) ———
  'Subscription.ticketEvents': [
    {
      name: "changes to the customer's ticket: the other customer hears nothing",
      document: `subscription { ticketEvents { type ticket { ${TICKET_SELECTION} } } }`,
      trigger: async () => {
        await call(`mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`, {
          input: { ticketId: ticketA.id, visibility: 'PUBLIC', body: 'Novità sul ticket.' },
        });
      },
      expect: { ...AUTHENTICATED, otherCustomer: 'silent' },
    },
  ],
  'Subscription.ticketUpdated': [
    {
      name: "the customer's ticket",
      document: `subscription($code: String!) { ticketUpdated(code: $code) { ${TICKET_SELECTION} } }`,
      variables: () => ({ code: ticketA.code }),
      expect: OWNER_READER,
    },
  ],
  'Subscription.callEvents': [
    {
      document: `subscription { callEvents { id status } }`,
      trigger: async () => void (await freshCall()),
      expect: STAFF,
    },
  ],
  'Subscription.metricsUpdated': [
    {
      document: `subscription($window: MetricsWindowInput!) { metricsUpdated(window: $window) { ticketsOpened } }`,
      variables: () => ({ window: WINDOW }),
      expect: STAFF,
    },
  ],
  'Subscription.slaAlerts': [
    {
      document: `subscription { slaAlerts { id type ticket { id } } }`,
      // What the automation worker publishes after recording an escalation.
      trigger: async () => {
        const { pubsub } = await import('@sportello/schema/pubsub');
        const event = await api.db.ticketEvent.create({
          data: { ticketId: ticketA.id, type: 'SLA_ESCALATED', field: 'resolution', internal: true },
        });
        pubsub.publish('slaAlert', { eventId: event.id, ticketId: ticketA.id, queueId: actors.queue.id });
      },
      expect: expectation('FORBIDDEN', { supervisor: 'ok', admin: 'ok', readToken: 'ok' }),
    },
  ],
  'Subscription.reminderDue': [
    {
      name: "the caller's own reminders",
      document: `subscription { reminderDue { id text } }`,
      // What the automation worker publishes when a reminder falls due.
      trigger: async (actor) => {
        const { pubsub } = await import('@sportello/schema/pubsub');
        const owner = ownerOf(actor);
        const reminder = await api.db.reminder.create({
          data: { ticketId: ticketA.id, ownerId: owner.id, text: 'Scaduto', dueAt: new Date(), firedAt: new Date() },
        });
        pubsub.publish('reminderDue', { reminderId: reminder.id, ownerId: owner.id });
      },
      expect: STAFF,
    },
  ],
  // Stored notifications: everyone signed in sees their own (customers never get any), read tokens change nothing.
  'Query.myNotifications': [
    { document: `query { myNotifications(first: 5) { edges { node { id kind } } } }`, expect: AUTHENTICATED },
  ],
  'Query.unreadNotificationCount': [{ document: `query { unreadNotificationCount }`, expect: AUTHENTICATED }],
  'Mutation.markNotificationsRead': [
    {
      name: "all of the caller's own",
      document: `mutation { markNotificationsRead(all: true) { marked unreadCount } }`,
      expect: { ...AUTHENTICATED, readToken: 'FORBIDDEN' },
    },
  ],
  'Subscription.notificationAdded': [
    {
      name: "the caller's own notifications",
      document: `subscription { notificationAdded { id kind } }`,
      // What the automation worker publishes after storing a notification.
      trigger: async (actor) => {
        const { pubsub } = await import('@sportello/schema/pubsub');
        const owner = ownerOf(actor);
        const notification = await api.db.notification.create({
          data: { userId: owner.id, kind: 'REMINDER_DUE', ticketId: ticketA.id, message: 'Promemoria' },
        });
        pubsub.publish('notification', { notificationId: notification.id, userId: owner.id });
      },
      expect: AUTHENTICATED,
    },
  ],
};

/** Every root field of the schema the server runs, as `Type.field`. */
function rootFields(schema: GraphQLSchema): string[] {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
    type ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : [],
  );
}

const outcomeOfErrors = (errors: ReadonlyArray<{ extensions?: Record<string, unknown> }>) =>
  String(errors[0]?.extensions?.code ?? 'NO_CODE');

/**
 * A digest of every row the API's operations may change (the volatile `lastUsedAt` of tokens aside): a refused
 * mutation must leave it unchanged.
 */
async function databaseDigest(): Promise<Record<string, string>> {
  const tables = ['Ticket', 'TicketEvent', 'Note', 'Call', 'User', 'ApiToken', 'Queue', 'Category', 'SlaPolicy'];
  const more = ['Reminder', 'Rating', 'Customer', 'Contact', 'Attachment'];
  const digest: Record<string, string> = {};
  for (const table of [...tables, ...more]) {
    const [row] = await api.db.$queryRawUnsafe<Array<{ digest: string | null }>>(
      `SELECT md5(coalesce(string_agg((to_jsonb(t) - 'lastUsedAt')::text, ',' ORDER BY t."id"), '')) AS digest
       FROM "${table}" t`,
    );
    digest[table] = row?.digest ?? '';
  }
  return digest;
}

async function runHttp(entry: Case, actor: Actor, field: string, variables: Record<string, unknown>) {
  const credentials = entry.credentials ? await entry.credentials(actor) : actor.credentials;
  const result = await api.graphql(entry.document, variables, credentials);
  expect(result.status, JSON.stringify(result)).toBeLessThan(500);
  if (!result.errors?.length) {
    expect(result.data && field in result.data, JSON.stringify(result)).toBe(true);
    return { outcome: 'ok' as Outcome | string, result };
  }
  // A refused root field gives no data at all, not a half-filled object.
  expect(result.data?.[field] ?? null, JSON.stringify(result)).toBeNull();
  return { outcome: outcomeOfErrors(result.errors), result };
}

/** Subscribes over graphql-ws; repeats the trigger until something arrives, or gives `silent` after a while. */
async function runSubscription(entry: Case, actor: Actor, variables: Record<string, unknown>) {
  const client = api.wsClient(actor.credentials);
  const outcome = await new Promise<{ outcome: Outcome | string; result: GraphQLResponse }>((resolve) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (outcome: Outcome | string, result: unknown = {}) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      unsubscribe();
      resolve({ outcome, result: { status: 101, headers: new Headers(), ...(result as object) } as GraphQLResponse });
    };
    const unsubscribe = client.subscribe(
      { query: entry.document, variables },
      {
        next: (result) => finish(result.errors?.length ? outcomeOfErrors(result.errors) : 'ok', result),
        error: (error: unknown) => {
          if (Array.isArray(error)) return finish(outcomeOfErrors(error), { errors: error });
          // The server closes a connection without valid credentials at connection_init (4401/4403).
          const code = (error as { code?: number }).code;
          finish(code === 4401 || code === 4403 ? 'UNAUTHENTICATED' : `closed ${code ?? String(error)}`);
        },
        complete: () => finish('completed'),
      },
    );
    if (entry.trigger) {
      const fire = (attempt: number) => {
        if (settled) return;
        if (attempt >= 8) return finish('silent');
        void entry.trigger!(actor).then(() => timers.push(setTimeout(() => fire(attempt + 1), 750)));
      };
      timers.push(setTimeout(() => fire(0), 300));
    } else timers.push(setTimeout(() => finish('silent'), 10_000));
  });
  await client.dispose();
  return outcome;
}

/** Planted in the customer's ticket: the other customer must never see either, the customer never the second. */
function expectNoLeak(actor: Actor, result: GraphQLResponse) {
  const text = JSON.stringify({ data: result.data, errors: result.errors });
  if (actor.name === 'otherCustomer') {
    expect(text).not.toContain(SECRET_SUBJECT);
    expect(text).not.toContain(ticketA.code);
  }
  if (actor.name === 'otherCustomer' || actor.name === 'customer' || actor.name === 'anonymous') {
    expect(text).not.toContain(SECRET_INTERNAL);
  }
}

let schemaFields: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  const { schema } = await import('@sportello/schema');
  schemaFields = rootFields(schema);
  actors = await createActors(api);
  ticketA = await freshTicket({ subject: `Ticket ${SECRET_SUBJECT}` });
  await call(`mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`, {
    input: { ticketId: ticketA.id, visibility: 'INTERNAL', body: `Solo staff: ${SECRET_INTERNAL}` },
  });
  await call(`mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`, {
    input: { ticketId: ticketA.id, visibility: 'PUBLIC', body: 'Stiamo verificando.' },
  });
});
afterAll(() => api?.stop());

describe('the permission matrix', () => {
  it('has an entry for every root field of the schema, and none for a field that is gone', () => {
    const missing = schemaFields.filter((field) => !MATRIX[field]?.length);
    const gone = Object.keys(MATRIX).filter((field) => !schemaFields.includes(field));
    expect(
      missing.map((field) => `operation ${field} has no entry in the permission matrix`),
      'add the new operations to MATRIX in apps/api/test/permission-matrix.test.ts',
    ).toEqual([]);
    expect(gone.map((field) => `the permission matrix lists ${field}, which the schema no longer has`)).toEqual([]);
  });

  it('returns a ticket whose selection reaches the planted secrets (so that the leak checks can fail)', async () => {
    const result = await api.graphql(
      `query($code: String) { ticket(code: $code) { ${TICKET_SELECTION} } }`,
      { code: ticketA.code },
      actors.actors.operator.credentials,
    );
    expect(JSON.stringify(result.data)).toContain(SECRET_SUBJECT);
    expect(JSON.stringify(result.data)).toContain(SECRET_INTERNAL);
  });

  const cases = Object.entries(MATRIX).flatMap(([operation, entries]) =>
    entries.map((entry) => ({ operation, entry, label: entry.name ? `${operation} (${entry.name})` : operation })),
  );

  it.each(cases)('$label', async ({ operation, entry }) => {
    const [rootType, field] = operation.split('.') as [RootType, string];
    if (!schemaFields.includes(operation)) return; // reported by the first test
    const mismatches: string[] = [];
    for (const name of ACTORS) {
      const actor = actors.actors[name];
      const variables = (await entry.variables?.(actor)) ?? {};
      const expected = entry.expect[name];
      if (rootType === 'Subscription') {
        const { outcome, result } = await runSubscription(entry, actor, variables);
        if (outcome !== expected)
          mismatches.push(`${name}: expected ${expected}, got ${outcome} ${JSON.stringify(result)}`);
        expectNoLeak(actor, result);
        continue;
      }
      const before = rootType === 'Mutation' && expected !== 'ok' ? await databaseDigest() : null;
      const { outcome, result } = await runHttp(entry, actor, field, variables);
      if (outcome !== expected) {
        mismatches.push(
          `${name}: expected ${expected}, got ${outcome} ${JSON.stringify(result.errors ?? result.data)}`,
        );
        continue;
      }
      expectNoLeak(actor, result);
      if (before) expect(await databaseDigest(), `${name}'s refused ${field} changed the database`).toEqual(before);
      if (outcome === 'ok') await entry.verify?.(actor, result);
    }
    expect(mismatches).toEqual([]);
  });
});
