import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG, startTestApi, ticketInput, type TestApi, type Upload } from './harness.ts';

type User = Awaited<ReturnType<TestApi['fixtures']['user']>>;

/**
 * The customer portal's side of the API: customers open tickets (a customer without an active contract must accept
 * the paid intervention first), with photos, see only their organisation's tickets and only what is public, and
 * rate them once closed.
 */
let api: TestApi;
let queueId: string;
let operator: User;
/** Works for an organisation with an active contract. */
let covered: User;
/** Works for an organisation without a contract. */
let uncovered: User;
let uncoveredCustomerId: string;

beforeAll(async () => {
  api = await startTestApi();
  queueId = (await api.fixtures.queue()).id;
  operator = await api.fixtures.user('OPERATOR', { name: 'Giulia Rossi' });
  covered = await api.fixtures.user('CUSTOMER', {
    customerId: (await api.fixtures.customer('ACTIVE')).id,
    name: 'Elena Brambilla',
  });
  uncoveredCustomerId = (await api.fixtures.customer('NONE')).id;
  uncovered = await api.fixtures.user('CUSTOMER', { customerId: uncoveredCustomerId, name: 'Roberto Invernizzi' });
});
afterAll(() => api?.stop());

const codeOf = (result: { errors?: Array<{ extensions?: { code?: string } }> }) => result.errors?.[0]?.extensions?.code;

const PORTAL_TICKET = /* GraphQL */ `
  mutation Create($input: CreateTicketInput!) {
    createTicket(input: $input) {
      id
      code
      channel
      status
      paidIntervention
      paidAgreedBy
      paidAgreedAt
      attachments {
        id
        fileName
        contentType
        url
      }
    }
  }
`;

/** createTicket with files, as the portal sends it. */
const createWithFiles = (token: string, input: Record<string, unknown>, files: Upload[]) =>
  api.graphqlWithFiles(PORTAL_TICKET, input, files, { token });

