/**
 * Inbound mail: every message that reaches a polled mailbox or the raw MIME endpoint is recorded once (InboundMail,
 * unique by Message-ID) and becomes exactly one of:
 *
 * - TICKET_CREATED: a new ticket (channel EMAIL) in the mailbox's queue, from a message that answers no ticket;
 * - NOTE_ADDED: a PUBLIC note on the ticket the message answers;
 * - IGNORED_AUTOMATIC: an auto-reply, bounce or bulk message (see automaticReason): no ticket, no note, no answer;
 * - FAILED: a message that could not be parsed or processed, kept with its raw bytes and the error for staff.
 *
 * Rules:
 * - The same message twice (the same Message-ID; without one, the same bytes) is a no-op, also when two deliveries
 *   race: the InboundMail row is written first in the change's transaction, so the second one stops at the unique
 *   index and is answered as a duplicate, with no ticket, note or ticket number spent.
 * - A reply finds its ticket by the subject tag `[HT00191]` first, then by In-Reply-To / References naming one of
 *   our outgoing messages (OutboundMail.messageId) or an earlier inbound message of the ticket.
 *   A tag can be guessed, so it only counts when the sender belongs to the ticket's customer (for a ticket without
 *   customer: when the sender already wrote to it). Message-IDs cannot be guessed, so a header match counts unless
 *   the sender is a known contact of another customer. A message that does not qualify opens a new ticket.
 * - A reply to a closed ticket (DONE, CANCELLED) opens a new ticket that names the old one (CREATED event data
 *   `followUpOf`), so that it reaches the queue's open work: closed tickets are only ever reopened by staff, with a
 *   reason (see lifecycle.ts).
 * - A customer's message records their activity on the ticket (`lastCustomerActivityAt`), which the SLA clock and
 *   the automatic closure read.
 * - The sender is matched to a Contact by address (case-insensitive, the oldest contact when several share it); an
 *   unknown sender opens a ticket without customer, and the address stays on the InboundMail row and in the CREATED
 *   event so that staff (and outgoing mail) can answer it.
 * - Attachments are checked and stored like uploaded ones (storage.ts); those refused (type, size, count) stay in
 *   the raw message, and the note or description lists them.
 */
import { AppError } from '../../errors.ts';
import { db } from '../../db.ts';
import type { InboundMail, InboundMailOutcome, Prisma } from '@sportello/db';
import { requireStaff } from '../access.ts';
import { notifyStaff, publishNotifications } from '../notifications.ts';
import type { Viewer } from '../identity.ts';
import { isClosedStatus } from '../lifecycle.ts';
import { attachmentLimits } from '../attachment-limits.ts';
import { storeAttachments } from '../storage.ts';
import { formatTicketCode } from '../ticket-code.ts';
import { commitTicketChange, type NoteAttachmentRecord, type TicketChange } from '../tickets.ts';
import {
  messageKeyOf,
  parseInboundMail,
  stripQuotedReply,
  ticketNumberInSubject,
  ticketSubjectOf,
  type InboundAttachment,
  type ParsedInbound,
} from './inbound-parse.ts';

type Tx = Prisma.TransactionClient;

/** The source name of messages posted to the raw MIME endpoint. */
export const HTTP_SOURCE = 'http';

const DESCRIPTION_MAX = 20_000;

export interface InboundDelivery {
  /** The message as received (RFC 822 bytes). */
  raw: Uint8Array;
  /** The mailbox's name, or HTTP_SOURCE. */
  source: string;
  /** Where a new ticket goes. */
  queueId: string;
  now?: Date;
}

export interface InboundResult {
  inboundMailId: string;
  outcome: InboundMailOutcome;
  /** The message had already been received: nothing was done this time. */
  duplicate: boolean;
  ticketId: string | null;
  noteId: string | null;
  error: string | null;
}

/**
 * Records and processes one inbound message. Resolves once the message is recorded, whatever its outcome
 * (FAILED included, and supervisors are notified of it); rejects only when the database is unreachable or too busy
 * to record it, in which case the sender (or the next poll) should deliver it again.
 */
export function receiveInboundMail(delivery: InboundDelivery): Promise<InboundResult> {
  return processInbound(delivery, null);
}

