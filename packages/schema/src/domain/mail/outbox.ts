/**
 * The outbox: which mails a committed change sends to the customer, in two steps.
 *
 * 1. In the SAME transaction as the change, `markEventsForMail` (or `mailMarkSql`, which a ticket change sends
 *    together with its automation schedule) records which of its timeline entries may send something (a
 *    PendingMailEvent row each: one statement), so that a change is never committed without its mail and a
 *    rolled-back change never mails anything.
 * 2. The outbox writer (`writePendingMails`, run by every API instance and woken by the commits of its own) takes
 *    up to 50 such entries at a time (FOR UPDATE SKIP LOCKED) and writes their mails to OutboundMail in one
 *    transaction of a fixed number of statements. Writing them inside each change took six statements and half of
 *    a ticket creation's CPU. The sender (sender.ts) then delivers them.
 *
 * A mail tells of the change as it was: its times (expected times, the survey's validity) are taken at the entry's
 * instant, whenever the writer gets to it.
 *
 * What is mailed, decided from the change's timeline entries:
 * - CREATED: the confirmation with the code and the expected times; a ticket created already DONE (solved during
 *   the call) gets the resolution notice instead, and the survey;
 * - a PUBLIC note written by staff (NOTE_ADDED, or the note of a status change): a reply with the note and its files
 *   (the mail names the note; sender.ts attaches them). Never notes of customers, of the system, or notes that came
 *   in by mail (the customer wrote them);
 * - STATUS_CHANGED to DONE: the resolution notice with the documented solution, and the survey;
 * - AUTO_CLOSE_WARNING and AUTO_CLOSED (the automation worker): the warning, the closure notice and the survey.
 *
 * Each mail's `dedupeKey` is `${eventId}:${kind}`: an entry is never mailed twice, however often it is marked.
 */
import { Prisma } from '@sportello/db';
import type { Locale, OutboundMail, OutboundMailKind, PrismaClient, TicketEvent } from '@sportello/db';
import { DEFAULT_TIME_ZONE } from '../sla/calendar.ts';
import { calendarOf, matchPolicy, type StoredPolicy } from '../sla/policy.ts';
import { loadedTicketOf, loadPolicies, slaOf } from '../sla/tickets.ts';
import type { SlaTargetStatus } from '../sla/clock.ts';
import { surveyLink, surveyValidDays } from '../survey/links.ts';
import { formatTicketCode } from '../ticket-code.ts';
import { newMessageId, normalizeMessageId } from './addresses.ts';
import { renderMail, type ExpectedTimes, type MailTemplateInput, type MailTicket } from './templates/index.ts';

type Tx = Prisma.TransactionClient;

/** A mail's References header names the thread's first message and at most this many of the latest ones. */
const MAX_REFERENCES = 10;
const DAY_MS = 86_400_000;

interface EventData {
  noteId?: string;
  noteVisibility?: string;
  solvedDuringCall?: boolean;
  closesAt?: string;
  days?: number;
  /** Set by inbound mail processing on the entries it writes. */
  inboundMailId?: string;
}

const dataOf = (event: TicketEvent) => (event.data ?? {}) as EventData;

/** Cheap test, no query: could this entry send anything? Most changes (claims, edits, SLA events) cannot. */
function mayMail(event: TicketEvent): boolean {
  const data = dataOf(event);
  switch (event.type) {
    case 'CREATED':
    case 'AUTO_CLOSE_WARNING':
    case 'AUTO_CLOSED':
      return true;
    case 'NOTE_ADDED':
      return !event.internal && Boolean(data.noteId);
    case 'STATUS_CHANGED':
      return event.toValue === 'DONE' || (Boolean(data.noteId) && data.noteVisibility === 'PUBLIC');
    default:
      return false;
  }
}

const ticketInclude = {
  // With the ticket's own columns (its SLA history among them), what its SLA clocks are evaluated from.
  queue: { select: { autoCloseDays: true } },
  contact: { select: { name: true, email: true, locale: true, user: { select: { email: true } } } },
  customer: { select: { name: true, email: true, contractState: true, contractKind: true } },
  rating: { select: { id: true } },
} as const satisfies Prisma.TicketInclude;
type MailedTicket = Prisma.TicketGetPayload<{ include: typeof ticketInclude }>;

/**
 * The statement recording those of `events` whose mails the outbox writer must write, or null when none may mail.
 * By hand rather than createMany, which Prisma compiles anew on every call (it never caches those plans): this
 * runs with most changes.
 */
export function mailMarkSql(events: readonly TicketEvent[]): Prisma.Sql | null {
  const candidates = events.filter(mayMail);
  if (candidates.length === 0) return null;
  // Due at once: dueAt's default, the transaction's time.
  return Prisma.sql`
    INSERT INTO "PendingMailEvent" ("eventId")
    SELECT unnest(${candidates.map((event) => event.id)}::text[])
    ON CONFLICT ("eventId") DO NOTHING`;
}

