import pg from 'pg';
import type { Mailbox } from '@sportello/db';
import { db } from '@sportello/schema/db';
import { pollMailbox, type PollResult } from '@sportello/schema/domain/mail/imap';
import { startLoop } from './loop.ts';

export interface MailInboundWorkerOptions {
  /** The database whose mailboxes to poll; defaults to DATABASE_URL (the API's). */
  databaseUrl?: string;
  /** Pause between two rounds over the mailboxes (SPORTELLO_MAIL_INBOUND_INTERVAL_MS, default one minute). */
  intervalMs?: number;
  /** Messages read per poll before the next mailbox gets its turn. */
  batchSize?: number;
  /** Milliseconds to connect to an IMAP server and to wait for its answers. */
  timeoutMs?: number;
  onError?: (error: unknown) => void;
}

export interface MailboxPoll {
  mailboxId: string;
  /** False when another instance was polling the mailbox. */
  polled: boolean;
  result?: PollResult;
  error?: string;
}

/**
 * Polls every active mailbox, one instance at a time per mailbox: the poll holds a session-level advisory lock
 * named after the mailbox, on a connection of its own. Unlike a row lock it holds no transaction open while the IMAP
 * server answers (the embedded database runs one transaction at a time), and PostgreSQL releases it when the
 * connection drops, so a crashed instance never leaves a mailbox locked. The mailbox row is read after the lock is
 * taken, so each poll resumes where the previous one (of any instance) stopped.
 */
export async function pollMailboxesOnce(options: MailInboundWorkerOptions = {}): Promise<MailboxPoll[]> {
  const mailboxes = await db.mailbox.findMany({
    where: { active: true },
    select: { id: true },
    orderBy: { name: 'asc' },
  });
  if (mailboxes.length === 0) return [];
  const lockConnection = new pg.Client({ connectionString: options.databaseUrl ?? process.env.DATABASE_URL });
  lockConnection.on('error', () => undefined); // a lost connection fails the next query, which reports it
  await lockConnection.connect();
  const polls: MailboxPoll[] = [];
  try {
    for (const { id } of mailboxes) {
      const { rows } = await lockConnection.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtext('sportello.mailbox'), hashtext($1)) AS locked`,
        [id],
      );
      if (!rows[0]?.locked) {
        polls.push({ mailboxId: id, polled: false });
        continue;
      }
      try {
        polls.push(await pollLocked(id, options));
      } finally {
        await lockConnection.query(`SELECT pg_advisory_unlock(hashtext('sportello.mailbox'), hashtext($1))`, [id]);
      }
    }
  } finally {
    await lockConnection.end().catch(() => undefined);
  }
  return polls;
}

async function pollLocked(mailboxId: string, options: MailInboundWorkerOptions): Promise<MailboxPoll> {
  let result: PollResult | undefined;
  let mailbox: Mailbox | null = null;
  try {
    // A full batch means more mail is waiting: read on while holding the lock (bounded, so one flood cannot starve
    // the other mailboxes for long).
    for (let round = 0; round < 10; round++) {
      mailbox = await db.mailbox.findUnique({ where: { id: mailboxId } });
      if (!mailbox?.active) return { mailboxId, polled: false };
      result = await pollMailbox(mailbox, { batchSize: options.batchSize, timeoutMs: options.timeoutMs });
      if (!result.more) break;
    }
    await db.mailbox.update({ where: { id: mailboxId }, data: { lastPolledAt: new Date(), lastError: null } });
    return { mailboxId, polled: true, result };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const detail = (error as { responseText?: string }).responseText;
    await db.mailbox.updateMany({
      where: { id: mailboxId },
      data: { lastPolledAt: new Date(), lastError: detail ? `${message}: ${detail}` : message },
    });
    return { mailboxId, polled: true, result, error: message };
  }
}

/**
 * The inbound mail loop of one API instance: every `intervalMs` it polls the active mailboxes (see
 * pollMailboxesOnce). Any number of instances may run it; each mailbox is read by one of them at a time.
 */
export function startMailInboundWorker(options: MailInboundWorkerOptions = {}) {
  const intervalMs = options.intervalMs ?? Number(process.env.SPORTELLO_MAIL_INBOUND_INTERVAL_MS ?? 60_000);
  const onError = options.onError ?? ((error: unknown) => console.error('inbound mail worker:', error));
  const loop = startLoop(() => pollMailboxesOnce(options), { intervalMs, onError });

  return {
    /** Runs one round now (after the current one), for tests. */
    runOnce: async (): Promise<MailboxPoll[]> => (await loop.runOnce()) ?? [],
    stop: loop.stop,
  };
}

export type MailInboundWorker = ReturnType<typeof startMailInboundWorker>;
