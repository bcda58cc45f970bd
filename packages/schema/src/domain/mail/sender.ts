/**
 * Delivers the outbox (see outbox.ts) through SMTP. Any number of workers (API instances) may run at once:
 *
 * - A mail is claimed with `FOR UPDATE SKIP LOCKED`, and the claim itself pushes its `nextAttemptAt` a lease ahead
 *   (and counts the attempt, clearing the previous error) in the same statement, so no other worker picks it up
 *   while it is being sent, and no database connection is held while the SMTP server takes its time. A PENDING
 *   mail with attempts but no error is therefore being sent right now.
 * - Sent: the row becomes SENT and a MAIL_SENT entry (internal) goes on the ticket's timeline, once (dedupeKey).
 * - Failed: the row stays PENDING with the error and the next attempt after an exponential back-off (30 s doubling
 *   up to 1 h). It is never dropped: it is retried until a server takes it, and staff see attempts and error.
 *
 * Delivery is AT LEAST ONCE, by choice. If the process dies after the SMTP server accepted a mail but before the
 * row was marked SENT, the lease runs out and the mail is sent again, with the same Message-ID, which lets the
 * receiving side recognise the duplicate. The alternative (marking before sending, at most once) could lose a mail
 * silently, which is worse for a confirmation or a resolution notice than a rare duplicate.
 */
import type { OutboundMail, PrismaClient } from '@sportello/db';
import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import { pubsub } from '../../pubsub.ts';
import { fileStorage } from '../storage.ts';
import { mailSender } from './addresses.ts';

/** What the worker needs of a nodemailer transport (a real one in production and in tests). */
export interface MailTransport {
  sendMail(message: SendMailOptions): Promise<unknown>;
}

export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 3_600_000;
/** How long a claimed mail is left to its worker: well beyond the SMTP timeouts below. */
export const SEND_LEASE_MS = 10 * 60_000;

