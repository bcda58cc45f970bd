import type { Database } from '@sportello/db';
import { db as sharedDb } from '@sportello/schema/db';
import { runAutomationOnce, scheduleUnscheduledTickets } from '@sportello/schema/domain/automation/engine';
import { deleteUnattachedFiles } from '@sportello/schema/domain/storage';
import { startLoop } from './loop.ts';

export interface AutomationWorkerOptions {
  /** Defaults to the API's client. */
  db?: Database;
  /** The clock; tests move it through days. */
  now?: () => Date;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

const HOUR = 60 * 60 * 1000;

/**
 * The automation loop of one API instance: every `intervalMs` (1 s) it claims the due work in PostgreSQL and does
 * it (see domain/automation/engine.ts), and once an hour it deletes the stored files that no attachment names. Any
 * number of instances may run it at once; stopping one loses nothing, since what is due is always read back from
 * the database.
 */
export function startAutomationWorker(options: AutomationWorkerOptions = {}) {
  const client = options.db ?? sharedDb;
  const now = options.now ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 1000;
  const onError = options.onError ?? ((error: unknown) => console.error('automation worker:', error));
  let scheduledOnce = false;
  let filesSweptAt = Number.NEGATIVE_INFINITY;

  return startLoop(
    async () => {
      if (!scheduledOnce) {
        await scheduleUnscheduledTickets(client, now());
        scheduledOnce = true;
      }
      await runAutomationOnce(client, now());
      // Once an hour is enough for the files of requests killed halfway, and keeps the sweep's scan rare.
      const sweepAt = now();
      if (sweepAt.getTime() - filesSweptAt >= HOUR) {
        await deleteUnattachedFiles(client, sweepAt);
        filesSweptAt = sweepAt.getTime();
      }
    },
    { intervalMs, onError },
  );
}

export type AutomationWorker = ReturnType<typeof startAutomationWorker>;
