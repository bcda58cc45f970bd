/**
 * Polling one IMAP mailbox (imapflow). The folder is opened read-only (EXAMINE): nothing is flagged, moved or
 * deleted on the server, so the mail stays where the customer's mail program and the other tools expect it, and
 * nothing is ever lost there. Progress is the last UID processed (Mailbox.lastUid) under the folder's UIDVALIDITY:
 * - each message is fetched and recorded (receiveInboundMail) before lastUid moves past it, so a crash repeats at
 *   most the message in hand, which the Message-ID makes a no-op;
 * - a FAILED message is recorded too, so the poll moves past it (staff see it and can retry it);
 * - a new UIDVALIDITY (the folder was recreated, the server renumbered it) starts again from UID 1: messages
 *   already recorded are recognised by their Message-ID.
 * On the first poll of a mailbox every message already in the folder is read: point a mailbox at a folder that
 * holds support mail only.
 *
 * One instance polls a mailbox at a time: the caller holds the mailbox's lock (see apps/api/src/jobs/mail-inbound.ts).
 */
import { ImapFlow } from 'imapflow';
import type { Mailbox } from '@sportello/db';
import { db } from '../../db.ts';
import { receiveInboundMail, type InboundResult } from './inbound.ts';

export interface PollResult {
  /** Messages recorded in this poll (new, duplicate, ignored or failed). */
  processed: number;
  results: InboundResult[];
  /** More messages than `batchSize` were waiting: poll again soon. */
  more: boolean;
  uidValidity: bigint;
  lastUid: number;
}

export interface PollOptions {
  /** Messages per poll (the rest waits for the next one). */
  batchSize?: number;
  /** Milliseconds to connect and to wait for an answer. */
  timeoutMs?: number;
  now?: () => Date;
}

export type MailboxConnection = Pick<Mailbox, 'host' | 'port' | 'secure' | 'username' | 'password'>;

export function imapClient(mailbox: MailboxConnection, timeoutMs = 30_000) {
  const client = new ImapFlow({
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.secure,
    auth: { user: mailbox.username, pass: mailbox.password },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
    // A poll reads and leaves: no IDLE between commands.
    disableAutoIdle: true,
  });
  // Connection errors also reject the pending command; without a listener they would crash the process.
  client.on('error', () => undefined);
  return client;
}

/** Reads the messages that arrived since the last poll and records each one. Throws when the server cannot be read. */
export async function pollMailbox(mailbox: Mailbox, options: PollOptions = {}): Promise<PollResult> {
  const batchSize = options.batchSize ?? 100;
  const now = options.now ?? (() => new Date());
  const client = imapClient(mailbox, options.timeoutMs);
  await client.connect();
  try {
    const lock = await client.getMailboxLock(mailbox.folder, { readOnly: true });
    try {
      const opened = client.mailbox;
      if (!opened) throw new Error(`The folder ${mailbox.folder} could not be opened.`);
      const uidValidity = BigInt(opened.uidValidity);
      let lastUid = mailbox.lastUid;
      if (mailbox.uidValidity !== uidValidity) {
        // Another numbering: UIDs of the old one mean nothing now.
        lastUid = 0;
        await db.mailbox.update({ where: { id: mailbox.id }, data: { uidValidity, lastUid } });
      }
      const results: InboundResult[] = [];
      if (opened.exists === 0) return { processed: 0, results, more: false, uidValidity, lastUid };
      // "n:*" always matches the highest UID, even below n (RFC 3501): keep only the new ones.
      const found = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [];
      const uids = found.filter((uid) => uid > lastUid).sort((a, b) => a - b);
      for (const uid of uids.slice(0, batchSize)) {
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (message && message.source) {
          results.push(
            await receiveInboundMail({
              raw: message.source,
              source: mailbox.name,
              queueId: mailbox.queueId,
              now: now(),
            }),
          );
        }
        // Recorded (or expunged meanwhile): never read again under this UIDVALIDITY.
        await db.mailbox.updateMany({ where: { id: mailbox.id, uidValidity }, data: { lastUid: uid } });
        lastUid = uid;
      }
      return { processed: results.length, results, more: uids.length > batchSize, uidValidity, lastUid };
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}