/**
 * Records, in the transaction of the change that wrote `events`, those whose mails the outbox writer must write.
 * Returns whether there were any: the caller then announces them once committed (`announcePendingMails`).
 */
export async function markEventsForMail(tx: Tx, events: readonly TicketEvent[]): Promise<boolean> {
  const mark = mailMarkSql(events);
  if (mark) await tx.$executeRaw(mark);
  return mark !== null;
}

const pendingMailListeners = new Set<() => void>();

/** Calls `listener` whenever this process committed a change with mails to write (the writer's wake-up call). */
export function onPendingMails(listener: () => void): () => void {
  pendingMailListeners.add(listener);
  return () => pendingMailListeners.delete(listener);
}

/** Tells this process's outbox writer that a committed change marked mails; other instances find them by polling. */
export function announcePendingMails(): void {
  for (const listener of pendingMailListeners) listener();
}

/** Entries taken per transaction by the writer. */
export const OUTBOX_BATCH = 50;
/** How long an entry whose mails could not be written waits before the next attempt. */
export const OUTBOX_RETRY_MS = 60_000;

export interface OutboxWrite {
  /** Timeline entries taken (each one's mails are now written, or it had none to write). */
  events: number;
  mails: OutboundMail[];
  /** Entries whose mails could not be written: put back OUTBOX_RETRY_MS. */
  failed: Array<{ eventId: string; error: unknown }>;
}

/**
 * One pass of the outbox writer: the mails of up to `limit` entries due at `now`, in one transaction. Should that
 * fail, the entries are taken again one at a time, and those that still fail are put back a minute, so that one
 * entry that cannot be written never holds up the others.
 */
export async function writePendingMails(
  client: PrismaClient,
  now = new Date(),
  limit = OUTBOX_BATCH,
): Promise<OutboxWrite> {
  try {
    const written = await client.$transaction((tx) => writeDueMails(tx, now, limit));
    return { ...written, failed: [] };
  } catch {
    const due = await client.pendingMailEvent.findMany({
      where: { dueAt: { lte: now } },
      orderBy: [{ dueAt: 'asc' }, { eventId: 'asc' }],
      take: limit,
      select: { eventId: true },
    });
    const result: OutboxWrite = { events: 0, mails: [], failed: [] };
    for (const { eventId } of due) {
      try {
        const written = await client.$transaction((tx) => writeDueMails(tx, now, 1, eventId));
        result.events += written.events;
        result.mails.push(...written.mails);
      } catch (error) {
        await client.pendingMailEvent.updateMany({
          where: { eventId },
          data: { dueAt: new Date(now.getTime() + OUTBOX_RETRY_MS) },
        });
        result.failed.push({ eventId, error });
      }
    }
    return result;
  }
}

