/**
 * Runs `task` after `trigger()`, never twice at once, and starts it again only `intervalMs` after the previous
 * run ended (so what the task sends goes out at most once per interval, however long it takes). Triggers that
 * arrive while the task waits or runs are coalesced into one more run. `task` errors go to `onError`; `stop()`
 * cancels what is pending.
 */
export function coalescingThrottle(
  task: () => Promise<void>,
  intervalMs: number,
  onError: (error: unknown) => void = () => {},
) {
  let lastEnd = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let pending = false;
  let stopped = false;

  function schedule() {
    if (stopped || timer || running) return;
    timer = setTimeout(run, Math.max(0, lastEnd + intervalMs - Date.now()));
  }

  async function run() {
    timer = undefined;
    if (stopped) return;
    pending = false;
    running = true;
    try {
      await task();
    } catch (error) {
      onError(error);
    } finally {
      running = false;
      lastEnd = Date.now();
    }
    if (pending) schedule();
  }

  return {
    /** Something changed: run the task again, as soon as the interval allows (at once the first time). */
    trigger() {
      pending = true;
      schedule();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
