import type { Database } from '@sportello/db';
import { db as sharedDb } from '@sportello/schema/db';
import {
  createSmtpTransport,
  sendDueMails,
  type MailTransport,
  type SendRun,
} from '@sportello/schema/domain/mail/sender';
import { startLoop } from './loop.ts';

export interface MailOutboundWorkerOptions {
  /** Defaults to the API's client. */
  db?: Database;
  /** Defaults to an SMTP transport for `SMTP_URL`. */
  transport?: MailTransport;
  /** The clock; tests move it past the back-off. */
  now?: () => Date;
  intervalMs?: number;
  onError?: (error: unknown) => void;
  /** Told of every pass that sent or failed something (the log by default). */
  onRun?: (run: SendRun) => void;
}

/** Where mails go, for the log: host and port only, never the credentials of the URL. */
function smtpHost(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return '(an unreadable SMTP_URL)';
  }
}

function logRun(run: SendRun) {
  if (run.sent.length) console.log(`outbound mail: ${run.sent.length} sent`);
  for (const failure of run.failed) {
    console.warn(
      `outbound mail: ${failure.id} to ${failure.toAddress} failed (attempt ${failure.attempts}), ` +
        `next attempt at ${failure.nextAttemptAt.toISOString()}: ${failure.error}`,
    );
  }
}

/**
 * The outbox loop of one API instance: every `intervalMs` (2 s) it sends the mails that are due (see
 * domain/mail/sender.ts). Any number of instances may run it; each mail is claimed by one of them. Without
 * `SMTP_URL` (and no transport given) it does not start: mails wait in the outbox, PENDING, until it does.
 */
export function startMailOutboundWorker(options: MailOutboundWorkerOptions = {}) {
  const smtpUrl = process.env.SMTP_URL?.trim();
  if (!options.transport && !smtpUrl) {
    console.log('Outbound mail is off: SMTP_URL is not set, so mails wait in the outbox (PENDING) until it is.');
    return null;
  }
  const smtp = options.transport ? null : createSmtpTransport(smtpUrl!);
  if (smtp) console.log(`Outbound mail through the SMTP server at ${smtpHost(smtpUrl!)}.`);
  const transport = options.transport ?? smtp!;
  const client = options.db ?? sharedDb;
  const now = options.now ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 2000;
  const onError = options.onError ?? ((error: unknown) => console.error('outbound mail worker:', error));
  const onRun = options.onRun ?? logRun;
  const loop = startLoop(
    async () => {
      const run = await sendDueMails(client, transport, now());
      if (run.sent.length || run.failed.length) onRun(run);
    },
    { intervalMs, onError },
  );

  return {
    runOnce: loop.runOnce,
    async stop() {
      await loop.stop();
      smtp?.close();
    },
  };
}

export type MailOutboundWorker = NonNullable<ReturnType<typeof startMailOutboundWorker>>;