async function writeDueMails(tx: Tx, now: Date, limit: number, onlyEventId?: string) {
  const claimed = await tx.$queryRaw<Array<{ eventId: string }>>`
    SELECT "eventId" FROM "PendingMailEvent"
    WHERE "dueAt" <= ${now.toISOString()}::timestamp(3)
      ${onlyEventId ? Prisma.sql`AND "eventId" = ${onlyEventId}` : Prisma.empty}
    ORDER BY "dueAt", "eventId" LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`;
  if (claimed.length === 0) return { events: 0, mails: [] };
  const eventIds = claimed.map((row) => row.eventId);
  const events = await tx.ticketEvent.findMany({
    where: { id: { in: eventIds } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const mails = await writeMailsFor(tx, events);
  await tx.pendingMailEvent.deleteMany({ where: { eventId: { in: eventIds } } });
  return { events: claimed.length, mails };
}

/** Writes to the outbox the mails of `events` (in the order given), for all their tickets at once. */
async function writeMailsFor(tx: Tx, events: readonly TicketEvent[]): Promise<OutboundMail[]> {
  const candidates = events.filter(mayMail);
  if (candidates.length === 0) return [];
  const ticketIds = [...new Set(candidates.map((event) => event.ticketId))];
  const stored = await tx.ticket.findMany({ where: { id: { in: ticketIds } }, include: ticketInclude });
  const tickets = new Map(stored.map((ticket) => [ticket.id, ticket]));
  const policies = await loadPolicies(tx);
  const threads = await threadsOf(tx, ticketIds);

  interface Planned {
    event: TicketEvent;
    input: MailTemplateInput;
    ticket: MailedTicket;
    recipient: string;
    policy: StoredPolicy | null;
  }
  const planned: Planned[] = [];
  for (const event of candidates) {
    const ticket = tickets.get(event.ticketId);
    const recipient = ticket && recipientOf(ticket, threads.get(ticket.id)!);
    if (!ticket || !recipient) continue;
    const policy = matchPolicy(policies, ticket);
    for (const input of await mailsFor(tx, ticket, mailTicketOf(ticket), policy, event, event.createdAt)) {
      planned.push({ event, input, ticket, recipient, policy });
    }
  }
  if (planned.length === 0) return [];

  const keys = planned.map(({ event, input }) => dedupeKey(event.id, input.kind));
  const already = new Set(
    (await tx.outboundMail.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map(
      (mail) => mail.dedupeKey,
    ),
  );
  const rows: Prisma.OutboundMailCreateManyInput[] = [];
  for (const { event, input, ticket, recipient, policy } of planned) {
    const key = dedupeKey(event.id, input.kind);
    if (already.has(key)) continue;
    already.add(key);
    const thread = threads.get(ticket.id)!.messageIds;
    const locale: Locale = ticket.contact?.locale ?? 'IT';
    const rendered = renderMail(input, locale, policy ? calendarOf(policy).config.timeZone : DEFAULT_TIME_ZONE);
    const messageId = newMessageId();
    const references = thread.length ? [thread[0]!, ...thread.slice(1).slice(-(MAX_REFERENCES - 1))] : [];
    rows.push({
      ticketId: ticket.id,
      kind: input.kind,
      toAddress: recipient,
      locale,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      messageId,
      inReplyTo: thread[0] ?? null,
      references: references.length ? references.join(' ') : null,
      // Due, and dated, from the change it reports.
      nextAttemptAt: event.createdAt,
      dedupeKey: key,
      noteId: carriesNote(input) ? (dataOf(event).noteId ?? null) : null,
      createdAt: event.createdAt,
    });
    thread.push(messageId);
  }
  return rows.length ? tx.outboundMail.createManyAndReturn({ data: rows }) : [];
}

export const dedupeKey = (eventId: string, kind: OutboundMailKind) => `${eventId}:${kind}`;

/** A mail quoting a staff note (mailsFor only quotes notes staffPublicNote allows): the sender attaches its files. */
const carriesNote = (input: MailTemplateInput) =>
  input.kind === 'PUBLIC_REPLY' || (input.kind === 'RESOLVED' && input.note !== null);

const mailTicketOf = (ticket: MailedTicket): MailTicket => ({
  code: formatTicketCode(ticket.number),
  subject: ticket.subject,
  placeAndWhat: ticket.placeAndWhat,
  recipientName: ticket.contact?.name ?? ticket.customer?.name ?? null,
});

interface MailThread {
  /** Message-IDs, oldest first: the customer's message that opened the ticket (if by mail) or else our first. */
  messageIds: string[];
  /** Who sent the message that opened the ticket, when it came by mail. */
  openingSender: string | null;
}

/**
 * Who the customer is, by mail: the ticket's contact (their own address, else their portal login's), else the
 * organisation's address, else whoever sent the message that opened the ticket.
 */
function recipientOf(ticket: MailedTicket, thread: MailThread): string | null {
  const known = ticket.contact?.email ?? ticket.contact?.user?.email ?? ticket.customer?.email;
  if (known?.trim()) return known.trim();
  return thread.openingSender?.trim() || null;
}

/**
 * The thread each ticket's mails belong to: the customer's message that opened the ticket (when it came by mail)
 * or else our first mail, then every later message of the ticket either way. New mails reply to the first one and
 * reference the chain.
 */
async function threadsOf(tx: Tx, ticketIds: readonly string[]): Promise<Map<string, MailThread>> {
  // One query after the other: a transaction is one connection.
  const inbound = await tx.inboundMail.findMany({
    where: { ticketId: { in: [...ticketIds] }, outcome: { in: ['TICKET_CREATED', 'NOTE_ADDED'] } },
    select: { ticketId: true, messageId: true, fromAddress: true, receivedAt: true, outcome: true },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
  });
  const outbound = await tx.outboundMail.findMany({
    where: { ticketId: { in: [...ticketIds] } },
    select: { ticketId: true, messageId: true, createdAt: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return new Map(
    ticketIds.map((ticketId) => {
      const received = inbound.filter((mail) => mail.ticketId === ticketId);
      const opening = received.find((mail) => mail.outcome === 'TICKET_CREATED');
      const rest = [
        ...received.filter((mail) => mail !== opening).map((mail) => ({ id: mail.messageId, at: mail.receivedAt })),
        ...outbound
          .filter((mail) => mail.ticketId === ticketId)
          .map((mail) => ({ id: mail.messageId, at: mail.createdAt })),
      ].sort((a, b) => a.at.getTime() - b.at.getTime());
      const ids = [opening?.messageId, ...rest.map((message) => message.id)]
        .map(normalizeMessageId)
        .filter((id): id is string => id !== null);
      const sender = received.find((mail) => mail.outcome === 'TICKET_CREATED' && mail.fromAddress !== null);
      return [ticketId, { messageIds: [...new Set(ids)], openingSender: sender?.fromAddress ?? null }];
    }),
  );
}

/** What one timeline entry mails (nothing, one mail, or a closure notice and the survey). */
async function mailsFor(
  tx: Tx,
  ticket: MailedTicket,
  mailTicket: MailTicket,
  policy: StoredPolicy | null,
  event: TicketEvent,
  now: Date,
): Promise<MailTemplateInput[]> {
  const data = dataOf(event);
  const survey = async (): Promise<MailTemplateInput[]> =>
    ticket.rating
      ? [] // already rated: nothing to ask
      : [
          {
            kind: 'SURVEY',
            ticket: mailTicket,
            surveyUrl: await surveyLink(ticket.id, now, tx),
            validUntil: new Date(now.getTime() + (await surveyValidDays(tx)) * DAY_MS),
          },
        ];
  switch (event.type) {
    case 'CREATED': {
      if (event.toValue === 'DONE') {
        const resolved: MailTemplateInput = {
          kind: 'RESOLVED',
          ticket: mailTicket,
          solution: ticket.solution ?? '',
          note: null,
          solvedDuringCall: data.solvedDuringCall === true,
        };
        return [resolved, ...(await survey())];
      }
      return [{ kind: 'TICKET_CREATED', ticket: mailTicket, expected: expectedTimes(ticket, policy, now) }];
    }
    case 'NOTE_ADDED': {
      const note = await staffPublicNote(tx, data.noteId, data);
      return note ? [{ kind: 'PUBLIC_REPLY', ticket: mailTicket, body: note.body, authorName: note.authorName }] : [];
    }
    case 'STATUS_CHANGED': {
      const note = data.noteVisibility === 'PUBLIC' ? await staffPublicNote(tx, data.noteId, data) : null;
      if (event.toValue === 'DONE') {
        const resolved: MailTemplateInput = {
          kind: 'RESOLVED',
          ticket: mailTicket,
          solution: ticket.solution ?? '',
          note: note?.body ?? null,
          solvedDuringCall: false,
        };
        return [resolved, ...(await survey())];
      }
      return note ? [{ kind: 'PUBLIC_REPLY', ticket: mailTicket, body: note.body, authorName: note.authorName }] : [];
    }
    case 'AUTO_CLOSE_WARNING': {
      const planned = data.closesAt ? new Date(data.closesAt).getTime() : NaN;
      if (Number.isNaN(planned)) return [];
      // As the engine does: the customer always gets a day's notice, even when the warning went out late.
      const closesAt = new Date(Math.max(planned, event.createdAt.getTime() + DAY_MS));
      return [{ kind: 'AUTO_CLOSE_WARNING', ticket: mailTicket, closesAt, days: data.days ?? 0 }];
    }
    case 'AUTO_CLOSED':
      return [{ kind: 'AUTO_CLOSED', ticket: mailTicket, days: data.days ?? 0 }, ...(await survey())];
    default:
      return [];
  }
}

/** The note, when it is PUBLIC and was written by staff in the product (not by a customer, the system or by mail). */
async function staffPublicNote(tx: Tx, noteId: string | undefined, data: EventData) {
  if (!noteId || data.inboundMailId) return null;
  const note = await tx.note.findUnique({
    where: { id: noteId },
    select: { body: true, visibility: true, author: { select: { name: true, role: true } } },
  });
  if (!note || note.visibility !== 'PUBLIC' || !note.author || note.author.role === 'CUSTOMER') return null;
  if (await tx.inboundMail.findFirst({ where: { noteId }, select: { id: true } })) return null;
  return { body: note.body, authorName: note.author.name };
}

/**
 * The deadlines of the targets still running at creation (a call answered on the spot met the first response): the
 * clock reads the history up to `now` (the creation's instant) only, whatever happened before the mail was written.
 */
function expectedTimes(ticket: MailedTicket, policy: StoredPolicy | null, now: Date): ExpectedTimes | null {
  if (!policy) return null;
  const sla = slaOf(loadedTicketOf(ticket), [policy], now);
  if (!sla) return null;
  const due = (status: SlaTargetStatus | null) =>
    status && (status.state === 'RUNNING' || status.state === 'AT_RISK') ? status.dueAt : null;
  const expected = { firstResponseBy: due(sla.status.firstResponse), resolutionBy: due(sla.status.resolution) };
  return expected.firstResponseBy || expected.resolutionBy ? expected : null;
}
