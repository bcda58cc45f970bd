import type { Database } from '@sportello/db';
import { db as sharedDb } from '@sportello/schema/db';
import { runAutomationOnce, scheduleUnscheduledTickets } from '@sportello/schema/domain/automation/engine';

export interface AutomationWorkerOptions {
  /** Defaults to the API's client. */
  db?: Database;
  /** The clock; tests move it through days. */
  now?: () => Date;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * The automation loop of one API instance: every `intervalMs` (1 s) it claims the due work in PostgreSQL and does
 * it (see domain/automation/engine.ts). Any number of instances may run it at once; stopping one loses nothing,
 * since what is due is always read back from the database.
 */
export function startAutomationWorker(options: AutomationWorkerOptions = {}) {
  const client = options.db ?? sharedDb;
  const now = options.now ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 1000;
  const onError = options.onError ?? ((error: unknown) => console.error('automation worker:', error));
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let scheduledOnce = false;

  async function tick() {
    try {
      if (!scheduledOnce) {
        await scheduleUnscheduledTickets(client, now());
        scheduledOnce = true;
      }
      await runAutomationOnce(client, now());
    } catch (error) {
      if (!stopped) onError(error);
    }
  }
  function loop() {
    if (stopped) return;
    running = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  }
  loop();

  return {
    /** Runs one pass now (after the current one), for tests. */
    async runOnce() {
      await running;
      running = tick();
      await running;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type AutomationWorker = ReturnType<typeof startAutomationWorker>;
