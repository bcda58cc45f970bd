/**
 * Inbound mail against real servers: a throwaway Dovecot (IMAP) started for this file, the real API on a fresh
 * database, messages put into the mailbox with IMAP APPEND as a mail server would deliver them, and the raw MIME
 * endpoint over HTTP. Nothing is mocked.
 */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxPoll } from '../src/jobs/mail-inbound.ts';
import { startDovecot, type ThrowawayDovecot } from './dovecot.ts';
import { startTestApi, type TestApi } from './harness.ts';

type User = Awaited<ReturnType<TestApi['fixtures']['user']>>;

let api: TestApi;
let dovecot: ThrowawayDovecot;
let worker: typeof import('../src/jobs/mail-inbound.ts');
let admin: User;
let operator: User;
let queueId: string;
let mailboxId: string;
const suffix = randomUUID().slice(0, 8);
const address = (local: string) => `${local}.${suffix}@example.com`;

/** A customer with a contract and one contact (with a portal user), one without contract, one other customer. */
const people = {} as {
  customerId: string;
  contactId: string;
  contactUserId: string;
  noContractCustomerId: string;
  otherCustomerId: string;
};

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

/** A message as a mail program writes it (nodemailer's composer), as bytes. */
async function compose(options: {
  from: string;
  subject: string;
  text?: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: Buffer }>;
}): Promise<Buffer> {
  const info = await composer.sendMail({
    to: 'assistenza@sportello.test',
    text: options.html ? undefined : (options.text ?? 'Buongiorno, il server non risponde da stamattina.'),
    messageId: options.messageId ?? `<${randomUUID()}@example.com>`,
    ...options,
  });
  return info.message as Buffer;
}

async function graphql<T = any>(query: string, variables: Record<string, unknown>, user: User) {
  return api.graphql<T>(query, variables, { token: user.token });
}

const poll = async () => {
  const polls = await worker.pollMailboxesOnce();
  for (const result of polls) expect(result.error).toBeUndefined();
  return polls;
};

/** Delivers to the support mailbox and polls it; returns what became of the message. */
async function deliverAndPoll(raw: Buffer | string) {
  await dovecot.deliver('support', raw);
  const polls = await poll();
  const results = polls.find((entry) => entry.mailboxId === mailboxId)?.result?.results ?? [];
  expect(results).toHaveLength(1);
  return results[0]!;
}

const eventsOf = (ticketId: string) =>
  api.db.ticketEvent.findMany({ where: { ticketId }, orderBy: { createdAt: 'asc' } });

beforeAll(async () => {
  [api, dovecot] = await Promise.all([startTestApi(), startDovecot({ support: 'support-secret', other: 'other-pw' })]);
  worker = await import('../src/jobs/mail-inbound.ts');
  admin = await api.fixtures.user('ADMIN');
  operator = await api.fixtures.user('OPERATOR');
  await api.fixtures.user('SUPERVISOR');
  queueId = (await api.fixtures.queue()).id;

  const customer = await api.fixtures.customer('ACTIVE');
  const portalUser = await api.fixtures.user('CUSTOMER');
  const contact = await api.db.contact.create({
    data: { customerId: customer.id, name: 'Mario Rossi', email: address('Mario.Rossi'), userId: portalUser.id },
  });
  const noContract = await api.fixtures.customer('NONE');
  await api.db.contact.create({ data: { customerId: noContract.id, name: 'Anna Neri', email: address('anna') } });
  const other = await api.fixtures.customer('ACTIVE');
  await api.db.contact.create({ data: { customerId: other.id, name: 'Luca Verdi', email: address('luca') } });
  Object.assign(people, {
    customerId: customer.id,
    contactId: contact.id,
    contactUserId: portalUser.id,
    noContractCustomerId: noContract.id,
    otherCustomerId: other.id,
  });

  const created = await graphql(
    `
      mutation ($input: MailboxInput!) {
        createMailbox(input: $input) {
          id
          name
          port
          secure
          folder
          lastUid
        }
      }
    `,
    {
      input: {
        name: 'Assistenza',
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        username: 'support',
        password: 'support-secret',
        queueId,
      },
    },
    admin,
  );
  expect(created.errors).toBeUndefined();
  expect(created.data.createMailbox).toMatchObject({ name: 'Assistenza', port: dovecot.port, folder: 'INBOX' });
  mailboxId = created.data.createMailbox.id;
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([api?.stop(), dovecot?.stop()]);
});

