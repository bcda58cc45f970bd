/**
 * The outbox: which mails a committed change sends to the customer, written in the SAME transaction as the change,
 * so that a change is never committed without its mail and a rolled-back change never mails anything. The worker
 * (sender.ts) delivers them later, retrying until the SMTP server takes them.
 *
 * What is mailed, decided from the change's timeline entries:
 * - CREATED: the confirmation with the code and the expected times; a ticket created already DONE (solved during
 *   the call) gets the resolution notice instead, and the survey;
 * - a PUBLIC note written by staff (NOTE_ADDED, or the note of a status change): a reply with the note. Never notes
 *   of customers, of the system, or notes that came in by mail (the customer wrote them);
 * - STATUS_CHANGED to DONE: the resolution notice with the documented solution, and the survey;
 * - AUTO_CLOSE_WARNING and AUTO_CLOSED (the automation worker): the warning, the closure notice and the survey.
 *
 * Each mail's `dedupeKey` is `${eventId}:${kind}`: an entry is never mailed twice, whoever calls this again.
 */
import type { Locale, OutboundMail, OutboundMailKind, Prisma, Ticket, TicketEvent } from '@sportello/db';
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
 * Writes to the outbox the mails that `events` (just recorded on `ticket`, in this transaction) send to the
 * customer. Returns the rows written; none when the ticket has nobody to write to.
 */
export async function enqueueMailsForEvents(
  tx: Tx,
  ticket: Pick<Ticket, 'id'>,
  events: readonly TicketEvent[],
  now: Date,
): Promise<OutboundMail[]> {
  const candidates = events.filter((event) => event.ticketId === ticket.id && mayMail(event));
  if (candidates.length === 0) return [];
  const stored = await tx.ticket.findUnique({ where: { id: ticket.id }, include: ticketInclude });
  if (!stored) return [];
  const recipient = await recipientOf(tx, stored);
  if (!recipient) return [];

  const policy = matchPolicy(await loadPolicies(tx), stored);
  const mailTicket: MailTicket = {
    code: formatTicketCode(stored.number),
    subject: stored.subject,
    placeAndWhat: stored.placeAndWhat,
    recipientName: stored.contact?.name ?? stored.customer?.name ?? null,
  };
  const planned: Array<{ event: TicketEvent; input: MailTemplateInput }> = [];
  for (const event of candidates) {
    for (const input of await mailsFor(tx, stored, mailTicket, policy, event, now)) planned.push({ event, input });
  }
  if (planned.length === 0) return [];

  const keys = planned.map(({ event, input }) => dedupeKey(event.id, input.kind));
  const already = new Set(
    (await tx.outboundMail.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map(
      (mail) => mail.dedupeKey,
    ),
  );
  const thread = await threadOf(tx, stored.id);
  const locale: Locale = stored.contact?.locale ?? 'IT';
  const timeZone = policy ? calendarOf(policy).config.timeZone : DEFAULT_TIME_ZONE;
  const written: OutboundMail[] = [];
  for (const { event, input } of planned) {
    const key = dedupeKey(event.id, input.kind);
    if (already.has(key)) continue;
    const rendered = renderMail(input, locale, timeZone);
    const messageId = newMessageId();
    const references = thread.length ? [thread[0]!, ...thread.slice(1).slice(-(MAX_REFERENCES - 1))] : [];
    written.push(
      await tx.outboundMail.create({
        data: {
          ticketId: stored.id,
          kind: input.kind,
          toAddress: recipient,
          locale,
          subject: rendered.subject,
          textBody: rendered.text,
          htmlBody: rendered.html,
          messageId,
          inReplyTo: thread[0] ?? null,
          references: references.length ? references.join(' ') : null,
          nextAttemptAt: now,
          dedupeKey: key,
          createdAt: now,
        },
      }),
    );
    thread.push(messageId);
  }
  return written;
}

export const dedupeKey = (eventId: string, kind: OutboundMailKind) => `${eventId}:${kind}`;

/**
 * Who the customer is, by mail: the ticket's contact (their own address, else their portal login's), else the
 * organisation's address, else whoever sent the message that opened the ticket.
 */
async function recipientOf(tx: Tx, ticket: MailedTicket): Promise<string | null> {
  const known = ticket.contact?.email ?? ticket.contact?.user?.email ?? ticket.customer?.email;
  if (known?.trim()) return known.trim();
  const opening = await tx.inboundMail.findFirst({
    where: { ticketId: ticket.id, outcome: 'TICKET_CREATED', fromAddress: { not: null } },
    orderBy: { receivedAt: 'asc' },
    select: { fromAddress: true },
  });
  return opening?.fromAddress?.trim() || null;
}

/**
 * The thread the ticket's mails belong to, oldest first: the customer's message that opened the ticket (when it
 * came by mail) or else our first mail, then every later message of the ticket either way. New mails reply to the
 * first one and reference the chain.
 */
async function threadOf(tx: Tx, ticketId: string): Promise<string[]> {
  // One query after the other: a transaction is one connection.
  const inbound = await tx.inboundMail.findMany({
    where: { ticketId, outcome: { in: ['TICKET_CREATED', 'NOTE_ADDED'] } },
    select: { messageId: true, receivedAt: true, outcome: true },
    orderBy: { receivedAt: 'asc' },
  });
  const outbound = await tx.outboundMail.findMany({
    where: { ticketId },
    select: { messageId: true, createdAt: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const opening = inbound.find((mail) => mail.outcome === 'TICKET_CREATED');
  const rest = [
    ...inbound.filter((mail) => mail !== opening).map((mail) => ({ id: mail.messageId, at: mail.receivedAt })),
    ...outbound.map((mail) => ({ id: mail.messageId, at: mail.createdAt })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const ids = [opening?.messageId, ...rest.map((message) => message.id)]
    .map(normalizeMessageId)
    .filter((id): id is string => id !== null);
  return [...new Set(ids)];
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

/** The deadlines of the targets still running at creation (a call answered on the spot met the first response). */
function expectedTimes(ticket: MailedTicket, policy: StoredPolicy | null, now: Date): ExpectedTimes | null {
  if (!policy) return null;
  const sla = slaOf(loadedTicketOf(ticket), [policy], now);
  if (!sla) return null;
  const due = (status: SlaTargetStatus | null) =>
    status && (status.state === 'RUNNING' || status.state === 'AT_RISK') ? status.dueAt : null;
  const expected = { firstResponseBy: due(sla.status.firstResponse), resolutionBy: due(sla.status.resolution) };
  return expected.firstResponseBy || expected.resolutionBy ? expected : null;
}
