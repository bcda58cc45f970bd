import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_TICKET, PNG, startTestApi, ticketInput, type TestApi, type Upload } from './harness.ts';

type User = Awaited<ReturnType<TestApi['fixtures']['user']>>;

let api: TestApi;
let queueId: string;
let operator: User;

beforeAll(async () => {
  api = await startTestApi();
  queueId = (await api.fixtures.queue()).id;
  operator = await api.fixtures.user('OPERATOR', { name: 'Giulia Rossi' });
});
afterAll(() => api?.stop());

/**
 * A ticket opened by staff from an email: unlike a phone ticket (answered during the call), it has no first
 * response yet, so the notes decide it.
 */
async function newTicket(overrides: Record<string, unknown> = {}) {
  const result = await api.graphql(
    CREATE_TICKET,
    { input: ticketInput(queueId, { channel: 'EMAIL', ...overrides }) },
    { token: operator.token },
  );
  expect(result.errors).toBeUndefined();
  return result.data.createTicket as { id: string; code: string; version: number };
}

const ADD_NOTE = /* GraphQL */ `
  mutation AddNote($input: AddNoteInput!) {
    addNote(input: $input) {
      id
      visibility
      body
      createdAt
      author {
        id
        name
      }
      attachments {
        id
        fileName
        contentType
        size
        url
      }
    }
  }
`;

const TICKET_NOTES = /* GraphQL */ `
  query ($id: ID!) {
    ticket(id: $id) {
      firstResponseAt
      lastCustomerActivityAt
      notes {
        id
        visibility
        body
        author {
          name
        }
      }
      events {
        type
        internal
        noteId
        actor {
          id
        }
      }
    }
  }
`;

// ---------------------------------------------------------------------------------------------------------------
// Files

/** An 8×8 grey baseline JPEG: SOI, JFIF, one quantisation table, SOF0, two one-code Huffman tables, SOS, one block, EOI. */
const JPEG = Uint8Array.from(
  Buffer.from(
    'ffd8' +
      'ffe000104a46494600010100000100010000' +
      'ffdb004300' +
      '01'.repeat(64) +
      'ffc0000b080008000801011100' +
      'ffc4001400' +
      '01' +
      '00'.repeat(15) +
      '00' +
      'ffc4001410' +
      '01' +
      '00'.repeat(15) +
      '00' +
      'ffda0008010100003f00' +
      '3f' +
      'ffd9',
    'hex',
  ),
);

/** The start of a Linux executable (an ELF header), to be passed off as a photo. */
const EXECUTABLE = (() => {
  const bytes = new Uint8Array(4096);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00], 0); // \x7fELF, 64-bit, little-endian, version 1
  bytes.set([0x02, 0x00, 0x3e, 0x00, 0x01, 0x00, 0x00, 0x00], 16); // ET_EXEC, x86-64, version 1
  bytes.fill(0x90, 64); // nops
  return bytes;
})();

/** addNote with files, as the dashboard sends it. */
const addNoteWithFiles = (token: string, input: Record<string, unknown>, files: Upload[]) =>
  api.graphqlWithFiles(ADD_NOTE, input, files, { token });