/** The transport for `SMTP_URL` (smtp://user:pass@host:587, smtps://…), with timeouts well within the lease. */
export function createSmtpTransport(url: string): MailTransport & { close(): void } {
  return nodemailer.createTransport({
    url,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
}

/** Wait before attempt `attempts + 1`, after `attempts` failed ones: 30 s, 1 min, 2 min, … at most 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
}

const timestamp = (date: Date) => date.toISOString();

/** Claims the most overdue PENDING mail, if any, for SEND_LEASE_MS. */
async function claimNext(client: PrismaClient, now: Date): Promise<OutboundMail | null> {
  const [claimed] = await client.$queryRaw<Array<{ id: string }>>`
    UPDATE "OutboundMail" SET "attempts" = "attempts" + 1, "lastError" = NULL,
      "nextAttemptAt" = ${timestamp(new Date(now.getTime() + SEND_LEASE_MS))}::timestamp(3)
    WHERE "id" = (
      SELECT "id" FROM "OutboundMail"
      WHERE "status" = 'PENDING' AND "nextAttemptAt" <= ${timestamp(now)}::timestamp(3)
      ORDER BY "nextAttemptAt", "id" LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING "id"`;
  return claimed ? client.outboundMail.findUnique({ where: { id: claimed.id } }) : null;
}

/**
 * Automatic mails say so (RFC 3834), so that auto-responders and ticket systems on the other side do not answer
 * them; Exchange is asked not to send its out-of-office replies. A staff reply is a person writing: no such header.
 */
function automaticHeaders(mail: Pick<OutboundMail, 'kind' | 'inReplyTo'>): Record<string, string> {
  if (mail.kind === 'PUBLIC_REPLY') return {};
  const autoReply = mail.kind === 'TICKET_CREATED' && mail.inReplyTo !== null;
  return { 'Auto-Submitted': autoReply ? 'auto-replied' : 'auto-generated', 'X-Auto-Response-Suppress': 'All' };
}

/**
 * The files of the note the mail carries (see outbox.ts), streamed from the file storage while the message is sent.
 * A file missing from the storage fails the attempt, which is retried like any other failure: the mail is never
 * sent without the files its text speaks of, and staff see why it waits.
 */
async function attachmentsOf(
  client: PrismaClient,
  mail: OutboundMail,
): Promise<NonNullable<SendMailOptions['attachments']>> {
  if (!mail.noteId) return [];
  const files = await client.attachment.findMany({
    where: { noteId: mail.noteId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { fileName: true, contentType: true, storageKey: true },
  });
  return files.map((file) => ({
    filename: file.fileName,
    contentType: file.contentType,
    content: fileStorage.read(file.storageKey),
  }));
}

async function messageOf(client: PrismaClient, mail: OutboundMail): Promise<SendMailOptions> {
  return {
    from: mailSender(),
    to: mail.toAddress,
    subject: mail.subject,
    text: mail.textBody,
    html: mail.htmlBody,
    messageId: mail.messageId,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references ? { references: mail.references.split(/\s+/) } : {}),
    headers: automaticHeaders(mail),
    attachments: await attachmentsOf(client, mail),
  };
}

export interface SendFailure {
  id: string;
  toAddress: string;
  attempts: number;
  error: string;
  nextAttemptAt: Date;
}

export interface SendRun {
  sent: string[];
  failed: SendFailure[];
}

const describeError = (error: unknown) =>
  (error instanceof Error ? `${error.message}${'code' in error ? ` (${String(error.code)})` : ''}` : String(error))
    .replaceAll('\u0000', '')
    .slice(0, 2000);

/** One pass: sends every mail due at `now` (at most `limit`), one at a time. */
export async function sendDueMails(
  client: PrismaClient,
  transport: MailTransport,
  now: Date,
  limit = 20,
): Promise<SendRun> {
  const run: SendRun = { sent: [], failed: [] };
  for (let i = 0; i < limit; i++) {
    const mail = await claimNext(client, now);
    if (!mail) break;
    try {
      await transport.sendMail(await messageOf(client, mail));
    } catch (error) {
      const failure: SendFailure = {
        id: mail.id,
        toAddress: mail.toAddress,
        attempts: mail.attempts,
        error: describeError(error),
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(mail.attempts)),
      };
      await client.outboundMail.updateMany({
        where: { id: mail.id, status: 'PENDING' },
        data: { lastError: failure.error, nextAttemptAt: failure.nextAttemptAt },
      });
      run.failed.push(failure);
      continue;
    }
    await markSent(client, mail, now);
    run.sent.push(mail.id);
  }
  return run;
}

/** Records the delivery and puts it on the ticket's timeline, then tells the subscribers. */
async function markSent(client: PrismaClient, mail: OutboundMail, now: Date) {
  const recorded = await client.$transaction(async (tx) => {
    const { count } = await tx.outboundMail.updateMany({
      where: { id: mail.id, status: 'PENDING' },
      data: { status: 'SENT', sentAt: now, lastError: null },
    });
    if (count === 0 || !mail.ticketId) return null; // another worker got there first (a lease ran out)
    const ticket = await tx.ticket.findUnique({
      where: { id: mail.ticketId },
      select: { id: true, queueId: true, customerId: true },
    });
    if (!ticket) return null;
    const event = await tx.ticketEvent.create({
      data: {
        ticketId: ticket.id,
        type: 'MAIL_SENT',
        internal: true,
        data: { outboundMailId: mail.id, kind: mail.kind, to: mail.toAddress },
        dedupeKey: `mail:${mail.id}:sent`,
        createdAt: now,
      },
    });
    return { ticket, event };
  });
  if (recorded) {
    pubsub.publish('ticketEvent', {
      eventId: recorded.event.id,
      ticketId: recorded.ticket.id,
      queueId: recorded.ticket.queueId,
      customerId: recorded.ticket.customerId,
      type: recorded.event.type,
      internal: recorded.event.internal,
    });
  }
}

export type RetryOutcome = 'RETRIED' | 'NOT_FOUND' | 'ALREADY_SENT' | 'BEING_SENT';

/**
 * Makes a failed (or never tried) PENDING mail due now: an admin's "retry now". A mail some worker is sending at
 * this moment is left alone, else a second worker could send it at the same time.
 */
export async function retryMailNow(client: PrismaClient, mailId: string, now: Date): Promise<RetryOutcome> {
  const { count } = await client.outboundMail.updateMany({
    where: { id: mailId, status: 'PENDING', OR: [{ attempts: 0 }, { lastError: { not: null } }] },
    data: { nextAttemptAt: now },
  });
  if (count > 0) return 'RETRIED';
  const mail = await client.outboundMail.findUnique({ where: { id: mailId }, select: { status: true } });
  if (!mail) return 'NOT_FOUND';
  return mail.status === 'SENT' ? 'ALREADY_SENT' : 'BEING_SENT';
}
