import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type OutboundMail } from '@sportello/db';
import {
  CLAIM_TICKET,
  CREATE_TICKET,
  PNG,
  startTestApi,
  ticketInput,
  TRANSITION_TICKET,
  type TestApi,
  type Upload,
} from './harness.ts';
import { startRecordingSmtpServer, type ReceivedMail, type RecordingSmtpServer } from './smtp.ts';

type User = Awaited<ReturnType<TestApi['fixtures']['user']>>;
type Sender = typeof import('@sportello/schema/domain/mail/sender');
type Outbox = typeof import('@sportello/schema/domain/mail/outbox');

const SENDER = 'Assistenza Sportello <assistenza@sportello.test>';
const PUBLIC_URL = 'https://help.sportello.test';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let api: TestApi;
let smtp: RecordingSmtpServer;
let sender: Sender;
let outbox: Outbox;
let transport: ReturnType<Sender['createSmtpTransport']>;
/** The API's own client: on the embedded database (one session) every worker must go through it. */
let apiDb: Database;
let operator: User;
let admin: User;
let queueId: string;
let sequence = 0;

beforeAll(async () => {
  process.env.SPORTELLO_MAIL_FROM = SENDER;
  process.env.SPORTELLO_PUBLIC_URL = PUBLIC_URL;
  api = await startTestApi();
  smtp = await startRecordingSmtpServer();
  sender = await import('@sportello/schema/domain/mail/sender');
  outbox = await import('@sportello/schema/domain/mail/outbox');
  transport = sender.createSmtpTransport(smtp.url);
  apiDb = (await import('@sportello/schema/db')).db;
  operator = await api.fixtures.user('OPERATOR', { name: 'Giulia Verdi' });
  admin = await api.fixtures.user('ADMIN');
  queueId = (await api.fixtures.queue()).id;
});
afterAll(async () => {
  transport?.close();
  await smtp?.stop();
  await api?.stop();
});

/** A customer organisation with one contact who has a mail address and a language. */
async function contactOf(locale: 'IT' | 'EN', name = locale === 'IT' ? 'Maria Rossi' : 'Anna Smith') {
  const customer = await api.fixtures.customer();
  const email = `contact-${process.pid}-${++sequence}@cliente.test`;
  const contact = await api.db.contact.create({ data: { customerId: customer.id, name, email, locale } });
  return { customer, contact, email };
}

async function createTicket(input: Record<string, unknown>, token = operator.token) {
  const result = await api.graphql(CREATE_TICKET, { input: ticketInput(queueId, input) }, { token });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.createTicket as { id: string; code: string; number: number; version: number; status: string };
}

async function transition(ticketId: string, version: number, input: Record<string, unknown>) {
  const result = await api.graphql(
    TRANSITION_TICKET,
    { id: ticketId, input: { version, ...input } },
    { token: operator.token },
  );
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.transitionTicket as { version: number; status: string };
}

const ADD_NOTE = /* GraphQL */ `
  mutation ($input: AddNoteInput!) {
    addNote(input: $input) {
      id
    }
  }
`;
async function addNote(ticketId: string, visibility: 'PUBLIC' | 'INTERNAL', body: string, token = operator.token) {
  const result = await api.graphql(ADD_NOTE, { input: { ticketId, visibility, body } }, { token });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
}

/** Writes the mails of every change so far to the outbox, as the outbox writer does (no test API runs it). */
async function writePending() {
  let run;
  do run = await outbox.writePendingMails(apiDb);
  while (run.events > 0);
}

