/**
 * The loop every worker of an API instance runs: one pass now, the next `intervalMs` after it ends, until stopped.
 * A failed pass is reported (unless the loop is stopping) and the loop goes on: what is due is always read back
 * from the database, so nothing is lost by a pass that failed or by stopping.
 */
export function startLoop<T>(
  pass: () => Promise<T>,
  options: { intervalMs: number; onError: (error: unknown) => void },
) {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();

  const tick = (): Promise<T | undefined> =>
    pass().catch((error: unknown) => {
      if (!stopped) options.onError(error);
      return undefined;
    });
  function loop() {
    if (stopped) return;
    running = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, options.intervalMs);
    });
  }
  loop();

  return {
    /** Runs one pass now (after the current one), for tests; undefined when it failed. */
    async runOnce(): Promise<T | undefined> {
      await running;
      const pass = tick();
      running = pass;
      return pass;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