describe('mailbox administration', () => {
  it('never returns the password, and is for admins only', async () => {
    const withPassword = await graphql(
      `
        {
          mailboxes {
            id
            password
          }
        }
      `,
      {},
      admin,
    );
    expect(withPassword.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const asOperator = await graphql(
      `
        {
          mailboxes {
            id
          }
        }
      `,
      {},
      operator,
    );
    expect(asOperator.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = await graphql(
      `
        {
          mailboxes {
            id
            username
            queue {
              id
            }
            active
          }
        }
      `,
      {},
      admin,
    );
    expect(listed.data.mailboxes).toEqual([
      { id: mailboxId, username: 'support', queue: { id: queueId }, active: true },
    ]);
  });

  it('refuses an inactive queue and a duplicate name', async () => {
    const inactive = await api.db.queue.create({ data: { name: `Chiusa ${suffix}`, active: false } });
    const result = await graphql(
      `
        mutation ($input: MailboxInput!) {
          createMailbox(input: $input) {
            id
          }
        }
      `,
      { input: { name: 'Assistenza', host: 'x', username: 'u', password: 'p', queueId: inactive.id } },
      admin,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });
});

describe('new messages', () => {
  it('open a ticket for the contact, with attachments, resuming from the last UID', async () => {
    const raw = await compose({
      from: `"Mario Rossi" <${address('mario.rossi').toUpperCase()}>`,
      subject: 'Server fermo in magazzino',
      text: 'Buongiorno,\nil server del magazzino non risponde da stamattina.\n\nMario',
      attachments: [
        { filename: 'schermata.png', content: PNG },
        { filename: 'programma.exe', content: EXE },
      ],
    });
    const result = await deliverAndPoll(raw);
    expect(result).toMatchObject({ outcome: 'TICKET_CREATED', duplicate: false, noteId: null });

    const ticket = await api.db.ticket.findUniqueOrThrow({
      where: { id: result.ticketId! },
      include: { attachments: true },
    });
    expect(ticket).toMatchObject({
      channel: 'EMAIL',
      queueId,
      customerId: people.customerId,
      contactId: people.contactId,
      subject: 'Server fermo in magazzino',
      status: 'NEW',
      paidIntervention: false,
      createdById: null,
    });
    expect(ticket.description).toContain('il server del magazzino non risponde');
    expect(ticket.description).toContain('programma.exe');
    expect(ticket.placeAndWhat).toContain(address('mario.rossi'));
    expect(ticket.lastCustomerActivityAt).not.toBeNull();
    expect(ticket.attachments).toMatchObject([{ fileName: 'schermata.png', contentType: 'image/png', noteId: null }]);

    const events = await eventsOf(ticket.id);
    expect(events.map((event) => event.type)).toEqual(['CREATED']);
    expect(events[0]!.data).toMatchObject({
      channel: 'EMAIL',
      inboundMailId: result.inboundMailId,
      fromAddress: address('mario.rossi'),
      attachments: 1,
      refusedAttachments: [{ fileName: 'programma.exe' }],
    });

    const record = await api.db.inboundMail.findUniqueOrThrow({ where: { id: result.inboundMailId } });
    expect(record).toMatchObject({ source: 'Assistenza', fromAddress: address('mario.rossi'), ticketId: ticket.id });
    expect(Buffer.from(record.raw).equals(raw)).toBe(true);

    const mailbox = await api.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    expect(mailbox.uidValidity).not.toBeNull();
    expect(mailbox.lastUid).toBeGreaterThan(0);
    expect(mailbox.lastPolledAt).not.toBeNull();
    expect(mailbox.lastError).toBeNull();
    // Nothing new: the next poll reads nothing.
    const again = await poll();
    expect(again.find((entry) => entry.mailboxId === mailboxId)?.result?.processed).toBe(0);
  });

  it('from an unknown sender: a ticket without customer that keeps the address', async () => {
    const result = await deliverAndPoll(
      await compose({ from: 'Sconosciuto <chi.sono@elsewhere.example>', subject: 'Preventivo' }),
    );
    expect(result.outcome).toBe('TICKET_CREATED');
    const ticket = await api.db.ticket.findUniqueOrThrow({ where: { id: result.ticketId! } });
    expect(ticket).toMatchObject({ customerId: null, contactId: null, paidIntervention: false });
    const [created] = await eventsOf(ticket.id);
    expect(created!.data).toMatchObject({ fromAddress: 'chi.sono@elsewhere.example', fromName: 'Sconosciuto' });
    const record = await api.db.inboundMail.findUniqueOrThrow({ where: { id: result.inboundMailId } });
    expect(record.fromAddress).toBe('chi.sono@elsewhere.example');
  });

  it('from a customer without an active contract: a paid intervention, not yet agreed', async () => {
    const result = await deliverAndPoll(
      await compose({ from: address('anna'), subject: 'Stampante', html: '<p>La <b>stampante</b> è offline</p>' }),
    );
    const ticket = await api.db.ticket.findUniqueOrThrow({ where: { id: result.ticketId! } });
    expect(ticket).toMatchObject({
      customerId: people.noContractCustomerId,
      paidIntervention: true,
      paidAgreedAt: null,
    });
    expect(ticket.description).toContain('La stampante è offline');
  });
});

/** A ticket opened by mail from Mario, for the threading tests. */
async function marioTicket(subject: string) {
  const messageId = `<${randomUUID()}@example.com>`;
  const result = await deliverAndPoll(await compose({ from: address('mario.rossi'), subject, messageId }));
  const ticket = await api.db.ticket.findUniqueOrThrow({ where: { id: result.ticketId! } });
  return { ticket, messageId, code: `HT${String(ticket.number).padStart(5, '0')}` };
}

describe('replies', () => {
  it('join their ticket by the subject tag, as a public note without the quoted text', async () => {
    const { ticket, code } = await marioTicket('Rete lenta');
    const before = await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    const result = await deliverAndPoll(
      await compose({
        from: address('mario.rossi'),
        subject: `Re: [${code}] Rete lenta`,
        text: `Ora funziona, grazie.\n\nIl giorno lun 3 mar 2026 alle 10:00 Sportello <a@b> ha scritto:\n> Abbiamo riavviato lo switch.`,
        attachments: [{ filename: 'prova.png', content: PNG }],
      }),
    );
    expect(result).toMatchObject({ outcome: 'NOTE_ADDED', ticketId: ticket.id });
    const note = await api.db.note.findUniqueOrThrow({ where: { id: result.noteId! }, include: { attachments: true } });
    expect(note).toMatchObject({ visibility: 'PUBLIC', authorId: people.contactUserId, body: 'Ora funziona, grazie.' });
    expect(note.attachments).toMatchObject([{ fileName: 'prova.png', ticketId: ticket.id }]);
    const after = await api.db.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(after.lastCustomerActivityAt!.getTime()).toBeGreaterThanOrEqual(before.lastCustomerActivityAt!.getTime());
    expect(after.lastCustomerActivityAt!.getTime()).toBe(note.createdAt.getTime());
    const events = await eventsOf(ticket.id);
    expect(events.map((event) => event.type)).toEqual(['CREATED', 'NOTE_ADDED']);
    expect(events[1]).toMatchObject({ internal: false, actorId: people.contactUserId });
    expect(events[1]!.data).toMatchObject({ noteId: note.id, channel: 'EMAIL', attachments: 1 });
  });

  it('join their ticket by In-Reply-To / References: our outgoing mail, or an earlier message', async () => {
    const { ticket, messageId } = await marioTicket('Licenze Office');
    // Our outgoing reply (written by the outbound mail worker), which the customer answers without the tag.
    const outgoingId = `<${randomUUID()}@sportello.test>`;
    await api.db.outboundMail.create({
      data: {
        ticketId: ticket.id,
        kind: 'PUBLIC_REPLY',
        toAddress: address('mario.rossi'),
        locale: 'IT',
        subject: 'Licenze Office',
        textBody: 'Ci servono i codici.',
        htmlBody: '<p>Ci servono i codici.</p>',
        messageId: outgoingId,
        status: 'SENT',
      },
    });
    const byOutgoing = await deliverAndPoll(
      await compose({
        from: address('mario.rossi'),
        subject: 'Re: Licenze Office',
        inReplyTo: outgoingId,
        references: [messageId, outgoingId],
      }),
    );
    expect(byOutgoing).toMatchObject({ outcome: 'NOTE_ADDED', ticketId: ticket.id });

    // A colleague not registered as a contact answers Mario's first message: the headers are enough.
    const byEarlier = await deliverAndPoll(
      await compose({ from: 'collega@elsewhere.example', subject: 'R: Licenze Office', inReplyTo: messageId }),
    );
    expect(byEarlier).toMatchObject({ outcome: 'NOTE_ADDED', ticketId: ticket.id });
    const note = await api.db.note.findUniqueOrThrow({ where: { id: byEarlier.noteId! } });
    expect(note.authorId).toBeNull();
    expect((await eventsOf(ticket.id)).map((event) => event.type)).toEqual(['CREATED', 'NOTE_ADDED', 'NOTE_ADDED']);
  });

  it("never leak into another customer's ticket through its tag", async () => {
    const { ticket, code } = await marioTicket('Contabilità');
    const result = await deliverAndPoll(
      await compose({ from: address('luca'), subject: `Re: [${code}] Contabilità`, text: 'Anche da noi!' }),
    );
    expect(result.outcome).toBe('TICKET_CREATED');
    expect(result.ticketId).not.toBe(ticket.id);
    const opened = await api.db.ticket.findUniqueOrThrow({ where: { id: result.ticketId! } });
    expect(opened.customerId).toBe(people.otherCustomerId);
    expect(await api.db.note.count({ where: { ticketId: ticket.id } })).toBe(0);
  });

  it('to a closed ticket open a new ticket that names it', async () => {
    const { ticket, code } = await marioTicket('Backup');
    const solvedAt = new Date();
    await api.db.ticket.update({
      where: { id: ticket.id },
      data: { status: 'DONE', solution: 'Disco sostituito.', resolvedAt: solvedAt, closedAt: solvedAt },
    });
    const result = await deliverAndPoll(
      await compose({
        from: address('mario.rossi'),
        subject: `Re: [${code}] Backup`,
        text: 'Il backup fallisce ancora.',
      }),
    );
    expect(result.outcome).toBe('TICKET_CREATED');
    const followUp = await api.db.ticket.findUniqueOrThrow({ where: { id: result.ticketId! } });
    expect(followUp.subject).toBe('Backup');
    expect(followUp.description).toContain(code);
    const [created] = await eventsOf(followUp.id);
    expect(created!.data).toMatchObject({ followUpOf: { ticketId: ticket.id, code } });
    expect(await api.db.note.count({ where: { ticketId: ticket.id } })).toBe(0);
  });
});

describe('the same message twice', () => {
  it('makes one ticket, whether delivered twice to the mailbox or posted again', async () => {
    const raw = await compose({ from: address('mario.rossi'), subject: 'Doppione' });
    await dovecot.deliver('support', raw);
    await dovecot.deliver('support', raw);
    const polls = await poll();
    const results = polls.find((entry) => entry.mailboxId === mailboxId)!.result!.results;
    expect(results.map((result) => [result.outcome, result.duplicate])).toEqual([
      ['TICKET_CREATED', false],
      ['TICKET_CREATED', true],
    ]);
    expect(results[1]!.ticketId).toBe(results[0]!.ticketId);

    const posted = await postMail(raw);
    expect(posted.status).toBe(200);
    expect(await posted.json()).toMatchObject({ duplicate: true, ticketId: results[0]!.ticketId });
    expect(await api.db.ticket.count({ where: { subject: 'Doppione' } })).toBe(1);
    expect((await eventsOf(results[0]!.ticketId!)).length).toBe(1);
  });

  it('makes one ticket and one note when deliveries race', async () => {
    const raw = await compose({ from: address('mario.rossi'), subject: 'Gara di consegne' });
    const responses = await Promise.all(Array.from({ length: 5 }, () => postMail(raw)));
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(bodies.map((body) => body.ticketId)).size).toBe(1);
    expect(await api.db.ticket.count({ where: { subject: 'Gara di consegne' } })).toBe(1);

    const code = `HT${String((await api.db.ticket.findUniqueOrThrow({ where: { id: bodies[0].ticketId } })).number).padStart(5, '0')}`;
    const reply = await compose({ from: address('mario.rossi'), subject: `Re: [${code}] Gara di consegne` });
    const replies = await Promise.all(Array.from({ length: 4 }, () => postMail(reply)));
    expect(replies.map((response) => response.status).sort()).toEqual([200, 200, 200, 201]);
    expect(await api.db.note.count({ where: { ticketId: bodies[0].ticketId } })).toBe(1);
    expect((await eventsOf(bodies[0].ticketId)).map((event) => event.type)).toEqual(['CREATED', 'NOTE_ADDED']);
  });

  it('keys a message without Message-ID by its bytes', async () => {
    const raw = Buffer.from(
      `From: ${address('mario.rossi')}\r\nSubject: Senza Message-ID\r\n\r\nTesto del messaggio.\r\n`,
    );
    const first = await (await postMail(raw)).json();
    const second = await (await postMail(raw)).json();
    expect(first).toMatchObject({ outcome: 'TICKET_CREATED', duplicate: false });
    expect(second).toMatchObject({ duplicate: true, ticketId: first.ticketId });
    const record = await api.db.inboundMail.findUniqueOrThrow({ where: { id: first.inboundMailId } });
    expect(record.messageId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('automatic mail', () => {
  it('neither opens tickets, nor adds notes, nor gets an answer (no mail loop)', async () => {
    const { ticket, code } = await marioTicket('Fuori ufficio');
    // Mails written to the outbox, and changes whose mails are still to be written (no writer runs here).
    const mailCount = async () => (await api.db.outboundMail.count()) + (await api.db.pendingMailEvent.count());
    const mailsBefore = await mailCount();
    const ticketsBefore = await api.db.ticket.count();
    const automatic = [
      await compose({
        from: address('mario.rossi'),
        subject: `Risposta automatica: [${code}] Fuori ufficio`,
        text: 'Sono fuori ufficio fino a lunedì.',
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
      await compose({ from: address('mario.rossi'), subject: 'Newsletter', headers: { Precedence: 'bulk' } }),
      await compose({ from: address('mario.rossi'), subject: 'Assente', headers: { 'X-Autoreply': 'yes' } }),
      Buffer.from(
        [
          'From: Mail Delivery System <MAILER-DAEMON@mx.example.com>',
          `Subject: Undelivered Mail Returned to Sender [${code}]`,
          `Message-ID: <${randomUUID()}@mx.example.com>`,
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain',
          '',
          'The mail system could not deliver your message.',
          '--b1',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.example.com',
          '',
          'Final-Recipient: rfc822; nobody@example.com',
          'Action: failed',
          'Status: 5.1.1',
          '--b1--',
          '',
        ].join('\r\n'),
      ),
    ];
    for (const raw of automatic) await dovecot.deliver('support', raw);
    const results = (await poll()).find((entry) => entry.mailboxId === mailboxId)!.result!.results;
    expect(results.map((result) => result.outcome)).toEqual(Array(4).fill('IGNORED_AUTOMATIC'));
    expect(results.every((result) => result.ticketId === null && result.noteId === null)).toBe(true);
    expect(results.map((result) => result.error)).toEqual([
      expect.stringMatching(/Auto-Submitted/),
      expect.stringMatching(/Precedence/),
      expect.stringMatching(/autoreply/i),
      expect.stringMatching(/multipart\/report|automatic sender/),
    ]);
    expect(await api.db.ticket.count()).toBe(ticketsBefore);
    expect(await api.db.note.count({ where: { ticketId: ticket.id } })).toBe(0);
    expect((await eventsOf(ticket.id)).length).toBe(1);
    expect(await mailCount()).toBe(mailsBefore);
  });

  it('ignores our own outgoing message coming back', async () => {
    const { ticket } = await marioTicket('Eco');
    const ownId = `<${randomUUID()}@sportello.test>`;
    await api.db.outboundMail.create({
      data: {
        ticketId: ticket.id,
        kind: 'TICKET_CREATED',
        toAddress: address('mario.rossi'),
        locale: 'IT',
        subject: 'Eco',
        textBody: 'Ricevuto.',
        htmlBody: '<p>Ricevuto.</p>',
        messageId: ownId,
      },
    });
    const result = await deliverAndPoll(
      await compose({ from: 'assistenza@sportello.test', subject: 'Eco', messageId: ownId }),
    );
    expect(result.outcome).toBe('IGNORED_AUTOMATIC');
  });
});

describe('messages that cannot be processed', () => {
  it('are kept as FAILED with their bytes and error, shown to staff, and the poll moves past them', async () => {
    const garbage = Buffer.from('\u0000\u0001 questo non è un messaggio \u00ff\r\n\r\n\u0000', 'latin1');
    const broken = Buffer.from(
      [
        'Subject: multipart rotto',
        'Content-Type: multipart/mixed; boundary="mai-chiuso"',
        '',
        '--mai-chiuso',
        'Content-Type: text/plain; charset=nessuno',
        'Content-Transfer-Encoding: base64',
        '',
        '@@@ non base64 @@@',
      ].join('\r\n'),
    );
    const garbageUid = await dovecot.deliver('support', garbage);
    await dovecot.deliver('support', broken);
    const after = await compose({ from: address('mario.rossi'), subject: 'Dopo i messaggi rotti' });
    await dovecot.deliver('support', after);
    const results = (await poll()).find((entry) => entry.mailboxId === mailboxId)!.result!.results;
    expect(results.map((result) => result.outcome)).toEqual(['FAILED', 'FAILED', 'TICKET_CREATED']);
    for (const result of results.slice(0, 2)) expect(result.error).toMatch(/sender/);
    const stored = await api.db.inboundMail.findUniqueOrThrow({ where: { id: results[0]!.inboundMailId } });
    // Kept byte for byte as the server holds it (Dovecot stores NUL bytes differently from how they were sent).
    const onServer = await dovecot.withClient('support', async (client) => {
      const lock = await client.getMailboxLock('INBOX', { readOnly: true });
      try {
        const message = await client.fetchOne(String(garbageUid), { source: true }, { uid: true });
        return message ? message.source! : null;
      } finally {
        lock.release();
      }
    });
    expect(Buffer.from(stored.raw).equals(onServer!)).toBe(true);
    expect(stored.messageId).toMatch(/^sha256:/);

    const listed = await graphql(
      `
        query {
          inboundMails(outcome: FAILED, first: 10) {
            edges {
              node {
                id
                outcome
                error
                source
                subject
                rawUrl
              }
            }
          }
        }
      `,
      {},
      operator,
    );
    expect(listed.errors).toBeUndefined();
    const failed = listed.data.inboundMails.edges.map((edge: any) => edge.node);
    expect(failed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: results[0]!.inboundMailId, outcome: 'FAILED', source: 'Assistenza' }),
        expect.objectContaining({ id: results[1]!.inboundMailId, subject: 'multipart rotto' }),
      ]),
    );
    // Supervisors (and admins) are notified, once per message.
    const supervisor = await api.db.user.findFirstOrThrow({ where: { role: 'SUPERVISOR' } });
    const notices = await api.db.notification.findMany({
      where: { userId: supervisor.id, kind: 'INBOUND_MAIL_FAILED' },
    });
    expect(notices.map((notice) => (notice.data as { inboundMailId: string }).inboundMailId)).toEqual(
      expect.arrayContaining([results[0]!.inboundMailId, results[1]!.inboundMailId]),
    );
    expect(await api.db.notification.count({ where: { userId: operator.id } })).toBe(0);

    const asCustomer = await api.fixtures.user('CUSTOMER', { customerId: people.customerId });
    const denied = await graphql(
      `
        {
          inboundMails(first: 1) {
            edges {
              node {
                id
              }
            }
          }
        }
      `,
      {},
      asCustomer,
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Staff download the message as it arrived, to see what went wrong; nobody else can.
    const { rawUrl } = failed.find((mail: { id: string }) => mail.id === results[0]!.inboundMailId);
    expect(rawUrl).toBe(`/files/mail/${results[0]!.inboundMailId}.eml`);
    const download = (token?: string) =>
      fetch(new URL(rawUrl, api.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const original = await download(operator.token);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')).toBe('message/rfc822');
    expect(original.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await original.arrayBuffer()).equals(onServer!)).toBe(true);
    expect((await download(asCustomer.token)).status).toBe(404);
    expect((await download()).status).toBe(401);
    expect((await download(operator.token.replace(/.$/, 'x'))).status).toBe(401);
    const unknown = await fetch(new URL('/files/mail/0190b2a4-0000-7000-8000-000000000000.eml', api.url), {
      headers: { authorization: `Bearer ${operator.token}` },
    });
    expect(unknown.status).toBe(404);
  });

  it('can be retried by staff once what made them fail is fixed', async () => {
    await api.db.queue.update({ where: { id: queueId }, data: { active: false } });
    let result: Awaited<ReturnType<typeof deliverAndPoll>>;
    try {
      result = await deliverAndPoll(await compose({ from: address('mario.rossi'), subject: 'Coda disattivata' }));
    } finally {
      await api.db.queue.update({ where: { id: queueId }, data: { active: true } });
    }
    expect(result.outcome).toBe('FAILED');
    expect(result.error).toMatch(/queue/);
    expect(await api.db.ticket.count({ where: { subject: 'Coda disattivata' } })).toBe(0);

    const RETRY = /* GraphQL */ `
      mutation ($id: ID!) {
        retryInboundMail(id: $id) {
          id
          outcome
          error
          ticket {
            id
            subject
          }
        }
      }
    `;
    const retried = await graphql(RETRY, { id: result.inboundMailId }, operator);
    expect(retried.errors).toBeUndefined();
    expect(retried.data.retryInboundMail).toMatchObject({
      id: result.inboundMailId,
      outcome: 'TICKET_CREATED',
      error: null,
      ticket: { subject: 'Coda disattivata' },
    });
    const again = await graphql(RETRY, { id: result.inboundMailId }, operator);
    expect(again.errors?.[0]?.extensions?.code).toBe('INBOUND_MAIL_NOT_FAILED');
    expect(await api.db.ticket.count({ where: { subject: 'Coda disattivata' } })).toBe(1);
  });
});

describe('polling', () => {
  it('starts again from the first message when UIDVALIDITY changes, without duplicates', async () => {
    const ticketsBefore = await api.db.ticket.count();
    const mailsBefore = await api.db.inboundMail.count();
    const current = await api.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    await api.db.mailbox.update({
      where: { id: mailboxId },
      data: { uidValidity: current.uidValidity! + 1n, lastUid: current.lastUid + 1000 },
    });
    const newOne = await compose({ from: address('mario.rossi'), subject: 'Dopo la rinumerazione' });
    await dovecot.deliver('support', newOne);
    const results = (await poll()).find((entry) => entry.mailboxId === mailboxId)!.result!.results;
    expect(results.filter((result) => !result.duplicate).map((result) => result.outcome)).toEqual(['TICKET_CREATED']);
    expect(results.length).toBeGreaterThan(1);
    expect(await api.db.ticket.count()).toBe(ticketsBefore + 1);
    expect(await api.db.inboundMail.count()).toBe(mailsBefore + 1);
    const mailbox = await api.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } });
    expect(mailbox.uidValidity).toBe(current.uidValidity);
    expect(mailbox.lastUid).toBe(current.lastUid + 1);
  });

  it('records why a mailbox cannot be read, and goes on with the others', async () => {
    const wrong = await api.db.mailbox.create({
      data: {
        name: 'Password sbagliata',
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        username: 'other',
        password: 'not-the-password',
        queueId,
      },
    });
    try {
      await dovecot.deliver('support', await compose({ from: address('mario.rossi'), subject: 'Accanto a un errore' }));
      const polls = await worker.pollMailboxesOnce({ timeoutMs: 20_000 });
      expect(polls.find((entry) => entry.mailboxId === wrong.id)?.error).toBeTruthy();
      expect(polls.find((entry) => entry.mailboxId === mailboxId)?.result?.processed).toBe(1);
      const stored = await api.db.mailbox.findUniqueOrThrow({ where: { id: wrong.id } });
      expect(stored.lastError).toBeTruthy();
      expect(stored.lastUid).toBe(0);
    } finally {
      await api.db.mailbox.update({ where: { id: wrong.id }, data: { active: false } });
    }
  });

  it('lets two pollers at once record each message once', async () => {
    const subjects = ['Parallelo 1', 'Parallelo 2', 'Parallelo 3'];
    for (const subject of subjects)
      await dovecot.deliver('support', await compose({ from: address('mario.rossi'), subject }));
    const rounds = await Promise.all([worker.pollMailboxesOnce(), worker.pollMailboxesOnce()]);
    const processed = rounds
      .flat()
      .filter((entry: MailboxPoll) => entry.mailboxId === mailboxId)
      .flatMap((entry) => entry.result?.results ?? [])
      .filter((result) => !result.duplicate);
    expect(processed).toHaveLength(3);
    for (const subject of subjects) expect(await api.db.ticket.count({ where: { subject } })).toBe(1);
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'skips a mailbox that another instance is polling (advisory lock)',
    async () => {
      const other = new pg.Client({ connectionString: api.databaseUrl });
      await other.connect();
      try {
        await other.query(`SELECT pg_advisory_lock(hashtext('sportello.mailbox'), hashtext($1))`, [mailboxId]);
        await dovecot.deliver('support', await compose({ from: address('mario.rossi'), subject: 'Mentre è bloccata' }));
        const blocked = await worker.pollMailboxesOnce();
        expect(blocked.find((entry) => entry.mailboxId === mailboxId)).toEqual({ mailboxId, polled: false });
        expect(await api.db.ticket.count({ where: { subject: 'Mentre è bloccata' } })).toBe(0);
        await other.query(`SELECT pg_advisory_unlock(hashtext('sportello.mailbox'), hashtext($1))`, [mailboxId]);
        const free = await poll();
        expect(free.find((entry) => entry.mailboxId === mailboxId)?.result?.processed).toBe(1);
      } finally {
        await other.end();
      }
    },
  );

  it('runs as a worker loop that picks up new mail by itself', async () => {
    const running = worker.startMailInboundWorker({ intervalMs: 200 });
    try {
      await dovecot.deliver('support', await compose({ from: address('mario.rossi'), subject: 'Dal worker' }));
      const deadline = Date.now() + 30_000;
      while ((await api.db.ticket.count({ where: { subject: 'Dal worker' } })) === 0) {
        if (Date.now() > deadline) throw new Error('the worker did not pick up the message within 30 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await running.stop();
    }
    expect(await api.db.ticket.count({ where: { subject: 'Dal worker' } })).toBe(1);
  });
});

/** POSTs a raw message to the endpoint a mail server pipes to. */
function postMail(raw: Buffer, options: { token?: string; contentType?: string; query?: string } = {}) {
  return fetch(api.url.replace(/\/graphql$/, `/mail/inbound${options.query ?? ''}`), {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'message/rfc822',
      authorization: `Bearer ${options.token ?? operator.token}`,
    },
    body: new Uint8Array(raw),
  });
}

describe('raw MIME endpoint', () => {
  it('takes a message from a staff token with write scope', async () => {
    const raw = await compose({ from: address('anna'), subject: 'Via pipe' });
    const response = await postMail(raw, {
      query: `?queue=${encodeURIComponent((await api.db.queue.findUniqueOrThrow({ where: { id: queueId } })).name)}`,
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ outcome: 'TICKET_CREATED', duplicate: false });
    const record = await api.db.inboundMail.findUniqueOrThrow({ where: { id: body.inboundMailId } });
    expect(record.source).toBe('http');
    expect((await api.db.ticket.findUniqueOrThrow({ where: { id: body.ticketId } })).queueId).toBe(queueId);
  });

  it('refuses other callers and requests that are not a message', async () => {
    const raw = await compose({ from: address('anna'), subject: 'Non deve entrare' });
    const url = api.url.replace(/\/graphql$/, '/mail/inbound');
    expect(
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'message/rfc822' }, body: new Uint8Array(raw) }))
        .status,
    ).toBe(401);
    const customer = await api.fixtures.user('CUSTOMER', { customerId: people.customerId });
    expect((await postMail(raw, { token: customer.token })).status).toBe(403);
    const { issueApiToken } = await import('@sportello/schema/domain/identity');
    const readOnly = await issueApiToken(operator.id, { name: 'read', scope: 'READ' });
    expect((await postMail(raw, { token: readOnly.token })).status).toBe(403);
    expect((await postMail(raw, { contentType: 'text/plain' })).status).toBe(415);
    expect((await postMail(raw, { query: '?queue=nessuna-coda' })).status).toBe(400);
    expect((await fetch(url, { method: 'GET', headers: { authorization: `Bearer ${operator.token}` } })).status).toBe(
      405,
    );
    expect(await api.db.ticket.count({ where: { subject: 'Non deve entrare' } })).toBe(0);
  });
});