async function outboxOf(ticketId: string) {
  await writePending();
  return api.db.outboundMail.findMany({ where: { ticketId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}

/** Sends what is due, as the worker does, through the real SMTP server. */
async function deliver(now = new Date()) {
  await writePending();
  return sender.sendDueMails(apiDb, transport, now);
}

/** What arrived for a row of the outbox (found by its Message-ID). */
function arrivedFor(mail: OutboundMail): ReceivedMail[] {
  return smtp.received.filter((received) => received.header('message-id') === mail.messageId);
}
function arrived(mail: OutboundMail): ReceivedMail {
  const [received, ...more] = arrivedFor(mail);
  expect(received, `${mail.kind} ${mail.messageId} did not arrive`).toBeDefined();
  expect(more).toHaveLength(0);
  return received!;
}

const TICKET_MAILS = /* GraphQL */ `
  query ($id: ID!) {
    ticket(id: $id) {
      events {
        type
        internal
      }
      outboundMails {
        kind
        status
        attempts
        lastError
        toAddress
        subject
        locale
        sentAt
      }
    }
  }
`;

describe('the confirmation', () => {
  it('tells a portal customer the code and the SLA times, in English, and goes on the timeline once sent', async () => {
    const queue = await api.fixtures.queueWithPolicy();
    const { customer } = await contactOf('EN');
    const customerUser = await api.fixtures.user('CUSTOMER', { customerId: customer.id, name: 'Anna Smith' });
    // The portal user's contact has no address of its own: the login's is used; English was chosen.
    await api.db.contact.update({ where: { userId: customerUser.id }, data: { locale: 'EN' } });
    const ticket = await createTicket({ queueId: queue.id }, customerUser.token);

    const [queued, ...others] = await outboxOf(ticket.id);
    expect(others).toHaveLength(0);
    expect(queued).toMatchObject({
      kind: 'TICKET_CREATED',
      status: 'PENDING',
      attempts: 0,
      toAddress: customerUser.email,
      locale: 'EN',
      inReplyTo: null,
      references: null,
    });
    expect(queued!.messageId).toMatch(/^<[0-9a-f-]{36}@sportello\.test>$/);

    const run = await deliver();
    expect(run.failed).toEqual([]);
    expect(run.sent).toContain(queued!.id);
    const mail = arrived(queued!);
    expect(mail.envelope.to).toEqual([customerUser.email]);
    expect(mail.envelope.from).toBe('assistenza@sportello.test');
    expect(mail.parsed.from?.value).toEqual([{ name: 'Assistenza Sportello', address: 'assistenza@sportello.test' }]);
    expect(mail.parsed.subject).toBe(`[${ticket.code}] Request received: Stampante di rete non stampa`);
    expect(mail.header('auto-submitted')).toBe('auto-generated');
    expect(mail.header('x-auto-response-suppress')).toBe('All');
    expect(mail.header('in-reply-to')).toBeUndefined();
    expect(mail.parsed.text).toContain('Dear Anna Smith,');
    expect(mail.parsed.text).toContain(`given it the code ${ticket.code}`);
    const stored = await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    const rome = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Rome' });
    expect(mail.parsed.text).toContain(
      `First response by: ${rome.format(new Date(stored.createdAt.getTime() + 3600_000))}`,
    );
    expect(mail.parsed.text).toContain(
      `Expected resolution by: ${rome.format(new Date(stored.createdAt.getTime() + 8 * 3600_000))}`,
    );
    expect(mail.parsed.html).toContain('<html lang="en">');
    expect(mail.parsed.html).toContain(`${ticket.code}`);

    const sent = await api.db.outboundMail.findUniqueOrThrow({ where: { id: queued!.id } });
    expect(sent).toMatchObject({ status: 'SENT', attempts: 1, lastError: null });
    expect(sent.sentAt).not.toBeNull();
    const events = await api.db.ticketEvent.findMany({ where: { ticketId: ticket.id, type: 'MAIL_SENT' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      internal: true,
      data: { outboundMailId: queued!.id, kind: 'TICKET_CREATED', to: customerUser.email },
    });

    // Staff see the mail and its entry; the customer sees neither.
    const asStaff = await api.graphql(TICKET_MAILS, { id: ticket.id }, { token: operator.token });
    expect(asStaff.errors).toBeUndefined();
    expect(asStaff.data.ticket.outboundMails).toEqual([
      expect.objectContaining({ kind: 'TICKET_CREATED', status: 'SENT', attempts: 1, lastError: null, locale: 'EN' }),
    ]);
    expect(asStaff.data.ticket.events.map((event: { type: string }) => event.type)).toContain('MAIL_SENT');
    const asCustomer = await api.graphql(
      `query ($id: ID!) { ticket(id: $id) { events { type } } }`,
      { id: ticket.id },
      { token: customerUser.token },
    );
    expect(asCustomer.data.ticket.events.map((event: { type: string }) => event.type)).not.toContain('MAIL_SENT');
    const forbidden = await api.graphql(
      `query ($id: ID!) { ticket(id: $id) { outboundMails { id } } }`,
      { id: ticket.id },
      { token: customerUser.token },
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Sending again sends nothing more.
    await deliver();
    expect(arrivedFor(queued!)).toHaveLength(1);
  });

  it('mails nothing when nobody can be written to, and nothing for a change that was refused', async () => {
    const ticket = await createTicket({});
    expect(await outboxOf(ticket.id)).toEqual([]);

    const { customer, contact } = await contactOf('IT');
    const withContact = await createTicket({ customerId: customer.id, contactId: contact.id });
    expect(await outboxOf(withContact.id)).toHaveLength(1);
    const refused = await api.graphql(
      TRANSITION_TICKET,
      { id: withContact.id, input: { to: 'DONE', version: withContact.version } },
      { token: operator.token },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(await outboxOf(withContact.id)).toHaveLength(1);
    await deliver();
  });
});

describe('a ticket’s thread', () => {
  it('replies with staff public notes only, resolves with the solution and asks for a rating, all in one thread', async () => {
    const { customer, contact, email } = await contactOf('IT');
    const customerUser = await api.fixtures.user('CUSTOMER', { customerId: customer.id });
    const ticket = await createTicket({ customerId: customer.id, contactId: contact.id });
    await deliver();
    const [confirmation] = await outboxOf(ticket.id);
    const root = confirmation!.messageId;
    const confirmationMail = arrived(confirmation!);
    expect(confirmationMail.parsed.subject).toBe(`[${ticket.code}] Richiesta ricevuta: Stampante di rete non stampa`);
    expect(confirmationMail.parsed.text).toContain('Gentile Maria Rossi,');
    // Opened by phone: the call was the first response, so only the resolution time is promised.
    expect(confirmationMail.parsed.text).toContain('Risoluzione prevista entro: ');
    expect(confirmationMail.parsed.text).not.toContain('Prima risposta');
    expect(confirmationMail.parsed.html).toContain('<html lang="it">');

    await addNote(ticket.id, 'INTERNAL', 'Il cliente è sempre molto cortese');
    await addNote(ticket.id, 'PUBLIC', 'La stampante è ancora bloccata', customerUser.token);
    expect(await outboxOf(ticket.id)).toHaveLength(1);

    await addNote(ticket.id, 'PUBLIC', 'Abbiamo ordinato il toner.\nArriva domani mattina.');
    const claimed = await api.graphql(CLAIM_TICKET, { id: ticket.id }, { token: operator.token });
    const started = await transition(ticket.id, claimed.data.claimTicket.version, { to: 'IN_PROGRESS' });
    await transition(ticket.id, started.version, { to: 'DONE', solution: 'Sostituito il toner e pulito il fusore.' });

    const outbox = await outboxOf(ticket.id);
    expect(outbox.map((mail) => mail.kind)).toEqual(['TICKET_CREATED', 'PUBLIC_REPLY', 'RESOLVED', 'SURVEY']);
    expect(new Set(outbox.map((mail) => mail.toAddress))).toEqual(new Set([email]));
    await deliver();
    const [, reply, resolved, survey] = outbox;

    const replyMail = arrived(reply!);
    expect(replyMail.parsed.subject).toBe(`[${ticket.code}] Stampante di rete non stampa`);
    expect(replyMail.header('in-reply-to')).toBe(root);
    expect(replyMail.header('references')).toBe(root);
    expect(replyMail.header('auto-submitted')).toBeUndefined();
    expect(replyMail.parsed.text).toContain('> Abbiamo ordinato il toner.\n> Arriva domani mattina.');
    expect(replyMail.parsed.text).toContain('Ha scritto Giulia Verdi.');
    expect(replyMail.parsed.text).not.toContain('cortese');

    const resolvedMail = arrived(resolved!);
    expect(resolvedMail.parsed.subject).toBe(`[${ticket.code}] Risolta: Stampante di rete non stampa`);
    expect(resolvedMail.parsed.text).toContain('> Sostituito il toner e pulito il fusore.');
    expect(resolvedMail.header('in-reply-to')).toBe(root);
    expect(resolvedMail.header('references')).toBe(`${root} ${reply!.messageId}`);
    expect(resolvedMail.header('auto-submitted')).toBe('auto-generated');

    const surveyMail = arrived(survey!);
    expect(surveyMail.parsed.subject).toBe(`[${ticket.code}] Com’è andata? Stampante di rete non stampa`);
    expect(surveyMail.header('in-reply-to')).toBe(root);
    expect(surveyMail.header('references')).toBe(`${root} ${reply!.messageId} ${resolved!.messageId}`);
    const link = /https:\/\/help\.sportello\.test\/survey\/\S+/.exec(surveyMail.parsed.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect(surveyMail.parsed.html).toContain(`<a href="${link}">`);
    const token = decodeURIComponent(link!.split('/survey/')[1]!);
    const { checkSurveyToken } = await import('@sportello/schema/domain/survey/links');
    expect(await checkSurveyToken(token, new Date(), apiDb)).toMatchObject({
      ok: true,
      claim: { ticketId: ticket.id },
    });

    const sentEvents = await api.db.ticketEvent.findMany({ where: { ticketId: ticket.id, type: 'MAIL_SENT' } });
    expect(sentEvents.map((event) => (event.data as { kind: string }).kind).sort()).toEqual(
      ['PUBLIC_REPLY', 'RESOLVED', 'SURVEY', 'TICKET_CREATED'].sort(),
    );
  });

  it('sends the files of a staff note with its reply, and holds the reply while a file is missing', async () => {
    const { customer, contact, email } = await contactOf('IT');
    const ticket = await createTicket({ customerId: customer.id, contactId: contact.id });
    await deliver();
    const instructions: Upload = {
      bytes: Uint8Array.from(Buffer.from('1. Spegnere la stampante.\n2. Sostituire il toner.\n')),
      name: 'istruzioni.txt',
      type: 'text/plain',
    };
    const withFiles = async (body: string, files: Upload[]) => {
      const result = await api.graphqlWithFiles(ADD_NOTE, { ticketId: ticket.id, visibility: 'PUBLIC', body }, files, {
        token: operator.token,
      });
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      return result.data.addNote.id as string;
    };

    const noteId = await withFiles('Le invio la schermata e le istruzioni.', [
      { bytes: PNG, name: 'schermata.png', type: 'image/png' },
      instructions,
    ]);
    await addNote(ticket.id, 'PUBLIC', 'Passiamo domani alle 9.'); // no files: none attached
    const [, reply, plainReply] = await outboxOf(ticket.id);
    expect(reply).toMatchObject({ kind: 'PUBLIC_REPLY', noteId });
    expect(plainReply).toMatchObject({ kind: 'PUBLIC_REPLY' });
    await deliver();
    const files = arrived(reply!).parsed.attachments.map(({ filename, contentType, content }) => ({
      filename,
      contentType,
      content: new Uint8Array(content),
    }));
    expect(files).toEqual([
      { filename: 'schermata.png', contentType: 'image/png', content: PNG },
      { filename: 'istruzioni.txt', contentType: 'text/plain', content: instructions.bytes },
    ]);
    expect(arrived(reply!).envelope.to).toEqual([email]);
    expect(arrived(reply!).parsed.text).toContain('> Le invio la schermata e le istruzioni.');
    expect(arrived(plainReply!).parsed.attachments).toEqual([]);

    // A file gone from the storage: the reply waits, with the reason, and goes with it once it is back.
    await withFiles('Ecco anche il preventivo.', [{ bytes: PNG, name: 'preventivo.png', type: 'image/png' }]);
    const waiting = (await outboxOf(ticket.id)).at(-1)!;
    const { storageKey } = await api.db.attachment.findFirstOrThrow({ where: { noteId: waiting.noteId! } });
    const away = `${storageKey}.away`;
    await api.db.storedFile.update({ where: { key: storageKey }, data: { key: away } });
    const now = new Date();
    const run = await deliver(now);
    expect(run.failed.map((failure) => failure.id)).toEqual([waiting.id]);
    let row = await api.db.outboundMail.findUniqueOrThrow({ where: { id: waiting.id } });
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(row.lastError).toMatch(/ENOENT/);
    expect(arrivedFor(waiting)).toHaveLength(0);

    await api.db.storedFile.update({ where: { key: away }, data: { key: storageKey } });
    await deliver(new Date(now.getTime() + 31_000));
    row = await api.db.outboundMail.findUniqueOrThrow({ where: { id: waiting.id } });
    expect(row).toMatchObject({ status: 'SENT', attempts: 2, lastError: null });
    const [file] = arrived(waiting).parsed.attachments;
    expect(file).toMatchObject({ filename: 'preventivo.png', contentType: 'image/png' });
    expect(new Uint8Array(file!.content)).toEqual(PNG);
  });

  it('a request solved during the call gets the resolution notice and the survey, no confirmation', async () => {
    const { customer, contact } = await contactOf('IT', 'Paolo Neri');
    const ticket = await createTicket({
      customerId: customer.id,
      contactId: contact.id,
      solution: 'Riavviato lo spooler di stampa insieme al cliente.',
    });
    expect(ticket.status).toBe('DONE');
    const outbox = await outboxOf(ticket.id);
    expect(outbox.map((mail) => mail.kind)).toEqual(['RESOLVED', 'SURVEY']);
    await deliver();
    const resolvedMail = arrived(outbox[0]!);
    expect(resolvedMail.parsed.subject).toBe(`[${ticket.code}] Risolta: Stampante di rete non stampa`);
    expect(resolvedMail.parsed.text).toContain('come concordato durante la telefonata');
    expect(resolvedMail.parsed.text).toContain('> Riavviato lo spooler di stampa insieme al cliente.');
    expect(resolvedMail.header('in-reply-to')).toBeUndefined();
    const surveyMail = arrived(outbox[1]!);
    expect(surveyMail.header('in-reply-to')).toBe(outbox[0]!.messageId);
    expect(surveyMail.parsed.text).toContain(`${PUBLIC_URL}/survey/`);
  });

  it('a ticket opened by mail answers the customer’s message, and their reply by mail is not mailed back', async () => {
    const { receiveInboundMail } = await import('@sportello/schema/domain/mail/inbound');
    const from = `stranger-${process.pid}-${++sequence}@esterno.test`;
    const originalId = `<first-${process.pid}-${sequence}@esterno.test>`;
    const message = (messageId: string, subject: string, headers: string, body: string) =>
      new TextEncoder().encode(
        [
          `From: Luca Bruni <${from}>`,
          'To: assistenza@sportello.test',
          `Subject: ${subject}`,
          `Message-ID: ${messageId}`,
          'Date: Mon, 2 Mar 2026 09:00:00 +0100',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          ...(headers ? [headers] : []),
          '',
          body,
          '',
        ].join('\r\n'),
      );
    const opened = await receiveInboundMail({
      raw: message(originalId, 'Il PC non si accende', '', 'Buongiorno, il PC della reception non si accende.'),
      source: 'http',
      queueId,
    });
    expect(opened).toMatchObject({ outcome: 'TICKET_CREATED', error: null });
    const ticketId = opened.ticketId!;
    const [confirmation, ...others] = await outboxOf(ticketId);
    expect(others).toHaveLength(0);
    expect(confirmation).toMatchObject({
      kind: 'TICKET_CREATED',
      toAddress: from,
      locale: 'IT',
      inReplyTo: originalId,
      references: originalId,
    });
    await deliver();
    const confirmationMail = arrived(confirmation!);
    expect(confirmationMail.envelope.to).toEqual([from]);
    expect(confirmationMail.header('in-reply-to')).toBe(originalId);
    expect(confirmationMail.header('auto-submitted')).toBe('auto-replied');
    expect(confirmationMail.parsed.text).toContain('Gentile Cliente,');

    const reply = await receiveInboundMail({
      raw: message(
        `<second-${process.pid}-${sequence}@esterno.test>`,
        `Re: ${confirmationMail.parsed.subject}`,
        `In-Reply-To: ${confirmation!.messageId}\r\nReferences: ${originalId} ${confirmation!.messageId}`,
        'Grazie, attendo notizie.',
      ),
      source: 'http',
      queueId,
    });
    expect(reply).toMatchObject({ outcome: 'NOTE_ADDED', ticketId });
    expect(await outboxOf(ticketId)).toHaveLength(1);

    await addNote(ticketId, 'PUBLIC', 'Passiamo oggi pomeriggio.');
    const [, staffReply] = await outboxOf(ticketId);
    expect(staffReply).toMatchObject({ kind: 'PUBLIC_REPLY', toAddress: from, inReplyTo: originalId });
    expect(staffReply!.references).toBe(
      `${originalId} ${confirmation!.messageId} <second-${process.pid}-${sequence}@esterno.test>`,
    );
  });
});

describe('automatic closure', () => {
  it('warns the customer a day before, then closes with a notice and the survey, in their language', async () => {
    const { customer, contact, email } = await contactOf('EN');
    const ticket = await createTicket({ customerId: customer.id, contactId: contact.id });
    const claimed = await api.graphql(CLAIM_TICKET, { id: ticket.id }, { token: operator.token });
    await transition(ticket.id, claimed.data.claimTicket.version, {
      to: 'CHANGES_REQUESTED',
      note: 'Please send us the printer’s error log.',
    });
    const asked = await outboxOf(ticket.id);
    expect(asked.map((mail) => mail.kind)).toEqual(['TICKET_CREATED', 'PUBLIC_REPLY']);
    await deliver();
    expect(arrived(asked[1]!).parsed.text).toContain('> Please send us the printer’s error log.');

    const engine = await import('@sportello/schema/domain/automation/engine');
    const waitingSince = (await api.db.note.findFirstOrThrow({ where: { ticketId: ticket.id } })).createdAt;
    const warnAt = new Date(waitingSince.getTime() + 6 * DAY + MINUTE);
    await engine.runAutomationOnce(apiDb, warnAt);
    const warned = await outboxOf(ticket.id);
    expect(warned.map((mail) => mail.kind)).toEqual(['TICKET_CREATED', 'PUBLIC_REPLY', 'AUTO_CLOSE_WARNING']);
    // Mails recorded by the worker are due at the worker's time.
    expect((await deliver()).sent).not.toContain(warned[2]!.id);
    await deliver(warnAt);
    const warning = arrived(warned[2]!);
    expect(warning.envelope.to).toEqual([email]);
    expect(warning.parsed.subject).toBe(`[${ticket.code}] Closing for lack of reply: Stampante di rete non stampa`);
    const rome = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Rome' });
    // The customer always gets a full day's notice after the warning.
    expect(warning.parsed.text).toContain(`closed automatically on ${rome.format(new Date(warnAt.getTime() + DAY))}`);
    expect(warning.header('in-reply-to')).toBe(asked[0]!.messageId);
    expect(warning.header('auto-submitted')).toBe('auto-generated');

    const closeAt = new Date(warnAt.getTime() + DAY + MINUTE);
    await engine.runAutomationOnce(apiDb, closeAt);
    await engine.runAutomationOnce(apiDb, new Date(closeAt.getTime() + MINUTE));
    const closed = await outboxOf(ticket.id);
    expect(closed.map((mail) => mail.kind)).toEqual([
      'TICKET_CREATED',
      'PUBLIC_REPLY',
      'AUTO_CLOSE_WARNING',
      'AUTO_CLOSED',
      'SURVEY',
    ]);
    await deliver(closeAt);
    const notice = arrived(closed[3]!);
    expect(notice.parsed.subject).toBe(`[${ticket.code}] Closed: Stampante di rete non stampa`);
    expect(notice.parsed.text).toContain('no reply within 7 days');
    expect(arrived(closed[4]!).parsed.subject).toBe(`[${ticket.code}] How did we do? Stampante di rete non stampa`);
  });
});

describe('delivery', () => {
  it('keeps a mail while the SMTP server is down, retries with back-off, and delivers it once when it is back', async () => {
    const { startMailOutboundWorker } = await import('../src/jobs/mail-outbound.ts');
    const { customer, contact, email } = await contactOf('IT');
    await smtp.stop();
    try {
      const ticket = await createTicket({ customerId: customer.id, contactId: contact.id });
      const [queued] = await outboxOf(ticket.id);
      let clock = new Date(queued!.nextAttemptAt.getTime() + 1000);
      const runs: Array<Awaited<ReturnType<Sender['sendDueMails']>>> = [];
      const worker = startMailOutboundWorker({
        db: apiDb,
        transport,
        now: () => clock,
        intervalMs: 3_600_000,
        onRun: (run) => runs.push(run),
      })!;
      try {
        await worker.runOnce();
        let row = await api.db.outboundMail.findUniqueOrThrow({ where: { id: queued!.id } });
        expect(row).toMatchObject({ status: 'PENDING', attempts: 1 });
        expect(row.lastError).toMatch(/ECONNREFUSED/);
        expect(row.nextAttemptAt).toEqual(new Date(clock.getTime() + 30_000));
        expect(runs.flatMap((run) => run.failed).map((failure) => failure.id)).toContain(queued!.id);

        clock = new Date(clock.getTime() + 10_000); // not due yet
        await worker.runOnce();
        expect((await api.db.outboundMail.findUniqueOrThrow({ where: { id: queued!.id } })).attempts).toBe(1);

        clock = new Date(clock.getTime() + 25_000); // second failure: the wait doubles
        await worker.runOnce();
        row = await api.db.outboundMail.findUniqueOrThrow({ where: { id: queued!.id } });
        expect(row).toMatchObject({ status: 'PENDING', attempts: 2 });
        expect(row.nextAttemptAt).toEqual(new Date(clock.getTime() + 60_000));

        await smtp.start();
        clock = new Date(clock.getTime() + 30_000);
        await worker.runOnce();
        expect(smtp.to(email)).toHaveLength(0);

        clock = new Date(clock.getTime() + 31_000);
        await worker.runOnce();
        await worker.runOnce();
        expect(smtp.to(email)).toHaveLength(1);
        expect(arrived(queued!).parsed.subject).toContain(`[${ticket.code}]`);
        row = await api.db.outboundMail.findUniqueOrThrow({ where: { id: queued!.id } });
        expect(row).toMatchObject({ status: 'SENT', attempts: 3, lastError: null });
        const events = await api.db.ticketEvent.findMany({ where: { ticketId: ticket.id, type: 'MAIL_SENT' } });
        expect(events).toHaveLength(1);
      } finally {
        await worker.stop();
      }
    } finally {
      await smtp.start();
    }
  });

  it('lets an admin retry a failing mail now, and lists what is still pending', async () => {
    const { customer, contact } = await contactOf('EN');
    await smtp.stop();
    let queued: OutboundMail | undefined;
    try {
      const ticket = await createTicket({ customerId: customer.id, contactId: contact.id });
      [queued] = await outboxOf(ticket.id);
      const failed = await deliver();
      expect(failed.failed.map((failure) => failure.id)).toContain(queued!.id);
    } finally {
      await smtp.start();
    }
    const pending = await api.graphql(
      `{ pendingOutboundMails { id status attempts lastError } }`,
      {},
      { token: admin.token },
    );
    expect(pending.data.pendingOutboundMails).toContainEqual(
      expect.objectContaining({ id: queued!.id, status: 'PENDING', attempts: 1, lastError: expect.any(String) }),
    );
    // Still backing off: nothing goes out before its time…
    await deliver();
    expect(arrivedFor(queued!)).toHaveLength(0);

    const RETRY = `mutation ($id: ID!) { retryOutboundMail(id: $id) { id status nextAttemptAt } }`;
    const denied = await api.graphql(RETRY, { id: queued!.id }, { token: operator.token });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const retried = await api.graphql(RETRY, { id: queued!.id }, { token: admin.token });
    expect(retried.errors).toBeUndefined();
    expect(new Date(retried.data.retryOutboundMail.nextAttemptAt).getTime()).toBeLessThanOrEqual(Date.now());
    // …unless an admin says so.
    await deliver();
    expect(arrived(queued!).parsed.subject).toMatch(/^\[HT\d{5}\] Request received: /);
    const again = await api.graphql(RETRY, { id: queued!.id }, { token: admin.token });
    expect(again.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const unknown = await api.graphql(RETRY, { id: '00000000-0000-7000-8000-000000000000' }, { token: admin.token });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('sends each mail once with three workers racing', async () => {
    const { customer, contact, email } = await contactOf('IT');
    const tickets = [];
    for (let i = 0; i < 6; i++) tickets.push(await createTicket({ customerId: customer.id, contactId: contact.id }));
    await writePending();
    const queued = await api.db.outboundMail.findMany({ where: { ticketId: { in: tickets.map((t) => t.id) } } });
    expect(queued).toHaveLength(6);

    const workers = [api.instanceClient(2), api.instanceClient(2), api.instanceClient(2)].map((client) => ({
      client,
      transport: sender.createSmtpTransport(smtp.url),
    }));
    try {
      const now = new Date();
      const runs = await Promise.all(
        workers.map((worker) => sender.sendDueMails(worker.client, worker.transport, now)),
      );
      const sentIds = runs.flatMap((run) => run.sent).filter((id) => queued.some((mail) => mail.id === id));
      expect(sentIds.sort()).toEqual(queued.map((mail) => mail.id).sort());
    } finally {
      for (const worker of workers) worker.transport.close();
    }
    const received = smtp.to(email);
    expect(received).toHaveLength(6);
    expect(new Set(received.map((mail) => mail.header('message-id')))).toEqual(
      new Set(queued.map((mail) => mail.messageId)),
    );
    const rows = await api.db.outboundMail.findMany({ where: { id: { in: queued.map((mail) => mail.id) } } });
    expect(rows.every((row) => row.status === 'SENT' && row.attempts === 1)).toBe(true);
    const events = await api.db.ticketEvent.findMany({
      where: { ticketId: { in: tickets.map((t) => t.id) }, type: 'MAIL_SENT' },
    });
    expect(events).toHaveLength(6);
  });

  it('does not start without SMTP_URL: mails wait in the outbox', async () => {
    const { startMailOutboundWorker } = await import('../src/jobs/mail-outbound.ts');
    const configured = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      expect(startMailOutboundWorker({ db: apiDb })).toBeNull();
    } finally {
      if (configured !== undefined) process.env.SMTP_URL = configured;
    }
  });

  it('never queues one timeline entry twice', async () => {
    const { customer, contact } = await contactOf('IT');
    const ticket = await createTicket({ customerId: customer.id, contactId: contact.id });
    const created = await api.db.ticketEvent.findFirstOrThrow({ where: { ticketId: ticket.id, type: 'CREATED' } });
    // Marked again before and after its mail was written: still one mail.
    expect(await apiDb.$transaction((tx) => outbox.markEventsForMail(tx, [created]))).toBe(true);
    expect(await outboxOf(ticket.id)).toHaveLength(1);
    await apiDb.$transaction((tx) => outbox.markEventsForMail(tx, [created]));
    expect(await outboxOf(ticket.id)).toHaveLength(1);
    expect(await api.db.pendingMailEvent.count({ where: { eventId: created.id } })).toBe(0);
    await deliver();
  });
});

describe('the outbox writer', () => {
  it('writes many changes’ mails in one transaction, threaded, and as they were when each change was made', async () => {
    await writePending();
    const { customer, contact } = await contactOf('IT');
    const queue = await api.fixtures.queueWithPolicy();
    const input = { queueId: queue.id, customerId: customer.id, contactId: contact.id, channel: 'EMAIL' };
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(await createTicket(input));
    // Answered before any mail is written: the confirmation still promises the first response it promised then.
    await addNote(tickets[0]!.id, 'PUBLIC', 'Ci stiamo lavorando.');
    const created = await api.db.ticket.findUniqueOrThrow({ where: { id: tickets[0]!.id } });
    expect(created.firstResponseAt).not.toBeNull();

    const run = await outbox.writePendingMails(apiDb, new Date(), 50);
    expect(run).toMatchObject({ events: 4, failed: [] });
    expect(run.mails.map((mail) => [mail.ticketId, mail.kind])).toEqual([
      [tickets[0]!.id, 'TICKET_CREATED'],
      [tickets[1]!.id, 'TICKET_CREATED'],
      [tickets[2]!.id, 'TICKET_CREATED'],
      [tickets[0]!.id, 'PUBLIC_REPLY'],
    ]);
    const [confirmation, , , reply] = run.mails;
    expect(reply!.inReplyTo).toBe(confirmation!.messageId);
    expect(confirmation!.createdAt).toEqual(created.createdAt);
    const rome = new Intl.DateTimeFormat('it-IT', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Rome' });
    expect(confirmation!.textBody).toContain(
      `Prima risposta entro: ${rome.format(new Date(created.createdAt.getTime() + 3600_000))}`,
    );
    expect(await outbox.writePendingMails(apiDb)).toMatchObject({ events: 0, mails: [] });
    await deliver();
  });

  it('puts back a minute an entry whose mails cannot be written, and writes the others', async () => {
    await writePending();
    const { customer, contact } = await contactOf('IT');
    const broken = await createTicket({ customerId: customer.id, contactId: contact.id });
    // A note entry whose note id is not a string (data written by some other tool): reading the note fails.
    const bad = await api.db.ticketEvent.create({
      data: { ticketId: broken.id, type: 'NOTE_ADDED', data: { noteId: 42 }, createdAt: new Date() },
    });
    await api.db.pendingMailEvent.create({ data: { eventId: bad.id } });
    const fine = await createTicket({ customerId: customer.id, contactId: contact.id });

    const now = new Date();
    const run = await outbox.writePendingMails(apiDb, now);
    expect(run.failed.map((failure) => failure.eventId)).toEqual([bad.id]);
    expect(run.mails.map((mail) => mail.ticketId).sort()).toEqual([broken.id, fine.id].sort());
    const pending = await api.db.pendingMailEvent.findUniqueOrThrow({ where: { eventId: bad.id } });
    expect(pending.dueAt).toEqual(new Date(now.getTime() + outbox.OUTBOX_RETRY_MS));
    expect(await outbox.writePendingMails(apiDb, now)).toMatchObject({ events: 0, failed: [] });
    await api.db.pendingMailEvent.delete({ where: { eventId: bad.id } });
    await deliver();
  });

  it('is woken by the commits of its own process, and drains what is pending in batches', async () => {
    const { startOutboxWriter } = await import('../src/jobs/mail-outbox.ts');
    const { customer, contact } = await contactOf('EN');
    // More changes than one batch, made while no writer runs.
    const tickets = await Promise.all(
      Array.from({ length: outbox.OUTBOX_BATCH + 5 }, () =>
        apiDb.ticket.create({
          data: {
            queueId,
            customerId: customer.id,
            contactId: contact.id,
            channel: 'EMAIL',
            subject: 'Importato',
            placeAndWhat: 'Sede',
            description: 'Creato da un import.',
            createdById: operator.id,
          },
        }),
      ),
    );
    await apiDb.$transaction(async (tx) => {
      const events = await Promise.all(
        tickets.map((ticket) =>
          tx.ticketEvent.create({ data: { ticketId: ticket.id, type: 'CREATED', field: 'status', toValue: 'NEW' } }),
        ),
      );
      await outbox.markEventsForMail(tx, events);
    });
    const errors: unknown[] = [];
    // An hour between passes: only the first pass (at start) and wake-ups can write anything within the test.
    const writer = startOutboxWriter({ db: apiDb, intervalMs: 3_600_000, onError: (error) => errors.push(error) });
    try {
      await writer.runOnce();
      const written = await api.db.outboundMail.count({ where: { ticketId: { in: tickets.map((t) => t.id) } } });
      expect(written).toBe(tickets.length);

      const ticket = await createTicket({ customerId: customer.id, contactId: contact.id });
      await expect
        .poll(() => api.db.outboundMail.count({ where: { ticketId: ticket.id } }), { timeout: 10_000 })
        .toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await writer.stop();
    }
    await deliver();
  });
});