describe('opening a request in the portal', () => {
  it('tells a customer without a contract whether they are covered', async () => {
    const ME = `{ me { role contact { customer { contractState paidInterventionRequired } } } }`;
    const without = await api.graphql(ME, {}, { token: uncovered.token });
    expect(without.data.me).toEqual({
      role: 'CUSTOMER',
      contact: { customer: { contractState: 'NONE', paidInterventionRequired: true } },
    });
    const withContract = await api.graphql(ME, {}, { token: covered.token });
    expect(withContract.data.me.contact.customer.paidInterventionRequired).toBe(false);
  });

  it('refuses the request of a customer without a contract until they accept the paid intervention', async () => {
    for (const acceptPaidIntervention of [undefined, false]) {
      const refused = await api.graphql(
        PORTAL_TICKET,
        { input: ticketInput(queueId, { acceptPaidIntervention }) },
        { token: uncovered.token },
      );
      expect(codeOf(refused)).toBe('VALIDATION');
      expect(refused.errors?.[0]?.extensions?.issues).toEqual([
        { field: 'acceptPaidIntervention', message: expect.stringMatching(/paid intervention/) },
      ]);
    }
    expect(await api.db.ticket.count({ where: { customerId: uncoveredCustomerId } })).toBe(0);

    const before = Date.now();
    // Whatever name they type, the acceptance is recorded as theirs.
    const accepted = await api.graphql(
      PORTAL_TICKET,
      { input: ticketInput(queueId, { acceptPaidIntervention: true, paidAgreedBy: 'Qualcun Altro' }) },
      { token: uncovered.token },
    );
    expect(accepted.errors).toBeUndefined();
    const ticket = accepted.data.createTicket;
    expect(ticket).toMatchObject({
      channel: 'PORTAL',
      status: 'NEW',
      paidIntervention: true,
      paidAgreedBy: 'Roberto Invernizzi',
    });
    expect(new Date(ticket.paidAgreedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);

    const created = await api.db.ticketEvent.findFirstOrThrow({ where: { ticketId: ticket.id, type: 'CREATED' } });
    expect(created.actorId).toBe(uncovered.id);
    expect(created.data).toMatchObject({ channel: 'PORTAL', paidAgreedById: uncovered.id });

    // Staff see who accepted, and may start the work without asking again.
    const seen = await api.graphql(
      `query($id: ID!) { ticket(id: $id) { paidIntervention paidAgreedBy paidAgreedAt } }`,
      { id: ticket.id },
      { token: operator.token },
    );
    expect(seen.data.ticket).toEqual({
      paidIntervention: true,
      paidAgreedBy: 'Roberto Invernizzi',
      paidAgreedAt: ticket.paidAgreedAt,
    });
    const claimed = await api.graphql(
      `mutation($id: ID!) { claimTicket(id: $id) { version } }`,
      { id: ticket.id },
      { token: operator.token },
    );
    const started = await api.graphql(
      `mutation($id: ID!, $v: Int!) { transitionTicket(id: $id, input: { to: IN_PROGRESS, version: $v }) { status } }`,
      { id: ticket.id, v: claimed.data.claimTicket.version },
      { token: operator.token },
    );
    expect(started.errors).toBeUndefined();
  });

  it('does not ask a customer with an active contract, nor record any agreement', async () => {
    const result = await api.graphql(
      PORTAL_TICKET,
      { input: ticketInput(queueId, { acceptPaidIntervention: true }) },
      { token: covered.token },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.createTicket).toMatchObject({ paidIntervention: false, paidAgreedBy: null, paidAgreedAt: null });
    const plain = await api.graphql(PORTAL_TICKET, { input: ticketInput(queueId) }, { token: covered.token });
    expect(plain.errors).toBeUndefined();

    // The request is theirs, as the contact they are: a contact of another organisation named in it is ignored.
    const ownContact = await api.db.contact.findUniqueOrThrow({ where: { userId: covered.id } });
    const otherContact = await api.db.contact.findUniqueOrThrow({ where: { userId: uncovered.id } });
    const named = await api.graphql(
      PORTAL_TICKET,
      { input: ticketInput(queueId, { contactId: otherContact.id, customerId: otherContact.customerId }) },
      { token: covered.token },
    );
    expect(named.errors).toBeUndefined();
    for (const id of [result.data.createTicket.id, plain.data.createTicket.id, named.data.createTicket.id]) {
      expect(await api.db.ticket.findUniqueOrThrow({ where: { id } })).toMatchObject({
        contactId: ownContact.id,
        customerId: ownContact.customerId,
      });
    }
  });

  it('takes photos with the request, readable by the customer and staff, not by other customers', async () => {
    const result = await createWithFiles(covered.token, ticketInput(queueId), [
      { bytes: PNG, name: 'stampante.png', type: 'image/png' },
    ]);
    expect(result.errors).toBeUndefined();
    const [photo] = result.data.createTicket.attachments;
    expect(photo).toMatchObject({ fileName: 'stampante.png', contentType: 'image/png' });

    const origin = new URL(api.url).origin;
    const download = (token: string) =>
      fetch(new URL(photo.url, origin), { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await download(covered.token)).toBe(200);
    expect(await download(operator.token)).toBe(200);
    expect(await download(uncovered.token)).toBe(404);

    // Files that are not photos or documents are refused, and no ticket is left behind.
    const count = await api.db.ticket.count();
    const refused = await createWithFiles(covered.token, ticketInput(queueId), [
      { bytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]), name: 'foto.png', type: 'image/png' },
    ]);
    expect(refused.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(await api.db.ticket.count()).toBe(count);
  });
});

describe("what a customer sees of the team's work", () => {
  it("shows only the organisation's own tickets, and none of the internal notes or entries", async () => {
    const mine = (await api.graphql(PORTAL_TICKET, { input: ticketInput(queueId) }, { token: covered.token })).data
      .createTicket;
    const theirs = (
      await api.graphql(
        PORTAL_TICKET,
        { input: ticketInput(queueId, { acceptPaidIntervention: true }) },
        { token: uncovered.token },
      )
    ).data.createTicket;
    const note = (ticketId: string, visibility: string, body: string) =>
      api.graphql(
        `mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`,
        { input: { ticketId, visibility, body } },
        { token: operator.token },
      );
    await note(mine.id, 'INTERNAL', 'Cliente insistente: verificare prima il contratto.');
    await note(mine.id, 'PUBLIC', 'Buongiorno, passiamo domani mattina.');

    const READ = `query($code: String!) { ticket(code: $code) { code notes { body visibility } events { type internal } } }`;
    const own = await api.graphql(READ, { code: mine.code }, { token: covered.token });
    expect(own.data.ticket.notes).toEqual([{ body: 'Buongiorno, passiamo domani mattina.', visibility: 'PUBLIC' }]);
    expect(own.data.ticket.events.every((event: { internal: boolean }) => !event.internal)).toBe(true);
    expect(JSON.stringify(own.data)).not.toContain('insistente');

    const other = await api.graphql(READ, { code: theirs.code }, { token: covered.token });
    expect(codeOf(other)).toBe('NOT_FOUND');
    const byId = await api.graphql(
      `query($id: ID!) { ticket(id: $id) { id } }`,
      { id: theirs.id },
      { token: covered.token },
    );
    expect(codeOf(byId)).toBe('NOT_FOUND');
    const list = await api.graphql(`{ tickets(first: 100) { edges { node { id } } } }`, {}, { token: covered.token });
    const ids = list.data.tickets.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);

    // Nor can they write on it.
    const reply = await api.graphql(
      `mutation($input: AddNoteInput!) { addNote(input: $input) { id } }`,
      { input: { ticketId: theirs.id, visibility: 'PUBLIC', body: 'Intrusione' } },
      { token: covered.token },
    );
    expect(codeOf(reply)).toBe('NOT_FOUND');
  });

  it('lets the customer rate a closed ticket once, from the portal', async () => {
    const ticket = (await api.graphql(PORTAL_TICKET, { input: ticketInput(queueId) }, { token: covered.token })).data
      .createTicket;
    const RATE = `mutation($id: ID!, $score: Int!) { rateTicket(ticketId: $id, score: $score, comment: "Ottimo") { score comment source } }`;
    expect(codeOf(await api.graphql(RATE, { id: ticket.id, score: 5 }, { token: covered.token }))).toBe('VALIDATION');

    const claimed = await api.graphql(
      `mutation($id: ID!) { claimTicket(id: $id) { version } }`,
      { id: ticket.id },
      { token: operator.token },
    );
    await api.graphql(
      `mutation($id: ID!, $v: Int!) { transitionTicket(id: $id, input: { to: DONE, version: $v, solution: "Sostituito il toner della stampante." }) { status } }`,
      { id: ticket.id, v: claimed.data.claimTicket.version },
      { token: operator.token },
    );
    const rated = await api.graphql(RATE, { id: ticket.id, score: 5 }, { token: covered.token });
    expect(rated.errors).toBeUndefined();
    expect(rated.data.rateTicket).toEqual({ score: 5, comment: 'Ottimo', source: 'PORTAL' });
    expect(codeOf(await api.graphql(RATE, { id: ticket.id, score: 1 }, { token: covered.token }))).toBe('VALIDATION');
  });
});
