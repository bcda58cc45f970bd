/**
 * The loop every worker of an API instance runs: one pass now, the next `intervalMs` after it ends (or at once when
 * woken), until stopped. A failed pass is reported (unless the loop is stopping) and the loop goes on: what is due
 * is always read back from the database, so nothing is lost by a pass that failed or by stopping.
 */
export function startLoop<T>(
  pass: () => Promise<T>,
  options: { intervalMs: number; onError: (error: unknown) => void },
) {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let woken = false;

  const tick = (): Promise<T | undefined> =>
    pass().catch((error: unknown) => {
      if (!stopped) options.onError(error);
      return undefined;
    });
  function loop() {
    if (stopped) return;
    timer = null;
    woken = false;
    running = tick().finally(() => {
      if (stopped) return;
      if (woken) loop();
      else timer = setTimeout(loop, options.intervalMs);
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
    /** Runs the next pass now, or right after the current one: there is new work (many calls make one pass). */
    wake() {
      if (stopped) return;
      if (timer) {
        clearTimeout(timer);
        loop();
      } else woken = true;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