/** Staff try a FAILED message again (after fixing what made it fail, e.g. a deactivated queue). */
export async function retryInboundMail(viewer: Viewer, inboundMailId: string, now = new Date()) {
  requireStaff(viewer);
  const mail = await db.inboundMail.findUnique({ where: { id: inboundMailId } });
  if (!mail) throw new AppError('NOT_FOUND', 'Inbound mail not found.');
  if (mail.outcome !== 'FAILED') {
    throw new AppError('INBOUND_MAIL_NOT_FAILED', 'Only a message that failed can be processed again.', {
      outcome: mail.outcome,
    });
  }
  const mailbox = await db.mailbox.findUnique({ where: { name: mail.source } });
  const queueId = mailbox?.queueId ?? (await defaultInboundQueueId());
  return processInbound({ raw: mail.raw, source: mail.source, queueId, now }, mail);
}

/** The queue of messages that name none (raw MIME endpoint without `queue`): the first active queue. */
export async function defaultInboundQueueId(): Promise<string> {
  const queue = await db.queue.findFirst({ where: { active: true }, orderBy: [{ position: 'asc' }, { name: 'asc' }] });
  if (!queue) throw new AppError('VALIDATION', 'There is no active support queue for new tickets.');
  return queue.id;
}

// ---------------------------------------------------------------------------------------------------------------

/** Raised inside a transaction when the message turns out to be recorded already (a racing delivery or retry). */
class AlreadyRecorded extends Error {}

const resultOf = (mail: InboundMail, duplicate: boolean): InboundResult => ({
  inboundMailId: mail.id,
  outcome: mail.outcome,
  duplicate,
  ticketId: mail.ticketId,
  noteId: mail.noteId,
  error: mail.error,
});

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === 'P2002';

/**
 * Prisma's codes for a database that cannot be reached or is too busy (P1001 unreachable, P1008 timed out, P1017
 * connection closed, P2024 no free connection, P2028 transaction could not start or expired, P2034 write conflict).
 */