async function download(url: string, token: string) {
  const response = await fetch(new URL(url, new URL(api.url).origin), {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

// ---------------------------------------------------------------------------------------------------------------

describe('notes', () => {
  it('keeps internal and public notes, oldest first, each with an entry in the timeline', async () => {
    const ticket = await newTicket();
    const bodies: Array<[string, string]> = [
      ['INTERNAL', 'Il cliente ha già chiamato due volte: verificare il contratto.'],
      ['PUBLIC', 'Buongiorno, abbiamo preso in carico la richiesta.'],
      ['INTERNAL', 'Serve il tecnico di zona per il fusore.'],
      ['PUBLIC', 'Il tecnico passerà domani mattina.'],
    ];
    const added: Array<{ id: string; createdAt: string }> = [];
    for (const [visibility, body] of bodies) {
      const result = await api.graphql(
        ADD_NOTE,
        { input: { ticketId: ticket.id, visibility, body } },
        { token: operator.token },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.addNote).toMatchObject({
        visibility,
        body,
        author: { id: operator.id, name: 'Giulia Rossi' },
        attachments: [],
      });
      added.push(result.data.addNote);
    }

    const read = await api.graphql(TICKET_NOTES, { id: ticket.id }, { token: operator.token });
    expect(read.errors).toBeUndefined();
    expect(read.data.ticket.notes).toEqual(
      bodies.map(([visibility, body], index) => ({
        id: added[index]!.id,
        visibility,
        body,
        author: { name: 'Giulia Rossi' },
      })),
    );
    expect(read.data.ticket.events).toEqual([
      { type: 'CREATED', internal: false, noteId: null, actor: { id: operator.id } },
      ...bodies.map(([visibility], index) => ({
        type: 'NOTE_ADDED',
        internal: visibility === 'INTERNAL',
        noteId: added[index]!.id,
        actor: { id: operator.id },
      })),
    ]);
  });

  it('records the first public answer by staff as the first response, and only the first', async () => {
    const ticket = await newTicket();
    const before = await api.graphql(TICKET_NOTES, { id: ticket.id }, { token: operator.token });
    expect(before.data.ticket.firstResponseAt).toBeNull();

    await api.graphql(
      ADD_NOTE,
      { input: { ticketId: ticket.id, visibility: 'INTERNAL', body: 'Prima controllo il registro eventi.' } },
      { token: operator.token },
    );
    const afterInternal = await api.graphql(TICKET_NOTES, { id: ticket.id }, { token: operator.token });
    expect(afterInternal.data.ticket.firstResponseAt).toBeNull();

    const first = await api.graphql(
      ADD_NOTE,
      { input: { ticketId: ticket.id, visibility: 'PUBLIC', body: 'Stiamo verificando.' } },
      { token: operator.token },
    );
    const afterFirst = await api.graphql(TICKET_NOTES, { id: ticket.id }, { token: operator.token });
    expect(afterFirst.data.ticket.firstResponseAt).toBe(first.data.addNote.createdAt);

    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await api.graphql(
      ADD_NOTE,
      { input: { ticketId: ticket.id, visibility: 'PUBLIC', body: 'Risolto, ci faccia sapere.' } },
      { token: operator.token },
    );
    expect(second.data.addNote.createdAt).not.toBe(first.data.addNote.createdAt);
    const afterSecond = await api.graphql(TICKET_NOTES, { id: ticket.id }, { token: operator.token });
    expect(afterSecond.data.ticket.firstResponseAt).toBe(first.data.addNote.createdAt);
  });

  it("records a customer's public note as their activity, and keeps internal notes from them", async () => {
    const customer = await api.fixtures.customer('ACTIVE');
    const customerUser = await api.fixtures.user('CUSTOMER', { customerId: customer.id, name: 'Mario Bianchi' });
    const ticket = await newTicket({ customerId: customer.id });
    await api.graphql(
      ADD_NOTE,
      { input: { ticketId: ticket.id, visibility: 'INTERNAL', body: 'Cliente storico, priorità alta.' } },
      { token: operator.token },
    );

    const before = await api.graphql(TICKET_NOTES, { id: ticket.id }, { token: operator.token });
    expect(before.data.ticket.lastCustomerActivityAt).toBeNull();

    const denied = await api.graphql(
      ADD_NOTE,
      { input: { ticketId: ticket.id, visibility: 'INTERNAL', body: 'Nota interna?' } },
      { token: customerUser.token },
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const note = await api.graphql(
      ADD_NOTE,
      { input: { ticketId: ticket.id, visibility: 'PUBLIC', body: 'La stampante ora stampa solo pagine bianche.' } },
      { token: customerUser.token },
    );
    expect(note.errors).toBeUndefined();
    expect(note.data.addNote).toMatchObject({
      visibility: 'PUBLIC',
      author: { id: customerUser.id, name: 'Mario Bianchi' },
    });

    const staffView = await api.graphql(TICKET_NOTES, { id: ticket.id }, { token: operator.token });
    expect(staffView.data.ticket.lastCustomerActivityAt).toBe(note.data.addNote.createdAt);
    // A customer writing is not an answer from the team.
    expect(staffView.data.ticket.firstResponseAt).toBeNull();
    expect(staffView.data.ticket.notes.map((n: any) => [n.visibility, n.author.name])).toEqual([
      ['INTERNAL', 'Giulia Rossi'],
      ['PUBLIC', 'Mario Bianchi'],
    ]);

    const customerView = await api.graphql(TICKET_NOTES, { id: ticket.id }, { token: customerUser.token });
    expect(customerView.errors).toBeUndefined();
    expect(customerView.data.ticket.notes.map((n: any) => n.body)).toEqual([
      'La stampante ora stampa solo pagine bianche.',
    ]);
    expect(customerView.data.ticket.events.map((event: any) => [event.type, event.internal])).toEqual([
      ['CREATED', false],
      ['NOTE_ADDED', false],
    ]);
  });
});

describe('photos attached to a note', () => {
  it('stores the photos sent with a note and serves the same bytes back', async () => {
    const ticket = await newTicket();
    const filesBefore = await api.storedFiles();
    const result = await addNoteWithFiles(
      operator.token,
      { ticketId: ticket.id, visibility: 'PUBLIC', body: 'Foto del pannello di controllo.' },
      [
        { bytes: PNG, name: 'schermata.png', type: 'image/png' },
        { bytes: JPEG, name: 'foto stampante.jpg', type: 'image/jpeg' },
      ],
    );
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    const attachments = [...result.data.addNote.attachments].sort((a: any, b: any) =>
      a.fileName.localeCompare(b.fileName),
    );
    expect(attachments.map(({ fileName, contentType, size }: any) => ({ fileName, contentType, size }))).toEqual([
      { fileName: 'foto stampante.jpg', contentType: 'image/jpeg', size: JPEG.byteLength },
      { fileName: 'schermata.png', contentType: 'image/png', size: PNG.byteLength },
    ]);
    for (const attachment of attachments) expect(attachment.url).toBe(`/files/${attachment.id}`);

    const [jpeg, png] = await Promise.all(
      attachments.map((attachment: any) => download(attachment.url, operator.token)),
    );
    expect(jpeg).toEqual({ status: 200, contentType: 'image/jpeg', bytes: JPEG });
    expect(png).toEqual({ status: 200, contentType: 'image/png', bytes: PNG });

    const rows = await api.db.attachment.findMany({ where: { ticketId: ticket.id } });
    expect(rows.map((row) => row.noteId)).toEqual([result.data.addNote.id, result.data.addNote.id]);
    expect((await api.storedFiles()).filter((file) => !filesBefore.includes(file))).toHaveLength(2);

    const anonymous = await fetch(new URL(attachments[0].url, new URL(api.url).origin));
    expect(anonymous.status).toBe(401);
  });

  it('serves files of the largest size allowed whole, however they divide into the chunks they are read by', async () => {
    const ticket = await newTicket();
    // Random bytes behind a PDF header: the largest file allowed, and one byte past a chunk.
    const pdf = (size: number) => Uint8Array.from(Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]));
    const files = [pdf(10 * 1024 * 1024), pdf(256 * 1024 + 1)];
    const result = await addNoteWithFiles(
      operator.token,
      { ticketId: ticket.id, visibility: 'PUBLIC', body: 'Il manuale e la bolla.' },
      files.map((bytes, index) => ({ bytes, name: `documento-${index}.pdf`, type: 'application/pdf' })),
    );
    expect(result.errors).toBeUndefined();
    const attachments = [...result.data.addNote.attachments].sort((a: any, b: any) =>
      a.fileName.localeCompare(b.fileName),
    );
    for (const [index, attachment] of attachments.entries()) {
      const served = await download(attachment.url, operator.token);
      expect(served.status).toBe(200);
      expect(served.bytes.byteLength).toBe(files[index]!.byteLength);
      expect(Buffer.compare(served.bytes, files[index]!)).toBe(0);
    }
  });

  describe('refuses, leaving no note, attachment or file behind', () => {
    async function expectRefused(files: Upload[], expected: { code: string; field?: string }) {
      const ticket = await newTicket();
      const filesBefore = await api.storedFiles();
      const ticketId = expected.code === 'NOT_FOUND' ? '0190b2a4-0000-7000-8000-000000000000' : ticket.id;
      const result = await addNoteWithFiles(
        operator.token,
        { ticketId, visibility: 'PUBLIC', body: 'Allego le foto.' },
        files,
      );
      expect(result.data?.addNote ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result.errors)).toBe(expected.code);
      if (expected.field)
        expect(result.errors![0]!.extensions!.issues).toEqual([expect.objectContaining({ field: expected.field })]);
      expect(await api.db.note.count({ where: { ticketId: ticket.id } })).toBe(0);
      expect(await api.db.attachment.count({ where: { ticketId: ticket.id } })).toBe(0);
      expect(await api.db.ticketEvent.count({ where: { ticketId: ticket.id, type: 'NOTE_ADDED' } })).toBe(0);
      expect(await api.storedFiles()).toEqual(filesBefore);
    }

    it('11 files', () =>
      expectRefused(
        Array.from({ length: 11 }, (_, index) => ({ bytes: PNG, name: `foto-${index}.png`, type: 'image/png' })),
        { code: 'VALIDATION', field: 'attachments' },
      ));

    it('a file over 10 MB', () => {
      const big = new Uint8Array(10 * 1024 * 1024 + 1);
      big.set(JPEG.subarray(0, JPEG.length - 2)); // a real JPEG start: only the size is wrong
      return expectRefused(
        [
          { bytes: PNG, name: 'piccola.png', type: 'image/png' },
          { bytes: big, name: 'enorme.jpg', type: 'image/jpeg' },
        ],
        { code: 'VALIDATION', field: 'attachments.1' },
      );
    });

    it('an executable renamed .jpg', () =>
      expectRefused(
        [
          { bytes: JPEG, name: 'vera.jpg', type: 'image/jpeg' },
          { bytes: EXECUTABLE, name: 'foto.jpg', type: 'image/jpeg' },
        ],
        { code: 'VALIDATION', field: 'attachments.1' },
      ));

    it('good photos for a ticket that does not exist', () =>
      expectRefused([{ bytes: PNG, name: 'schermata.png', type: 'image/png' }], { code: 'NOT_FOUND' }));
  });
});

describe('reminders', () => {
  const ADD_REMINDER = /* GraphQL */ `
    mutation ($ticketId: ID!, $dueAt: DateTime!, $text: String!, $ownerId: ID) {
      addReminder(ticketId: $ticketId, dueAt: $dueAt, text: $text, ownerId: $ownerId) {
        id
        text
        dueAt
        doneAt
        owner {
          id
        }
        ticket {
          id
        }
      }
    }
  `;
  const COMPLETE_REMINDER = `mutation($id: ID!) { completeReminder(id: $id) { id doneAt owner { id } } }`;
  const MY_REMINDERS = `{ myReminders { id text dueAt doneAt } }`;
  const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

  it('lists your open reminders by due time, lets the owner or a supervisor complete them, and keeps them internal', async () => {
    const me = await api.fixtures.user('OPERATOR');
    const colleague = await api.fixtures.user('OPERATOR');
    const supervisor = await api.fixtures.user('SUPERVISOR');
    const ticket = await newTicket();

    const add = async (text: string, dueAt: string, token: string, ownerId?: string) => {
      const result = await api.graphql(
        ADD_REMINDER,
        { ticketId: ticket.id, dueAt, text, ...(ownerId ? { ownerId } : {}) },
        { token },
      );
      expect(result.errors).toBeUndefined();
      return result.data.addReminder as {
        id: string;
        text: string;
        dueAt: string;
        doneAt: null;
        owner: { id: string };
      };
    };
    const later = await add('Richiamare il cliente', inHours(3), me.token);
    const soon = await add('Ordinare il fusore', inHours(1), me.token);
    const middle = await add('Verificare la consegna', inHours(2), me.token);
    const forColleague = await add('Passare in sede a Lecco', inHours(0.5), me.token, colleague.id);
    expect(soon).toMatchObject({ owner: { id: me.id }, doneAt: null, ticket: { id: ticket.id } });
    expect(forColleague.owner).toEqual({ id: colleague.id });

    const mine = await api.graphql(MY_REMINDERS, {}, { token: me.token });
    expect(mine.data.myReminders.map((reminder: any) => reminder.id)).toEqual([soon.id, middle.id, later.id]);
    const theirs = await api.graphql(MY_REMINDERS, {}, { token: colleague.token });
    expect(theirs.data.myReminders).toEqual([
      { id: forColleague.id, text: 'Passare in sede a Lecco', dueAt: forColleague.dueAt, doneAt: null },
    ]);

    // Someone else's reminder: a colleague may not complete it, a supervisor may.
    const notYours = await api.graphql(COMPLETE_REMINDER, { id: soon.id }, { token: colleague.token });
    expect(notYours.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await api.db.reminder.findUniqueOrThrow({ where: { id: soon.id } })).doneAt).toBeNull();

    const byOwner = await api.graphql(COMPLETE_REMINDER, { id: soon.id }, { token: me.token });
    expect(byOwner.errors).toBeUndefined();
    expect(byOwner.data.completeReminder.doneAt).not.toBeNull();
    const bySupervisor = await api.graphql(COMPLETE_REMINDER, { id: middle.id }, { token: supervisor.token });
    expect(bySupervisor.errors).toBeUndefined();
    expect(bySupervisor.data.completeReminder).toMatchObject({ id: middle.id, owner: { id: me.id } });
    expect(bySupervisor.data.completeReminder.doneAt).not.toBeNull();

    const again = await api.graphql(COMPLETE_REMINDER, { id: soon.id }, { token: me.token });
    expect(again.errors?.[0]?.extensions?.code).toBe('VALIDATION');

    const open = await api.graphql(MY_REMINDERS, {}, { token: me.token });
    expect(open.data.myReminders.map((reminder: any) => reminder.id)).toEqual([later.id]);

    const events = await api.db.ticketEvent.findMany({
      where: { ticketId: ticket.id, type: { in: ['REMINDER_ADDED', 'REMINDER_COMPLETED'] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    expect(events.map((event) => [event.type, event.internal, event.actorId])).toEqual([
      ['REMINDER_ADDED', true, me.id],
      ['REMINDER_ADDED', true, me.id],
      ['REMINDER_ADDED', true, me.id],
      ['REMINDER_ADDED', true, me.id],
      ['REMINDER_COMPLETED', true, me.id],
      ['REMINDER_COMPLETED', true, supervisor.id],
    ]);
  });

  it('hides reminder entries from the customer', async () => {
    const customer = await api.fixtures.customer('ACTIVE');
    const customerUser = await api.fixtures.user('CUSTOMER', { customerId: customer.id });
    const ticket = await newTicket({ customerId: customer.id });
    const added = await api.graphql(
      ADD_REMINDER,
      { ticketId: ticket.id, dueAt: inHours(1), text: 'Sollecitare il fornitore' },
      { token: operator.token },
    );
    await api.graphql(COMPLETE_REMINDER, { id: added.data.addReminder.id }, { token: operator.token });

    const staff = await api.graphql(
      `query($id: ID!) { ticket(id: $id) { events { type internal } } }`,
      { id: ticket.id },
      { token: operator.token },
    );
    expect(staff.data.ticket.events).toEqual([
      { type: 'CREATED', internal: false },
      { type: 'REMINDER_ADDED', internal: true },
      { type: 'REMINDER_COMPLETED', internal: true },
    ]);
    const theirs = await api.graphql(
      `query($id: ID!) { ticket(id: $id) { events { type } } }`,
      { id: ticket.id },
      { token: customerUser.token },
    );
    expect(theirs.data.ticket.events).toEqual([{ type: 'CREATED' }]);
  });
});
