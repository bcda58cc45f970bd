/**
 * Reading an inbound message: what it is (a customer's message, or an automatic one), who sent it, which ticket it
 * names, and its text without the quoted history. Pure functions over mailparser's result, so that every rule is
 * tested without a database or a mail server.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { formatTicketCode, parseTicketCode } from '../ticket-code.ts';

export interface InboundAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface ParsedInbound {
  /** Message-ID with its angle brackets, or `sha256:<hex of the raw bytes>` when the message has none. */
  messageKey: string;
  /** Lower-cased sender address; null when the message names none (it is then recorded as FAILED). */
  fromAddress: string | null;
  fromName: string | null;
  subject: string;
  inReplyTo: string | null;
  /** Message-IDs of the thread, oldest first (References, then In-Reply-To), each with angle brackets. */
  references: string[];
  /** Plain text body (mailparser converts an HTML-only message to text). */
  text: string;
  attachments: InboundAttachment[];
  /** Why the message is an auto-reply, bounce or bulk mail, or null for a message a person wrote. */
  automatic: string | null;
}

/** The key that makes the same message delivered twice (two mailboxes, a re-run poll, a retried pipe) one row. */
export function messageKeyOf(raw: Uint8Array, messageId: string | null | undefined): string {
  const id = messageId?.trim();
  if (id && id.length <= 900) return id.startsWith('<') ? id : `<${id}>`;
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/**
 * Parses a raw RFC 822 message. Throws only when mailparser itself gives up; a message without a sender parses
 * (fromAddress null) and the caller decides what to do with it.
 */
export async function parseInboundMail(raw: Uint8Array): Promise<ParsedInbound> {
  const mail = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
    skipImageLinks: true,
    skipTextToHtml: true,
  });
  const sender = firstAddress(mail.from);
  const inReplyTo = mail.inReplyTo?.trim() || null;
  const references = [...toList(mail.references), ...(inReplyTo ? [inReplyTo] : [])].filter(
    (id, index, all) => all.indexOf(id) === index,
  );
  return {
    messageKey: messageKeyOf(raw, mail.messageId),
    fromAddress: sender?.address ?? null,
    fromName: sender?.name ?? null,
    subject: cleanText(mail.subject ?? ''),
    inReplyTo,
    references,
    text: cleanText(mail.text ?? '').trim(),
    attachments: mail.attachments.filter(isFile).map((attachment, index) => ({
      fileName: attachment.filename?.trim() || `attachment-${index + 1}`,
      contentType: attachment.contentType,
      content: attachment.content,
    })),
    automatic: automaticReason(mail, sender?.address ?? null),
  };
}

function firstAddress(from: AddressObject | undefined): { address: string; name: string | null } | null {
  for (const entry of from?.value ?? []) {
    const address = entry.address?.trim().toLowerCase();
    if (address && address.includes('@')) return { address, name: entry.name?.trim() || null };
  }
  return null;
}

const toList = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : value ? value.split(/\s+/) : []).map((id) => id.trim()).filter(Boolean);

/** Message parts that are files: attached ones, and images pasted into the message (often screenshots). */
const isFile = (attachment: Attachment) => attachment.content.length > 0 && attachment.contentType !== 'message/rfc822';

/** PostgreSQL text cannot hold NUL; Windows line ends become plain ones. */
const cleanText = (value: string) => value.replaceAll('\u0000', '').replace(/\r\n?/g, '\n');

/** Senders that only ever send bounces and delivery reports. */
const AUTOMATIC_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;

/**
 * Auto-replies (out of office, "we received your message"), bounces and bulk mail neither open tickets nor get an
 * answer: answering them is how two automatic systems end up mailing each other forever. Follows RFC 3834
 * (Auto-Submitted), RFC 3464/6522 (multipart/report delivery and read reports) and the de-facto headers of
 * common mail servers (Precedence, X-Autoreply, X-Autorespond, an empty Return-Path).
 */
