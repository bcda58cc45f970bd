import type { Database } from '@sportello/db';
import { db as sharedDb } from '@sportello/schema/db';
import {
  OUTBOX_BATCH,
  onPendingMails,
  writePendingMails,
  type OutboxWrite,
} from '@sportello/schema/domain/mail/outbox';
import { startLoop } from './loop.ts';

export interface OutboxWriterOptions {
  /** Defaults to the API's client. */
  db?: Database;
  /** Without a wake-up, how often to look for entries (other instances' changes, entries put back): 2 s. */
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

function logFailures(run: OutboxWrite) {
  for (const failure of run.failed) {
    console.error(
      `outbox writer: the mails of timeline entry ${failure.eventId} failed, retrying in a minute`,
      failure.error,
    );
  }
}

/**
 * The outbox writer of one API instance (see domain/mail/outbox.ts): woken by every change of this process that
 * marked mails, and every `intervalMs` anyway; each pass writes what is pending, 50 entries per transaction, until
 * none is left. Any number of instances may run it; each entry is taken by one of them. It runs whether or not
 * mail is sent (SMTP_URL): the outbox keeps the mails until it is.
 */
export function startOutboxWriter(options: OutboxWriterOptions = {}) {
  const client = options.db ?? sharedDb;
  const loop = startLoop(
    async () => {
      let run: OutboxWrite;
      do {
        run = await writePendingMails(client);
        logFailures(run);
      } while (run.events >= OUTBOX_BATCH);
    },
    {
      intervalMs: options.intervalMs ?? 2000,
      onError: options.onError ?? ((error: unknown) => console.error('outbox writer:', error)),
    },
  );
  const stopListening = onPendingMails(() => loop.wake());
  return {
    runOnce: loop.runOnce,
    async stop() {
      stopListening();
      await loop.stop();
    },
  };
}

export type OutboxWriter = ReturnType<typeof startOutboxWriter>;