const TRANSIENT_CODES = new Set(['P1001', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034']);
const isTransient = (error: unknown) => TRANSIENT_CODES.has((error as { code?: string } | null)?.code ?? '');

interface RecordFields {
  messageId: string;
  source: string;
  fromAddress: string | null;
  subject: string | null;
  inReplyTo: string | null;
  references: string | null;
  raw: Uint8Array<ArrayBuffer>;
  receivedAt: Date;
}

function recordFieldsOf(delivery: InboundDelivery, parsed: ParsedInbound | null, messageId: string, now: Date) {
  return {
    messageId,
    source: delivery.source,
    fromAddress: parsed?.fromAddress ?? null,
    subject: parsed ? parsed.subject.slice(0, 998) : null,
    inReplyTo: parsed?.inReplyTo?.slice(0, 998) ?? null,
    references: parsed?.references.length ? parsed.references.join(' ').slice(0, 8000) : null,
    raw: new Uint8Array(delivery.raw),
    receivedAt: now,
  } satisfies RecordFields;
}

/**
 * Writes the message's row in `tx` with its outcome: a new row, or — for a retry — the FAILED row, only while it
 * is still FAILED (two staff retrying at once: one wins). Throws AlreadyRecorded when the message is recorded.
 */
async function writeRecord(
  tx: Tx,
  retryOf: InboundMail | null,
  fields: RecordFields,
  outcome: InboundMailOutcome,
  error: string | null = null,
) {
  if (retryOf) {
    const { count } = await tx.inboundMail.updateMany({
      where: { id: retryOf.id, outcome: 'FAILED' },
      data: { outcome, error, fromAddress: fields.fromAddress, subject: fields.subject },
    });
    if (count === 0) throw new AlreadyRecorded();
    return tx.inboundMail.findUniqueOrThrow({ where: { id: retryOf.id } });
  }
  try {
    return await tx.inboundMail.create({ data: { ...fields, outcome, error } });
  } catch (caught) {
    if (isUniqueViolation(caught)) throw new AlreadyRecorded();
    throw caught;
  }
}

async function recordedResult(messageId: string, retryOf: InboundMail | null): Promise<InboundResult> {
  const mail = retryOf
    ? await db.inboundMail.findUniqueOrThrow({ where: { id: retryOf.id } })
    : await db.inboundMail.findUniqueOrThrow({ where: { messageId } });
  return resultOf(mail, true);
}

/** Records a message that opens nothing (FAILED, IGNORED_AUTOMATIC) in a transaction of its own. */
async function recordOnly(
  retryOf: InboundMail | null,
  fields: RecordFields,
  outcome: 'FAILED' | 'IGNORED_AUTOMATIC',
  error: string,
): Promise<InboundResult> {
  try {
    const { mail, notified } = await db.$transaction(async (tx) => {
      const mail = await writeRecord(tx, retryOf, fields, outcome, error);
      // Supervisors hear of a message nobody will otherwise read (once per message, retries included).
      const notified =
        outcome === 'FAILED'
          ? await notifyStaff(
              tx,
              {
                kind: 'INBOUND_MAIL_FAILED',
                message: `Un messaggio${fields.fromAddress ? ` da ${fields.fromAddress}` : ''} non è stato elaborato: ${error}`,
                data: { inboundMailId: mail.id, source: mail.source },
                dedupeKey: `inbound-mail:${mail.id}:failed`,
              },
              { roles: ['SUPERVISOR', 'ADMIN'] },
              fields.receivedAt,
            )
          : [];
      return { mail, notified };
    });
    publishNotifications(notified);
    return resultOf(mail, false);
  } catch (caught) {
    if (caught instanceof AlreadyRecorded || isUniqueViolation(caught))
      return recordedResult(fields.messageId, retryOf);
    throw caught;
  }
}

async function processInbound(delivery: InboundDelivery, retryOf: InboundMail | null): Promise<InboundResult> {
  const now = delivery.now ?? new Date();
  let parsed: ParsedInbound;
  try {
    parsed = await parseInboundMail(delivery.raw);
  } catch (error) {
    const fields = recordFieldsOf(delivery, null, retryOf?.messageId ?? messageKeyOf(delivery.raw, null), now);
    if (!retryOf) {
      const existing = await db.inboundMail.findUnique({ where: { messageId: fields.messageId } });
      if (existing) return resultOf(existing, true);
    }
    return recordOnly(retryOf, fields, 'FAILED', `The message could not be parsed: ${messageOf(error)}`);
  }

  const fields = recordFieldsOf(delivery, parsed, retryOf?.messageId ?? parsed.messageKey, now);
  if (!retryOf) {
    const existing = await db.inboundMail.findUnique({ where: { messageId: fields.messageId } });
    if (existing) return resultOf(existing, true);
  }
  if (parsed.automatic) return recordOnly(retryOf, fields, 'IGNORED_AUTOMATIC', parsed.automatic);
  // Our own message coming back (a copy in the polled folder, a forwarding loop) must not open a ticket.
  if (await db.outboundMail.findUnique({ where: { messageId: fields.messageId }, select: { id: true } })) {
    return recordOnly(retryOf, fields, 'IGNORED_AUTOMATIC', 'a message sent by Sportello itself');
  }
  if (!parsed.fromAddress) {
    return recordOnly(retryOf, fields, 'FAILED', 'The message has no sender address (From), so it cannot be answered.');
  }

  const stored = await keepAttachments(parsed.attachments);
  try {
    await commitTicketChange((tx) =>
      processInTransaction(tx, { parsed: parsed as ParsedWithSender, fields, delivery, retryOf, stored, now }),
    );
    return resultOf(await db.inboundMail.findUniqueOrThrow({ where: { messageId: fields.messageId } }), false);
  } catch (error) {
    await stored.discard();
    if (error instanceof AlreadyRecorded || isUniqueViolation(error)) {
      return recordedResult(fields.messageId, retryOf);
    }
    // The database is unreachable or busy: not the message's fault. Nothing is recorded, so the mail server (or
    // the next poll) delivers it again.
    if (isTransient(error)) throw error;
    // Anything else (an inactive queue, a bug): kept for staff, with what went wrong.
    return recordOnly(retryOf, fields, 'FAILED', `The message could not be processed: ${messageOf(error)}`);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

type ParsedWithSender = ParsedInbound & { fromAddress: string };

interface TransactionInput {
  parsed: ParsedWithSender;
  fields: RecordFields;
  delivery: InboundDelivery;
  retryOf: InboundMail | null;
  stored: KeptAttachments;
  now: Date;
}

async function processInTransaction(tx: Tx, input: TransactionInput): Promise<TicketChange> {
  const { parsed, fields, retryOf, stored, now } = input;
  const contact = await tx.contact.findFirst({
    where: { email: { equals: parsed.fromAddress, mode: 'insensitive' } },
    orderBy: { createdAt: 'asc' },
    include: { customer: true },
  });
  const thread = await findThread(tx, parsed, contact?.customerId ?? null);
  const continues = thread && !isClosedStatus(thread.status);
  // The record first: a racing delivery of the same message waits here, then fails on the unique index.
  const record = await writeRecord(tx, retryOf, fields, continues ? 'NOTE_ADDED' : 'TICKET_CREATED');
  const change = continues
    ? await addMailNote(tx, thread.id, {
        parsed,
        contactUserId: contact?.userId ?? null,
        stored,
        recordId: record.id,
        now,
      })
    : await createMailTicket(tx, {
        parsed,
        queueId: input.delivery.queueId,
        contact,
        followUpOf: thread ?? null,
        stored,
        recordId: record.id,
        now,
      });
  const noteId = change.event.type === 'NOTE_ADDED' ? (change.event.data as { noteId: string }).noteId : null;
  await tx.inboundMail.update({ where: { id: record.id }, data: { ticketId: change.ticket.id, noteId } });
  return change;
}

interface ThreadTicket {
  id: string;
  number: number;
  status: Parameters<typeof isClosedStatus>[0];
  customerId: string | null;
}

/** The ticket a message answers (see the rules at the top), or null. */
async function findThread(
  tx: Tx,
  parsed: ParsedWithSender,
  senderCustomerId: string | null,
): Promise<ThreadTicket | null> {
  const select = { id: true, number: true, status: true, customerId: true } as const;
  const taggedNumber = ticketNumberInSubject(parsed.subject);
  if (taggedNumber !== null) {
    const tagged = await tx.ticket.findUnique({ where: { number: taggedNumber }, select });
    if (tagged && (await senderMayUseTag(tx, tagged, parsed.fromAddress, senderCustomerId))) return tagged;
  }
  if (parsed.references.length) {
    const ids = parsed.references;
    const outbound = await tx.outboundMail.findMany({
      where: { messageId: { in: ids }, ticketId: { not: null } },
      select: { messageId: true, ticketId: true },
    });
    const inbound = await tx.inboundMail.findMany({
      where: { messageId: { in: ids }, ticketId: { not: null } },
      select: { messageId: true, ticketId: true },
    });
    const ticketOf = new Map([...inbound, ...outbound].map((mail) => [mail.messageId, mail.ticketId!]));
    // The most recent message of the thread names the ticket: In-Reply-To, then References from the newest.
    for (const id of [...ids].reverse()) {
      const ticketId = ticketOf.get(id);
      if (!ticketId) continue;
      const ticket = await tx.ticket.findUnique({ where: { id: ticketId }, select });
      const otherCustomer = senderCustomerId !== null && ticket?.customerId !== senderCustomerId;
      if (ticket && !otherCustomer) return ticket;
    }
  }
  return null;
}

async function senderMayUseTag(tx: Tx, ticket: ThreadTicket, fromAddress: string, senderCustomerId: string | null) {
  if (ticket.customerId !== null) return ticket.customerId === senderCustomerId;
  if (senderCustomerId !== null) return false;
  const earlier = await tx.inboundMail.findFirst({
    where: { ticketId: ticket.id, fromAddress: { equals: fromAddress, mode: 'insensitive' } },
    select: { id: true },
  });
  return earlier !== null;
}

async function createMailTicket(
  tx: Tx,
  input: {
    parsed: ParsedWithSender;
    queueId: string;
    contact: { id: string; customerId: string; customer: { name: string; contractState: string } } | null;
    followUpOf: ThreadTicket | null;
    stored: KeptAttachments;
    recordId: string;
    now: Date;
  },
): Promise<TicketChange> {
  const { parsed, contact, followUpOf, stored, now } = input;
  const queue = await tx.queue.findUnique({ where: { id: input.queueId } });
  if (!queue || !queue.active) throw new Error('The queue for new tickets from this mailbox is missing or inactive.');
  const sender = parsed.fromName ? `${parsed.fromName} <${parsed.fromAddress}>` : parsed.fromAddress;
  const intro = followUpOf ? `Risposta al ticket ${formatTicketCode(followUpOf.number)}, già chiuso.\n\n` : '';
  const body = parsed.text.trim() || '(messaggio senza testo)';
  // No active contract ⇒ a paid intervention, to be agreed with the customer (as createTicket does for staff).
  const paidIntervention = contact !== null && contact.customer.contractState !== 'ACTIVE';
  const ticket = await tx.ticket.create({
    data: {
      queueId: queue.id,
      customerId: contact?.customerId ?? null,
      contactId: contact?.id ?? null,
      channel: 'EMAIL',
      subject: ticketSubjectOf(parsed.subject),
      placeAndWhat: `Email da ${contact ? `${sender} (${contact.customer.name})` : sender}`.slice(0, 300),
      description: limit(intro + body + stored.refusedNote, DESCRIPTION_MAX),
      paidIntervention,
      lastCustomerActivityAt: now,
      createdAt: now,
    },
  });
  if (stored.records.length) {
    await tx.attachment.createMany({
      data: stored.records.map((file) => ({ ...file, ticketId: ticket.id, createdAt: now })),
    });
  }
  const event = await tx.ticketEvent.create({
    data: {
      ticketId: ticket.id,
      type: 'CREATED',
      field: 'status',
      toValue: ticket.status,
      data: {
        channel: 'EMAIL',
        inboundMailId: input.recordId,
        fromAddress: parsed.fromAddress,
        ...(parsed.fromName ? { fromName: parsed.fromName } : {}),
        ...(stored.records.length ? { attachments: stored.records.length } : {}),
        ...(stored.refused.length ? { refusedAttachments: stored.refused } : {}),
        ...(followUpOf ? { followUpOf: { ticketId: followUpOf.id, code: formatTicketCode(followUpOf.number) } } : {}),
      },
      createdAt: now,
    },
  });
  return { ticket, event };
}

async function addMailNote(
  tx: Tx,
  ticketId: string,
  input: {
    parsed: ParsedWithSender;
    contactUserId: string | null;
    stored: KeptAttachments;
    recordId: string;
    now: Date;
  },
): Promise<TicketChange> {
  const { parsed, contactUserId, stored, now } = input;
  const body = stripQuotedReply(parsed.text) || '(messaggio senza testo)';
  const note = await tx.note.create({
    data: {
      ticketId,
      authorId: contactUserId,
      visibility: 'PUBLIC',
      body: limit(body + stored.refusedNote, DESCRIPTION_MAX),
      createdAt: now,
    },
  });
  if (stored.records.length) {
    await tx.attachment.createMany({
      data: stored.records.map((file) => ({
        ...file,
        ticketId,
        noteId: note.id,
        uploadedById: contactUserId,
        createdAt: now,
      })),
    });
  }
  const ticket = await tx.ticket.update({ where: { id: ticketId }, data: { lastCustomerActivityAt: now } });
  const event = await tx.ticketEvent.create({
    data: {
      ticketId,
      actorId: contactUserId,
      type: 'NOTE_ADDED',
      data: {
        noteId: note.id,
        attachments: stored.records.length,
        channel: 'EMAIL',
        inboundMailId: input.recordId,
        fromAddress: parsed.fromAddress,
        ...(stored.refused.length ? { refusedAttachments: stored.refused } : {}),
      },
      createdAt: now,
    },
  });
  return { ticket, event };
}

const limit = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 60).trimEnd()}\n\n[… il resto è nel messaggio originale]`;

// ---------------------------------------------------------------------------------------------------------------
// Attachments

interface KeptAttachments {
  records: NoteAttachmentRecord[];
  refused: Array<{ fileName: string; reason: string }>;
  /** A line for the note or description naming the refused files (empty when none). */
  refusedNote: string;
  discard: () => Promise<void>;
}

/**
 * Stores the files one by one with the same checks as uploads (allowed types by content, size), so that one refused
 * file does not lose the others. The files are written before the transaction; `discard` removes them if it fails.
 */
async function keepAttachments(files: InboundAttachment[]): Promise<KeptAttachments> {
  const records: NoteAttachmentRecord[] = [];
  const refused: KeptAttachments['refused'] = [];
  const discards: Array<() => Promise<void>> = [];
  const discard = () => Promise.all(discards.map((run) => run())).then(() => undefined);
  try {
    for (const [index, file] of files.entries()) {
      if (index >= attachmentLimits.maxFiles) {
        refused.push({ fileName: file.fileName, reason: `At most ${attachmentLimits.maxFiles} files per message.` });
        continue;
      }
      try {
        const stored = await storeAttachments([
          new File([new Uint8Array(file.content)], file.fileName, { type: file.contentType }),
        ]);
        records.push(...stored.records);
        discards.push(stored.discard);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'VALIDATION') throw error;
        refused.push({ fileName: file.fileName, reason: error.message });
      }
    }
  } catch (error) {
    await discard();
    throw error;
  }
  const refusedNote = refused.length
    ? `\n\n[Allegati non accettati, rimasti nel messaggio originale: ${refused.map((file) => file.fileName).join(', ')}]`
    : '';
  return { records, refused, refusedNote, discard };
}