export function automaticReason(mail: Pick<ParsedMail, 'headerLines'>, fromAddress: string | null): string | null {
  // The raw header lines, as sent: mailparser restructures some headers (List-*, Return-Path) on the way.
  const header = (name: string) =>
    mail.headerLines
      .filter((line) => line.key === name)
      .map((line) =>
        line.line
          .slice(line.line.indexOf(':') + 1)
          .replace(/\s+/g, ' ')
          .trim()
          .toLowerCase(),
      )[0];
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = header('precedence');
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    if (header(name) !== undefined) return `${name} header`;
  }
  if (header('list-id') !== undefined) return 'mailing list (List-Id)';
  if (header('content-type')?.startsWith('multipart/report')) return 'delivery or read report (multipart/report)';
  if (fromAddress && AUTOMATIC_SENDER.test(fromAddress)) return `automatic sender ${fromAddress}`;
  // A null reverse path (MAIL FROM:<>) is how servers send bounces.
  const returnPath = header('return-path');
  if (returnPath !== undefined && /^<?\s*>?$/.test(returnPath)) return 'empty Return-Path (bounce)';
  return null;
}

/** A ticket tag in a subject: `[HT00191]`, as our outgoing mail writes it (any case, any padding). */
const SUBJECT_TAG = /\[\s*(HT\d{1,9})\s*\]/i;

export function ticketNumberInSubject(subject: string): number | null {
  const match = SUBJECT_TAG.exec(subject);
  return match ? parseTicketCode(match[1]!) : null;
}

/** The tag our outgoing mail puts in the subject, so that replies find their ticket. */
export const subjectTag = (ticketNumber: number) => `[${formatTicketCode(ticketNumber)}]`;

/** Reply and forward prefixes of the common mail programs (English, Italian, German, French, Spanish). */
const REPLY_PREFIX = /^\s*((re|r|aw|fw|fwd|i|inoltro|wg|tr|rif|sv|vs)\s*(\[\d+\])?\s*:\s*)+/i;

/** The subject of a new ticket: without reply prefixes and our tag; "(no subject)" when nothing is left. */
export function ticketSubjectOf(subject: string): string {
  const cleaned = subject.replace(SUBJECT_TAG, ' ').replace(REPLY_PREFIX, '').replace(/\s+/g, ' ').trim();
  return (cleaned || '(senza oggetto)').slice(0, 200);
}

const ATTRIBUTION = [
  // "On Mon, 3 Mar 2026 at 10:00, Mario Rossi <mario@example.com> wrote:" and its translations.
  /^\s*(on|il|in data|am|le|el)\b.{0,300}\b(wrote|ha scritto|hat geschrieben|schrieb|a écrit|escribió)\s*:\s*$/i,
  /^\s*-{2,}\s*(original message|messaggio originale|ursprüngliche nachricht|message d'origine|mensaje original)\s*-{2,}\s*$/i,
];
/** Outlook quotes the previous message under a header block: "From: …" then "Sent: …" / "Da: …" then "Inviato: …". */
const OUTLOOK_FROM = /^\s*\*?(from|da|von|de)\s*:\*?\s+\S/i;
const OUTLOOK_SENT = /^\s*\*?(sent|date|inviato|data|gesendet|envoyé|enviado)\s*:\*?\s+\S/i;

/**
 * The new part of a reply: the text above the quoted previous message. Recognises the attribution line of the
 * common mail programs ("On … wrote:", "Il … ha scritto:"), Outlook's header block, "Original Message" separators
 * and a trailing block of `>` lines. When nothing is recognised, or nothing would be left, the whole text is kept:
 * showing too much is better than losing what the customer wrote.
 */
export function stripQuotedReply(text: string): string {
  const lines = text.split('\n');
  let cut = lines.length;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const withNext = `${line} ${lines[index + 1] ?? ''}`;
    if (ATTRIBUTION.some((pattern) => pattern.test(line))) {
      cut = index;
      break;
    }
    // Attribution lines that the mail program wrapped over two lines.
    if (!line.startsWith('>') && ATTRIBUTION[0]!.test(withNext) && (lines[index + 2] ?? '').startsWith('>')) {
      cut = index;
      break;
    }
    if (OUTLOOK_FROM.test(line) && lines.slice(index + 1, index + 4).some((next) => OUTLOOK_SENT.test(next))) {
      cut = index > 0 && /^\s*_{5,}\s*$/.test(lines[index - 1]!) ? index - 1 : index;
      break;
    }
  }
  let kept = lines.slice(0, cut);
  // A quoted block at the end, without an attribution line.
  let end = kept.length;
  while (end > 0 && (kept[end - 1]!.startsWith('>') || kept[end - 1]!.trim() === '')) end--;
  if (end < kept.length && kept.slice(end).some((line) => line.startsWith('>'))) kept = kept.slice(0, end);
  const result = kept.join('\n').trim();
  return result || text.trim();
}
